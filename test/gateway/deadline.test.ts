import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nodeId, rentengineSim, unitIdOf } from '../mutations/support.js';
import { startTestApp, type GraphQLResponse, type TestApp } from '../utils/app.js';
import { forgetFullSync } from '../utils/read-model.js';

/**
 * The request deadline against the real gateway and simulators: requests that share a
 * vendor read each wait only until their own deadline, and a write the deadline
 * overtakes is still answered. (What a query with a hung vendor answers is in
 * test/graph/partial.test.ts.)
 */
const DEADLINE_MILLIS = 1_500;
/** Longer than the deadline: a request that starts the read alone does not see its end. */
const LATENCY_MILLIS = 1_900;
/** When the second request joins: well before the first's deadline, and early enough that the answer comes well before its own. */
const SECOND_AFTER_MILLIS = 700;

const UNIT_LEASES = '{ units(first: 20) { edges { node { id leases { id } } } } }';
const LEASEY_LISTINGS = '{ listings(first: 500, filter: { vendor: LEASEY }) { edges { node { id vendor } } } }';
const INSTALL = `mutation ($lockboxId: ID!, $unitId: ID!) {
  installLockbox(lockboxId: $lockboxId, unitId: $unitId) { id eventType unit { id lockboxes { id } } lockbox { id events(first: 1) { edges { node { id } } } } }
}`;

interface UnitLeases { units: { edges: { node: { id: string; leases: { id: string }[] } }[] } }
interface Listings { listings: { edges: { node: { id: string; vendor: string } }[] } }

let app: TestApp;
beforeAll(async () => {
  // The identity sync spends RentEngine's 20-requests-per-5-s window; waiting for it is not what these tests measure.
  app = await startTestApp({ env: { RENTGRAPH_REQUEST_TIMEOUT_MS: String(DEADLINE_MILLIS), RENTENGINE_RATE_LIMIT: 'off' }, synced: true });
  // Shared reads are live reads: the store is left holding no full copy of the vendors these requests read.
  for (const vendor of ['RENTROLL', 'LEASEY'] as const) await forgetFullSync(app, vendor);
  // The first runs of a document pay for cold paths (first reads of the index, then compiling it) that have nothing to do with vendors.
  for (let run = 0; run < 2; run++) await Promise.all([app.graphql(UNIT_LEASES), app.graphql(LEASEY_LISTINGS)]);
}, 60_000);
afterAll(async () => {
  await app?.close();
});
beforeEach(() => {
  for (const sim of app.simulators) {
    sim.server.setFaults({ latencyMillis: 0, hang: false });
    sim.server.resetStats();
  }
  app.services.cache.clear();
});

/** Two requests for `query`: the second starts `SECOND_AFTER_MILLIS` after the first. */
async function twoRequests<T>(query: string): Promise<[{ answer: GraphQLResponse<T>; millis: number }, { answer: GraphQLResponse<T>; millis: number }]> {
  const timed = async () => {
    const started = performance.now();
    const answer = await app.graphql<T>(query);
    return { answer, millis: performance.now() - started };
  };
  const first = timed();
  await sleep(SECOND_AFTER_MILLIS);
  return Promise.all([first, timed()]);
}

describe('requests sharing a vendor read', () => {
  it("leave an identical GET in flight to the request whose deadline has not passed: it gets the answer, the vendor is asked once", async () => {
    app.simulator('rentroll').server.setFaults({ latencyMillis: LATENCY_MILLIS });
    const [first, second] = await twoRequests<UnitLeases>(UNIT_LEASES);

    expect(first.millis).toBeLessThan(DEADLINE_MILLIS + 1_000);
    expect(first.answer.errors?.length).toBeGreaterThan(0);
    for (const error of first.answer.errors!) expect(error.extensions).toMatchObject({ code: 'VENDOR_TIMEOUT', vendor: 'RENTROLL' });
    expect(first.answer.data!.units.edges.every((edge) => edge.node.leases.length === 0)).toBe(true);

    expect(second.answer.errors).toBeUndefined();
    expect(second.answer.data!.units.edges.some((edge) => edge.node.leases.length > 0)).toBe(true);
    // isActive=true and isActive=false, each sent once for both requests.
    expect(app.simulator('rentroll').server.stats().byRoute['GET /leases']).toBe(2);
  });

  it('leave a cross-request cache fill to the request whose deadline has not passed: it gets the answer, the vendor is asked once', async () => {
    app.simulator('leasey').server.setFaults({ latencyMillis: LATENCY_MILLIS });
    const [first, second] = await twoRequests<Listings>(LEASEY_LISTINGS);

    expect(first.millis).toBeLessThan(DEADLINE_MILLIS + 1_000);
    expect(first.answer.errors?.map((error) => error.extensions)).toEqual([expect.objectContaining({ code: 'VENDOR_TIMEOUT', vendor: 'LEASEY' })]);
    expect(first.answer.data!.listings.edges).toEqual([]);

    expect(second.answer.errors).toBeUndefined();
    expect(second.answer.data!.listings.edges.length).toBeGreaterThan(0);
    expect(app.simulator('leasey').server.stats().byRoute['GET /reports/properties']).toBe(1);
    // The fill was kept: a third request is answered from the cache without asking Leasey.
    const third = await app.graphql<Listings>(LEASEY_LISTINGS);
    expect(third.errors).toBeUndefined();
    expect(app.simulator('leasey').server.stats().byRoute['GET /reports/properties']).toBe(1);
  });

  it('stop a cache fill every request has left, so the next request asks the vendor afresh', async () => {
    app.simulator('leasey').server.setFaults({ hang: true });
    const lone = await app.graphql<Listings>(LEASEY_LISTINGS);
    expect(lone.errors?.map((error) => error.extensions)).toEqual([expect.objectContaining({ code: 'VENDOR_TIMEOUT', vendor: 'LEASEY' })]);

    app.simulator('leasey').server.setFaults({ hang: false });
    const started = performance.now();
    const next = await app.graphql<Listings>(LEASEY_LISTINGS);
    expect(next.errors).toBeUndefined();
    expect(next.data!.listings.edges.length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(DEADLINE_MILLIS);
    expect(app.simulator('leasey').server.stats().byRoute['GET /reports/properties']).toBe(2);
  });
});

describe('a request for a vendor the store holds', () => {
  it('is answered from the store well within the deadline while the vendor hangs, without asking it', async () => {
    rentengineSim(app).server.setFaults({ hang: true });
    const started = performance.now();
    const { data, errors } = await app.graphql<{ lockboxes: { edges: unknown[] } }>('{ lockboxes(first: 20) { edges { node { id } } } }');
    expect(performance.now() - started).toBeLessThan(DEADLINE_MILLIS);
    expect(errors).toBeUndefined();
    expect(data!.lockboxes.edges).toHaveLength(20);
    expect(rentengineSim(app).server.stats().total).toBe(0);
  });
});

describe('a mutation whose write the deadline overtakes', () => {
  it('waits for the write and answers it, since it happened at the vendor: what the store holds shows the write, vendor reads after it past the deadline are VENDOR_TIMEOUT', async () => {
    const store = rentengineSim(app).store;
    const lockbox = store.lockboxes.rows.find((row) => store.openInstallation(row.id) === undefined)!;
    const lockboxId = nodeId('Lockbox', 'RENTENGINE', lockbox.id);
    const rentengineUnitId = store.units.rows.find((unit) => store.installationsAt(unit.id).every((i) => i.uninstalled_at !== null))!.id;
    const unitId = await unitIdOf(app, 'RENTENGINE', rentengineUnitId);
    rentengineSim(app).server.setFaults({ latencyMillis: LATENCY_MILLIS });

    const started = performance.now();
    const { data, errors } = await app.graphql<{ installLockbox: { id: string; eventType: string; unit: { id: string; lockboxes: { id: string }[] }; lockbox: { id: string; events: unknown } | null } }>(INSTALL, {
      lockboxId,
      unitId,
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(LATENCY_MILLIS - 5);

    // The unit's lockboxes come from the store, which the write already moved the lockbox in.
    expect(data!.installLockbox).toMatchObject({ eventType: 'INSTALL', unit: { id: unitId, lockboxes: [{ id: lockboxId }] }, lockbox: { id: lockboxId, events: { edges: [] } } });
    expect(store.openInstallation(lockbox.id)).toBeDefined();
    expect(errors?.map((error) => ({ path: error.path, ...error.extensions }))).toEqual([
      expect.objectContaining({ path: ['installLockbox', 'lockbox', 'events'], code: 'VENDOR_TIMEOUT', vendor: 'RENTENGINE' }),
    ]);
  });
});
