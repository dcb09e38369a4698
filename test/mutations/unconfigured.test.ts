import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../utils/app.js';
import { onlyError } from './support.js';

describe('mutations on a gateway without the vendor', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { RENTGRAPH_SIMULATORS: 'off' } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers FORBIDDEN naming the vendor that is not configured', async () => {
    const rentengine = onlyError(await app.graphql('mutation { createLockboxes(input: { serialNumbers: ["1"], accountId: "3f2b8c1e-9a4d-4c6e-8b1a-2d5e7f9a0c3b" }) { id } }'));
    expect(rentengine.extensions.code).toBe('FORBIDDEN');
    expect(rentengine.message).toMatch(/^RentEngine is not configured on this gateway .*createLockboxes/);
    const leasey = onlyError(await app.graphql('mutation { createListing(input: { name: "x", line1: "1 A St", city: "c", region: "r", country: "CA" }) { id } }'));
    expect(leasey.extensions.code).toBe('FORBIDDEN');
    expect(leasey.message).toMatch(/^Leasey is not configured/);
  });
});
