import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../utils/app.js';

/**
 * A restart on a store that holds a completed sync serves what it served before at once,
 * from the store, before any sync of its own and whatever its vendors do.
 */

const PAGE = `{ units(first: 30) { totalCount edges { node {
  id address { formatted } bedrooms sources { vendor externalId } leases { id status tenants { name } } listings { id rent { amount } }
} } }
  leases(first: 20, orderBy: [{ field: END, direction: DESC }]) { totalCount edges { node { id end } } } }`;

describe('a restart on a stored read model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rentgraph-restart-'));
  const env = { RENTGRAPH_DB: join(dir, 'state.sqlite') };
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the same answers before its first sync, with every vendor failing', async () => {
    const first = await startTestApp({ env, rentrollUnits: 40 });
    apps.push(first);
    await first.services.readModel.run();
    const before = await first.graphql(PAGE);
    expect(before.errors).toBeUndefined();
    await first.close();
    apps.pop();

    const second = await startTestApp({ env, rentrollUnits: 40 });
    apps.push(second);
    for (const sim of second.simulators) sim.server.setFaults({ errorRate: 1 });
    const after = await second.graphql(PAGE);
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual(before.data);
    expect(second.simulators.map((sim) => sim.server.stats().total)).toEqual(second.simulators.map(() => 0));
  });
});
