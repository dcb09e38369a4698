import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../utils/app.js';
import { callsByVendor, rentengineOf, resetStats } from '../resolvers/support.js';

/** A page of units with what each vendor keeps of them: addresses, leases and tenants, lockboxes, listings. */
const PAGE = 'units(first: 40) { edges { node { id address { line1 } leases { id tenants { id name } } lockboxes { id freshness { stale } } listings { id } freshness { stale } } } }';

interface Page {
  units: { edges: { node: { id: string; leases: { id: string; tenants: { id: string; name: string }[] }[]; lockboxes: { id: string; freshness: { stale: boolean } }[]; listings: { id: string }[]; freshness: { stale: boolean } } }[] };
}

/** The requests any simulator saw more than once since the last reset (a read the page should have batched). */
function repeatedRequests(app: TestApp): string[] {
  const urls = app.simulators.flatMap((sim) => sim.server.requests().map((request) => `${sim.vendor} ${request.method} ${request.url}`));
  return urls.filter((url, i) => urls.indexOf(url) !== i);
}

/** A client that takes GraphQL over HTTP's own media type gets a refused document's 4xx status (with application/json, 200). */
const GRAPHQL_RESPONSE = { accept: 'application/graphql-response+json' };

const totalCalls = (app: TestApp) => app.simulators.reduce((sum, sim) => sum + sim.server.stats().total, 0);

describe('@fresh(maxAgeSeconds:) on a query over a synced read model', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ synced: true });
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('reads a page of units live under @fresh(maxAgeSeconds: 0) with one call per vendor and resource, not one per unit', async () => {
    resetStats(app);
    const { data, errors } = await app.graphql<Page>(`query @fresh(maxAgeSeconds: 0) { ${PAGE} }`);
    expect(errors).toBeUndefined();
    expect(data!.units.edges).toHaveLength(40);
    expect(repeatedRequests(app)).toEqual([]);
    expect(callsByVendor(app)).toEqual({
      // The rent roll has no id filter: its active and inactive lists, once each, answer every unit and lease.
      rentroll: { 'GET /units': 2, 'GET /leases': 2 },
      rentengine: { 'GET /api/public/v1/units': 1, 'GET /api/public/v1/lockbox_installations': 1, 'GET /api/public/v1/lockboxes': 1 },
      leasey: { 'GET /reports/properties': 1 },
      // StuRents has no read by several ids: the page's two houses are read one by one rather than walking its whole list.
      sturents: { 'GET /api/houses/:reference': 2 },
      deeprent: { 'GET /external/protocols': 1 },
    });
    // What was read live is not the stale copy.
    expect(data!.units.edges.every((edge) => !edge.node.freshness.stale)).toBe(true);
  });

  it('shows a change made at the vendor under @fresh(maxAgeSeconds: 0), and the synced copy without it', async () => {
    const before = await app.graphql<Page>(`{ ${PAGE} }`);
    const tenant = before.data!.units.edges.flatMap((edge) => edge.node.leases.flatMap((lease) => lease.tenants))[0]!;
    const worldTenant = app.world.leases.flatMap((lease) => lease.tenants).find((candidate) => candidate.name === tenant.name)!;
    const original = worldTenant.name;
    worldTenant.name = `${original} Renamed`;
    try {
      const names = (page: Page) => page.units.edges.flatMap((edge) => edge.node.leases.flatMap((lease) => lease.tenants.filter((t) => t.id === tenant.id).map((t) => t.name)));
      const stored = await app.graphql<Page>(`{ ${PAGE} }`);
      const fresh = await app.graphql<Page>(`query @fresh(maxAgeSeconds: 0) { ${PAGE} }`);
      expect(new Set(names(stored.data!))).toEqual(new Set([original]));
      expect(new Set(names(fresh.data!))).toEqual(new Set([`${original} Renamed`]));
    } finally {
      worldTenant.name = original;
    }
  });

  it('calls no vendor under @fresh(maxAgeSeconds: 3600) right after a sync', async () => {
    resetStats(app);
    const { data, errors } = await app.graphql<Page>(`query @fresh(maxAgeSeconds: 3600) { ${PAGE} }`);
    expect(errors).toBeUndefined();
    expect(data!.units.edges).toHaveLength(40);
    expect(callsByVendor(app)).toEqual({});
  });

  it('takes maxAgeSeconds from a variable, on graphql-js and on the compiled executor alike', async () => {
    const text = `query Page($age: Int!) @fresh(maxAgeSeconds: $age) { ${PAGE} }`;
    // The first run of a document is interpreted, the next ones compiled (src/execution/jit.ts).
    for (const run of ['interpreted', 'compiled', 'compiled, an hour']) {
      resetStats(app);
      const age = run === 'compiled, an hour' ? 3600 : 0;
      const { errors } = await app.graphql<Page>(text, { age });
      expect(errors, run).toBeUndefined();
      expect(totalCalls(app) > 0, run).toBe(age === 0);
    }
  });

  it('refuses a negative maxAgeSeconds with BAD_USER_INPUT naming the argument, before any vendor is called', async () => {
    resetStats(app);
    for (const [text, variables] of [[`query @fresh(maxAgeSeconds: -1) { ${PAGE} }`, undefined], [`query ($age: Int!) @fresh(maxAgeSeconds: $age) { ${PAGE} }`, { age: -30 }]] as const) {
      const { status, data, errors } = await app.graphql(text, variables, GRAPHQL_RESPONSE);
      expect(status).toBe(400);
      expect(data).toBeNull();
      expect(errors).toHaveLength(1);
      expect(errors![0]!.message).toMatch(/expected @fresh\(maxAgeSeconds:\) to be 0 or more seconds, got -(1|30)$/);
      expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'maxAgeSeconds' });
    }
    expect(totalCalls(app)).toBe(0);
  });

  it('reads live under @fresh over graphql-ws too, and refuses a negative age and a subscription there', async () => {
    const client = createClient({ url: `${app.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const outcomeOf = (query: string) =>
      new Promise<unknown>((resolve) => {
        client.subscribe({ query }, { next: resolve, error: resolve, complete: () => undefined });
      });
    try {
      resetStats(app);
      expect(await outcomeOf('query @fresh(maxAgeSeconds: 3600) { units(first: 5) { edges { node { address { line1 } } } } }')).toMatchObject({ data: { units: { edges: expect.any(Array) } } });
      expect(totalCalls(app)).toBe(0);
      expect(await outcomeOf('query @fresh(maxAgeSeconds: 0) { units(first: 5) { edges { node { address { line1 } } } } }')).toMatchObject({ data: { units: { edges: expect.any(Array) } } });
      expect(totalCalls(app)).toBeGreaterThan(0);
      resetStats(app);
      expect(await outcomeOf('query @fresh(maxAgeSeconds: -5) { units(first: 5) { edges { node { id } } } }')).toEqual([
        {
          message: 'expected @fresh(maxAgeSeconds:) to be 0 or more seconds, got -5',
          extensions: { code: 'BAD_USER_INPUT', field: 'maxAgeSeconds', fields: [{ field: 'maxAgeSeconds', message: 'expected @fresh(maxAgeSeconds:) to be 0 or more seconds, got -5' }] },
        },
      ]);
      expect(await outcomeOf('subscription @fresh(maxAgeSeconds: 0) { changes { cursor } }')).toEqual([
        expect.objectContaining({ message: 'Directive "@fresh" may not be used on SUBSCRIPTION.', extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
      ]);
      expect(totalCalls(app)).toBe(0);
    } finally {
      await client.dispose();
    }
  });

  it('refuses @fresh on a mutation and on a field as invalid documents (BAD_USER_INPUT), before any vendor is called', async () => {
    resetStats(app);
    for (const text of [
      'mutation @fresh(maxAgeSeconds: 0) { generateLockboxCode(input: { serialNumber: "X", date: "2030-01-01" }) { code } }',
      '{ units(first: 1) @fresh(maxAgeSeconds: 0) { totalCount } }',
    ]) {
      const { status, errors } = await app.graphql(text, undefined, GRAPHQL_RESPONSE);
      expect(status).toBe(400);
      expect(errors!.map((error) => ({ code: error.extensions.code, message: error.message }))).toEqual([
        { code: 'BAD_USER_INPUT', message: expect.stringMatching(/^Directive "@fresh" may not be used on (MUTATION|FIELD)\.$/) },
      ]);
    }
    expect(totalCalls(app)).toBe(0);
  });
});

describe('@fresh when a vendor fails', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ synced: true });
    rentengineOf(app).server.setFaults({ errorRate: 1, errorStatus: 503 });
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('serves the stored copy of the failing vendor, marked stale, without an error, and the others live', async () => {
    const stored = await app.graphql<Page>(`{ ${PAGE} }`);
    expect(stored.errors).toBeUndefined();
    resetStats(app);
    const { data, errors, extensions } = await app.graphql<Page>(`query @fresh(maxAgeSeconds: 0) { ${PAGE} }`);
    expect(errors).toBeUndefined();
    // RentEngine was asked (and failed), the other vendors answered live.
    expect(rentengineOf(app).server.stats().total).toBeGreaterThan(0);
    expect(app.simulator('rentroll').server.stats().total).toBeGreaterThan(0);
    const lockboxes = (page: Page) => page.units.edges.flatMap((edge) => edge.node.lockboxes.map((lockbox) => lockbox.id)).sort();
    expect(lockboxes(data!).length).toBeGreaterThan(0);
    expect(lockboxes(data!)).toEqual(lockboxes(stored.data!));
    expect(data!.units.edges.flatMap((edge) => edge.node.lockboxes).every((lockbox) => lockbox.freshness.stale)).toBe(true);
    expect(extensions?.freshness?.stale).toEqual([{ vendor: 'RENTENGINE', since: expect.any(String) }]);
  });

  it('serves the stored lists a failing vendor is part of, marked stale, without an error', async () => {
    const text = '{ lockboxes(first: 5) { edges { node { id freshness { stale } } } } prospects(first: 20) { edges { node { id sources { vendor } } } } }';
    const stored = await app.graphql<Lists>(text);
    resetStats(app);
    const { data, errors, extensions } = await app.graphql<Lists>(`query @fresh(maxAgeSeconds: 0) ${text}`);
    expect(errors).toBeUndefined();
    expect(rentengineOf(app).server.stats().total).toBeGreaterThan(0);
    const ids = (lists: Lists) => [...lists.lockboxes.edges, ...lists.prospects.edges].map((edge) => edge.node.id);
    expect(ids(data!)).toEqual(ids(stored.data!));
    // Without @fresh the same copy is not stale: its last refresh succeeded, and no read failed since.
    expect(stored.data!.lockboxes.edges.some((edge) => edge.node.freshness.stale)).toBe(false);
    expect(data!.lockboxes.edges).toHaveLength(5);
    expect(data!.lockboxes.edges.every((edge) => edge.node.freshness.stale)).toBe(true);
    expect(new Set(data!.prospects.edges.flatMap((edge) => edge.node.sources.map((source) => source.vendor)))).toEqual(new Set(['LEASEY', 'RENTENGINE']));
    expect(extensions?.freshness?.stale).toEqual([{ vendor: 'RENTENGINE', since: expect.any(String) }]);
  });
});

interface Lists {
  lockboxes: { edges: { node: { id: string; freshness: { stale: boolean } } }[] };
  prospects: { edges: { node: { id: string; sources: { vendor: string }[] } }[] };
}
