import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERY_LIMITS } from '../../src/limits.js';
import { startTestApp, type TestApp } from '../utils/app.js';

describe('query limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const expectRejectedWithoutVendorCalls = async (query: string, message: RegExp) => {
    for (const sim of app.simulators) sim.server.resetStats();
    const { status, errors } = await app.graphql(query);
    expect(status).toBe(400);
    expect(errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toMatch(message);
    for (const sim of app.simulators) expect(sim.server.stats().total).toBe(0);
  };

  it('rejects a depth-20 query before any vendor call', async () => {
    let selection = 'id';
    for (let i = 0; i < 9; i++) selection = `leases { unit { ${selection} } }`;
    await expectRejectedWithoutVendorCalls(`{ units(first: 1) { edges { node { ${selection} } } } }`, /depth/i);
  });

  it('rejects too many aliases before any vendor call', async () => {
    const aliases = Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: vendors { vendor }`).join(' ');
    await expectRejectedWithoutVendorCalls(`{ ${aliases} }`, /alias/i);
  });

  it('rejects a query whose lists could return too much, counting `first`', async () => {
    await expectRejectedWithoutVendorCalls(
      '{ units(first: 500) { edges { node { leases { tenants { leases { tenants { name } } } } } } } }',
      /query cost \d+ exceeds the limit of 250000/,
    );
  });

  it('accepts the reference page of 100 units with leases and tenants', async () => {
    const { status, errors } = await app.graphql('{ units(first: 100) { edges { node { id leases { status tenants { name email } } } } } }');
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
  });
});
