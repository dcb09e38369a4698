import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type GraphQLResponse, type TestApp } from '../utils/app.js';
import { forgetFullSync } from '../utils/read-model.js';

interface UnitsPage {
  units: {
    edges: { cursor: string; node: { id: string; address: { line1: string; unitNumber: string | null; city: string | null }; leases: { status: string; tenants: { name: string; email: string | null }[] }[] } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const PAGE = `query Page($first: Int, $after: String) {
  units(first: $first, after: $after) {
    edges { cursor node { id address { line1 unitNumber city } leases { status tenants { name email } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('units over the rent roll', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('returns 100 units with their leases and tenants', async () => {
    const { status, data, errors } = await app.graphql<UnitsPage>(PAGE, { first: 100 });
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    const edges = data!.units.edges;
    expect(edges).toHaveLength(100);
    expect(data!.units.pageInfo.hasNextPage).toBe(true);
    const withLeases = edges.filter((edge) => edge.node.leases.length > 0);
    expect(withLeases.length).toBeGreaterThan(50);
    for (const edge of withLeases) {
      for (const lease of edge.node.leases) {
        expect(['PAST', 'CURRENT', 'FUTURE']).toContain(lease.status);
        expect(lease.tenants.length).toBeGreaterThanOrEqual(1);
        expect(lease.tenants.length).toBeLessThanOrEqual(4);
        expect(lease.tenants[0]!.name).toMatch(/\S+ \S+/);
      }
    }
  });

  it('visits every rent-roll unit exactly once when walking `after`', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const { data, errors }: { data: UnitsPage | null; errors?: unknown } = await app.graphql<UnitsPage>(PAGE, { first: 30, after });
      expect(errors).toBeUndefined();
      seen.push(...data!.units.edges.map((edge) => edge.node.id));
      if (!data!.units.pageInfo.hasNextPage) break;
      after = data!.units.pageInfo.endCursor;
    }
    const rentrollUnits = app.world.units.filter((unit) => unit.ids.rentroll !== undefined).length;
    expect(rentrollUnits).toBe(200);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(200);
  });

  it.each([
    ['a negative page size', '{ units(first: -1) { edges { cursor } } }'],
    ['a page size over the limit', '{ units(first: 100000) { edges { cursor } } }'],
    ['a forged cursor', '{ units(after: "bm90LWEtY3Vyc29y") { edges { cursor } } }'],
    ['a cursor from another list', '{ units(after: "YzF8bGVhc2VzfDIwMDE") { edges { cursor } } }'],
    ['a garbage node id', '{ node(id: "!!") { id } }'],
    ['a node id of an unknown type', '{ node(id: "Rm9vOjE") { id } }'],
  ])('rejects %s with BAD_USER_INPUT', async (_name, query) => {
    const { status, errors } = await app.graphql(query);
    expect(status).toBe(200);
    expect(errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('resolves units, leases and tenants by global id, and units by the vendor id', async () => {
    const { data } = await app.graphql<{ units: { edges: { node: { id: string; sources: { externalId: string }[]; leases: { id: string; tenants: { id: string }[] }[] } }[] } }>(
      '{ units(first: 5) { edges { node { id sources { externalId } leases { id tenants { id } } } } } }',
    );
    const unit = data!.units.edges.find((edge) => edge.node.leases.length > 0)!.node;
    const lease = unit.leases[0]!;
    const tenant = lease.tenants[0]!;
    const { data: found, errors } = await app.graphql<{ u: { id: string }; l: { id: string; unit: { id: string } }; t: { id: string; leases: { id: string }[] }; s: { id: string } }>(
      `query($u: ID!, $l: ID!, $t: ID!, $ext: String!) {
        u: node(id: $u) { id }
        l: node(id: $l) { id ... on Lease { unit { id } } }
        t: node(id: $t) { id ... on Tenant { leases { id } } }
        s: nodeBySource(vendor: RENTROLL, type: UNIT, externalId: $ext) { id }
      }`,
      { u: unit.id, l: lease.id, t: tenant.id, ext: unit.sources.find(() => true)!.externalId },
    );
    expect(errors).toBeUndefined();
    expect(found!.u.id).toBe(unit.id);
    expect(found!.l.unit.id).toBe(unit.id);
    expect(found!.t.leases.map((l) => l.id)).toContain(lease.id);
    expect(found!.s.id).toBe(unit.id);
  });

  it('costs at most 4 rent-roll calls for a page of 10 or of 200 units with leases, tenants and lease units', async () => {
    const rentroll = app.simulator('rentroll').server;
    const query = '{ units(first: $n) { edges { node { id address { line1 } leases { unit { id } tenants { name } primaryTenant { name } } currentLease { id } } } } }';
    for (const n of [10, 200]) {
      rentroll.resetStats();
      const { data, errors } = await app.graphql<UnitsPage>(query.replace('$n', String(n)));
      expect(errors).toBeUndefined();
      expect(data!.units.edges).toHaveLength(n);
      const stats = rentroll.stats();
      expect(stats.total).toBeLessThanOrEqual(4);
      expect(stats.byRoute['GET /units']).toBe(2);
      expect(stats.byRoute['GET /leases']).toBe(2);
    }
  });
});

describe('units when the rent roll is down', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.close();
  });
  const rentrollDown = () => app.simulator('rentroll').server.setFaults({ errorRate: 1, errorStatus: 503 });
  const expectRentrollNamed = (errors: GraphQLResponse<unknown>['errors']) => {
    const error = errors?.find((e) => e.extensions.vendor === 'RENTROLL');
    expect(error?.extensions.code).toBe('VENDOR_UNAVAILABLE');
    // The vendor's 503 while the breaker is closed; no status once it has opened.
    expect([503, undefined]).toContain(error?.extensions.http?.status);
  };

  it('answers HTTP 200 with an empty page and a VENDOR_UNAVAILABLE error before the index is built', async () => {
    rentrollDown();
    const { status, data, errors } = await app.graphql<UnitsPage>('{ units(first: 5) { edges { node { id } } } }');
    expect(status).toBe(200);
    expect(data!.units.edges).toEqual([]);
    expectRentrollNamed(errors);
  });

  it('still pages units from the index, with their last known address, once it is built, the store holding no full copy of the rent roll', async () => {
    await app.services.readModel.run();
    await forgetFullSync(app, 'RENTROLL');
    rentrollDown();
    const { status, data, errors } = await app.graphql<UnitsPage>('{ units(first: 5, filter: { vendor: RENTROLL }) { edges { node { id address { line1 city } leases { status } } } } }');
    expect(status).toBe(200);
    expect(data!.units.edges).toHaveLength(5);
    for (const edge of data!.units.edges) {
      expect(edge.node.address.line1).not.toBe('');
      expect(edge.node.leases).toEqual([]);
    }
    expectRentrollNamed(errors);
  });

  it('pages units with the leases of the last sync, marked stale, and no error, once the store holds the rent roll', async () => {
    await app.services.readModel.run();
    rentrollDown();
    await app.services.readModel.run();
    const { data, errors, extensions } = await app.graphql<{ units: { edges: { node: { address: { line1: string }; leases: unknown[]; freshness: { stale: boolean } } }[] } }>(
      '{ units(first: 5, filter: { vendor: RENTROLL }) { edges { node { address { line1 } leases { status } freshness { stale } } } } }',
    );
    expect(errors).toBeUndefined();
    expect(data!.units.edges).toHaveLength(5);
    for (const { node } of data!.units.edges) {
      expect(node.address.line1).not.toBe('');
      expect(node.freshness.stale).toBe(true);
    }
    expect(data!.units.edges.some((edge) => edge.node.leases.length > 0)).toBe(true);
    expect(extensions?.freshness?.stale).toEqual([{ vendor: 'RENTROLL', since: expect.any(String) }]);
  });
});
