import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordStore } from '../../src/readmodel/records.js';
import type { LeasingEventModel, UnitRecord } from '../../src/domain/models.js';
import { STORE_ENGINES } from '../utils/stores.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { forgetFullSyncs, recordHistory } from '../utils/read-model.js';

/**
 * The contract's read-model queries through the real gateway, over a read model filled
 * from the simulators by the gateway's own read-model sync.
 */

interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

const DAY = 86_400_000;

const UNIT_PAGE = `{ units(first: 40) { edges { node {
  id address { formatted } bedrooms squareFeet active marketingStatus sources { vendor externalId raw }
  leases { id status start end tenants { id name email leases { id } } } currentLease { id } listings { id rent { amount currency period } published } rent { amount }
  prospects(first: 50) { totalCount edges { node { id name email } } } protocols { id cause createdAt } lockboxes { id serialNumber }
} } } }`;

type UnitPageNode = { leases: { id: string; tenants: { id: string; leases: { id: string }[] }[] }[]; listings: { id: string }[]; protocols: { id: string }[]; lockboxes: { id: string }[]; prospects: { edges: { node: { id: string } }[] } };

/** A units page with each unit's (and each tenant's) lists in id order (their order is not part of the contract). */
function normalized(data: unknown): unknown {
  const page = data as { units: { edges: { node: UnitPageNode }[] } };
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return page.units.edges.map(({ node }) => ({
    ...node,
    leases: [...node.leases].sort(byId).map((lease) => ({ ...lease, tenants: lease.tenants.map((tenant) => ({ ...tenant, leases: [...tenant.leases].sort(byId) })) })),
    listings: [...node.listings].sort(byId),
    protocols: [...node.protocols].sort(byId),
    lockboxes: [...node.lockboxes].sort(byId),
    prospects: { ...node.prospects, edges: [...node.prospects.edges].sort((a, b) => byId(a.node, b.node)) },
  }));
}

describe.each(STORE_ENGINES)('read-model queries on $name', (engine) => {
  let app: TestApp;
  /** UNIT_PAGE and LISTS as the vendors answered them before the read model held their records. */
  let live: unknown;
  let liveLists: Record<string, string[]>;

  /** Every lockbox and listing id, each list in id order (stored lists keep their own order). */
  async function lists(): Promise<Record<string, string[]>> {
    const response = await app.graphql<{ lockboxes: Page<{ id: string }>; listings: Page<{ id: string }> }>('{ lockboxes(first: 500) { totalCount edges { node { id } } } listings(first: 500) { totalCount edges { node { id } } } }');
    expect(response.errors).toBeUndefined();
    const data = response.data!;
    expect(data.lockboxes.totalCount).toBe(data.lockboxes.edges.length);
    expect(data.listings.totalCount).toBe(data.listings.edges.length);
    return { lockboxes: data.lockboxes.edges.map((e) => e.node.id).sort(), listings: data.listings.edges.map((e) => e.node.id).sort() };
  }

  beforeAll(async () => {
    app = await startTestApp({ engine: engine.name, rentrollUnits: 60, synced: true });
    const restore = await forgetFullSyncs(app);
    try {
      const before = await app.graphql(UNIT_PAGE);
      expect(before.errors).toBeUndefined();
      live = normalized(before.data);
      liveLists = await lists();
    } finally {
      await restore();
    }
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  async function ok<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const response = await app.graphql<T>(query, variables);
    expect(response.errors).toBeUndefined();
    return response.data!;
  }

  /**
   * Walks every page of `field` (a root connection) with `first`, passing `variables` as
   * arguments of the same names (`types` gives their GraphQL types); returns the nodes and
   * the totalCount each page said.
   */
  async function walk<T>(field: string, selection: string, types: Record<string, string>, variables: Record<string, unknown>, first = 7): Promise<{ nodes: T[]; counts: number[] }> {
    const declared = Object.entries(types).map(([name, type]) => `, $${name}: ${type}`).join('');
    const passed = Object.keys(types).map((name) => `, ${name}: $${name}`).join('');
    const nodes: T[] = [];
    const counts: number[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 200; guard++) {
      const data: Record<string, Page<T>> = await ok(
        `query($first: Int, $after: String${declared}) { ${field}(first: $first, after: $after${passed}) { edges { cursor node { ${selection} } } pageInfo { hasNextPage endCursor } totalCount } }`,
        { first, after, ...variables },
      );
      const page = data[field]!;
      nodes.push(...page.edges.map((edge) => edge.node));
      counts.push(page.totalCount);
      if (!page.pageInfo.hasNextPage) return { nodes, counts };
      after = page.pageInfo.endCursor;
    }
    throw new Error(`${field} has no last page`);
  }

  it('counts units as many as walking every page finds, in each order, each unit once', async () => {
    for (const orderBy of [[], [{ field: 'RENT', direction: 'DESC' }], [{ field: 'BEDROOMS', direction: 'ASC' }, { field: 'ADDRESS', direction: 'DESC' }]]) {
      const { nodes, counts } = await walk<{ id: string; rent: { amount: number } | null }>('units', 'id rent { amount }', { orderBy: '[UnitOrder!]' }, { orderBy });
      expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
      expect(new Set(counts)).toEqual(new Set([nodes.length]));
      if (orderBy[0]?.field === 'RENT') {
        const rents = nodes.map((n) => n.rent?.amount ?? null);
        const known = rents.filter((r): r is number => r !== null);
        expect(known).toEqual([...known].sort((a, b) => b - a));
        // Units without a rent come last.
        expect(rents.slice(known.length).every((r) => r === null)).toBe(true);
      }
    }
    const plain = await walk<{ id: string }>('units', 'id', {}, {});
    const ordered = await walk<{ id: string }>('units', 'id', { orderBy: '[UnitOrder!]' }, { orderBy: [{ field: 'UPDATED_AT', direction: 'DESC' }] });
    expect(new Set(ordered.nodes.map((n) => n.id))).toEqual(new Set(plain.nodes.map((n) => n.id)));
  });

  it('filters units on their facts, and counts the filter', async () => {
    const { nodes, counts } = await walk<{ id: string; occupied: boolean | null; rent: { amount: number; period: string } | null; listings: { published: boolean | null }[] }>(
      'units', 'id occupied rent { amount period } listings { published }', { filter: 'UnitFilter' }, { filter: { listed: true, rentMin: 500 } }, 5,
    );
    expect(nodes.length).toBeGreaterThan(0);
    expect(counts.every((count) => count === nodes.length)).toBe(true);
    for (const unit of nodes) {
      expect(unit.rent!.amount).toBeGreaterThanOrEqual(500);
      expect(unit.rent!.period).toBe('MONTH');
      expect(unit.listings.some((listing) => listing.published === true)).toBe(true);
    }
    const occupied = await ok<{ units: Page<{ occupied: boolean; currentLease: { status: string } | null }> }>(
      '{ units(first: 500, filter: { occupied: true }) { totalCount edges { node { occupied currentLease { status } } } } }',
    );
    expect(occupied.units.totalCount).toBe(occupied.units.edges.length);
    expect(occupied.units.edges.every((edge) => edge.node.occupied && edge.node.currentLease?.status === 'CURRENT')).toBe(true);
  });

  it('finds a unit by free text as each of its vendors spells the address, and not the units next door', async () => {
    const records = createRecordStore(app.services.store);
    const units = await ok<{ units: Page<{ id: string; sources: { vendor: UnitRecord['vendor']; externalId: string }[] }> }>('{ units(first: 500) { edges { node { id sources { vendor externalId } } } } }');
    const merged = units.units.edges.map((edge) => edge.node).find((unit) => new Set(unit.sources.map((s) => s.vendor)).size >= 2)!;
    expect(merged).toBeDefined();
    for (const source of merged.sources) {
      const record = (await records.get<UnitRecord>('UNIT', [source])).get(`${source.vendor}:${source.externalId}`);
      const address = record?.model.address;
      if (address === null || address === undefined) continue;
      const search = [address.line1, address.unitNumber].filter((part) => part !== null).join(' ');
      const found = await ok<{ units: Page<{ id: string }> }>('query($search: String) { units(first: 50, filter: { search: $search }) { totalCount edges { node { id } } } }', { search });
      expect(found.units.edges.map((edge) => edge.node.id)).toContain(merged.id);
      expect(found.units.totalCount).toBe(found.units.edges.length);
      // Only units at that address with that unit number: at most the one unit.
      if (address.unitNumber !== null) expect(found.units.totalCount).toBe(1);
      // The same street with another house number is another building.
      const number = /\d+/.exec(address.line1)?.[0];
      if (number !== undefined) {
        const nextDoor = await ok<{ units: Page<{ id: string }> }>('query($search: String) { units(first: 50, filter: { search: $search }) { edges { node { id } } } }', { search: search.replace(number, String(Number(number) + 1000)) });
        expect(nextDoor.units.edges.map((edge) => edge.node.id)).not.toContain(merged.id);
      }
    }
  });

  it('answers leases filtered by unit, tenant and end date, ordered by end, from the lease facts', async () => {
    const units = await ok<{ units: Page<{ id: string; leases: { id: string; tenants: { id: string }[] }[] }> }>('{ units(first: 500) { edges { node { id leases { id tenants { id } } } } } }');
    const unit = units.units.edges.map((edge) => edge.node).find((u) => u.leases.length >= 2) ?? units.units.edges.map((edge) => edge.node).find((u) => u.leases.length >= 1)!;
    const byUnit = await ok<{ leases: Page<{ id: string }> }>('query($id: ID) { leases(first: 100, filter: { unitId: $id }) { totalCount edges { node { id } } } }', { id: unit.id });
    expect(new Set(byUnit.leases.edges.map((edge) => edge.node.id))).toEqual(new Set(unit.leases.map((lease) => lease.id)));
    expect(byUnit.leases.totalCount).toBe(unit.leases.length);

    const tenant = unit.leases[0]!.tenants[0]!;
    const byTenant = await ok<{ leases: Page<{ id: string; tenants: { id: string }[] }> }>('query($id: ID) { leases(first: 100, filter: { tenantId: $id }) { totalCount edges { node { id tenants { id } } } } }', { id: tenant.id });
    expect(byTenant.leases.totalCount).toBeGreaterThan(0);
    expect(byTenant.leases.edges.every((edge) => edge.node.tenants.some((t) => t.id === tenant.id))).toBe(true);

    const from = new Date(Date.now() - 365 * DAY).toISOString();
    const to = new Date(Date.now() + 365 * DAY).toISOString();
    const { nodes, counts } = await walk<{ id: string; end: string | null }>('leases', 'id end', { filter: 'LeaseFilter', orderBy: '[LeaseOrder!]' }, { filter: { endsAfter: from, endsBefore: to }, orderBy: [{ field: 'END', direction: 'DESC' }] }, 9);
    expect(nodes.length).toBeGreaterThan(0);
    expect(counts.every((count) => count === nodes.length)).toBe(true);
    const ends = nodes.map((n) => Date.parse(n.end!));
    expect(ends.every((end) => end >= Date.parse(from) && end < Date.parse(to))).toBe(true);
    expect(ends).toEqual([...ends].sort((a, b) => b - a));
  });

  it('pages every lease from the store once a full sync holds them, the same leases the vendor lists', async () => {
    const stored = await walk<{ id: string }>('leases', 'id', {}, {}, 50);
    const units = await ok<{ units: Page<{ leases: { id: string }[] }> }>('{ units(first: 500) { edges { node { leases { id } } } } }');
    const live = new Set(units.units.edges.flatMap((edge) => edge.node.leases.map((lease) => lease.id)));
    expect(new Set(stored.nodes.map((n) => n.id))).toEqual(live);
    expect(stored.counts[0]).toBe(live.size);
  });

  it('finds tenants by email in any case, by phone in any format, and by words of the name', async () => {
    const all = await walk<{ id: string; name: string; email: string | null; phone: string | null }>('tenants', 'id name email phone', {}, {}, 25);
    expect(all.nodes.length).toBeGreaterThan(0);
    expect(all.counts.every((count) => count === all.nodes.length)).toBe(true);
    const tenant = all.nodes.find((t) => t.email !== null && t.phone !== null)!;
    const search = async (filter: Record<string, unknown>) =>
      (await ok<{ tenants: Page<{ id: string }> }>('query($filter: TenantFilter) { tenants(first: 100, filter: $filter) { totalCount edges { node { id } } } }', { filter })).tenants;
    expect((await search({ email: tenant.email!.toUpperCase() })).edges.map((e) => e.node.id)).toContain(tenant.id);
    const digits = tenant.phone!.replace(/\D/g, '').slice(-10);
    expect((await search({ phone: `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` })).edges.map((e) => e.node.id)).toContain(tenant.id);
    const byName = await search({ name: tenant.name.toLowerCase() });
    expect(byName.edges.map((e) => e.node.id)).toContain(tenant.id);
    expect(byName.totalCount).toBe(byName.edges.length);
    expect((await search({ search: tenant.email!.split('@')[0] })).edges.map((e) => e.node.id)).toContain(tenant.id);
  });

  it('finds prospects by search, email and the stage of their latest leasing event', async () => {
    const all = await walk<{ id: string; name: string | null; email: string | null; sources: { vendor: string; externalId: string }[] }>('prospects', 'id name email sources { vendor externalId }', {}, {}, 40);
    expect(all.nodes.length).toBeGreaterThan(0);
    expect(all.counts.every((count) => count === all.nodes.length)).toBe(true);
    const named = all.nodes.find((p) => p.name !== null && p.name.includes(' '))!;
    const bySearch = await ok<{ prospects: Page<{ id: string }> }>('query($search: String) { prospects(first: 50, filter: { search: $search }) { totalCount edges { node { id } } } }', { search: named.name!.toUpperCase() });
    expect(bySearch.prospects.edges.map((e) => e.node.id)).toContain(named.id);
    expect(bySearch.prospects.totalCount).toBe(bySearch.prospects.edges.length);
    const prospect = all.nodes.find((p) => p.email !== null)!;
    const byEmail = await ok<{ prospects: Page<{ id: string }> }>('query($email: String) { prospects(first: 10, filter: { email: $email }) { totalCount edges { node { id } } } }', { email: prospect.email!.toUpperCase() });
    expect(byEmail.prospects.edges.map((e) => e.node.id)).toContain(prospect.id);
    const source = prospect.sources[0]!;
    const records = createRecordStore(app.services.store);
    const event: LeasingEventModel = {
      __typename: 'LeasingEvent', vendor: source.vendor as LeasingEventModel['vendor'], externalId: 'stage-test-1', raw: null, eventType: 'Application Approved', stage: 'APPLICATION_APPROVED',
      occurredAt: new Date().toISOString(), prospect: { vendor: source.vendor as LeasingEventModel['vendor'], externalId: source.externalId }, unit: null, notes: null,
    };
    await app.services.store.transaction((tx) => records.apply(tx, { upserts: [{ kind: 'LEASING_EVENT', vendor: event.vendor, externalId: event.externalId, model: event, parentRef: event.prospect }] }, { resource: 'test:leasing-events' }));
    const byStage = await ok<{ prospects: Page<{ id: string }> }>('{ prospects(first: 10, filter: { stages: [APPLICATION_APPROVED] }) { totalCount edges { node { id } } } }');
    expect(byStage.prospects.edges.map((e) => e.node.id)).toEqual([prospect.id]);
    expect(byStage.prospects.totalCount).toBe(1);
  });

  it('keeps leasing history newest first, older than the event log keeps, per unit and filtered', async () => {
    const units = await ok<{ units: Page<{ id: string; sources: { vendor: LeasingEventModel['vendor']; externalId: string }[] }> }>('{ units(first: 500) { edges { node { id sources { vendor externalId } } } } }');
    const unit = units.units.edges[0]!.node;
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
    const member = unit.sources[0]!;
    const event = (id: string, daysAgo: number, stage: LeasingEventModel['stage']): LeasingEventModel => ({
      __typename: 'LeasingEvent', vendor: member.vendor, externalId: id, raw: { id }, eventType: stage, stage, occurredAt: at(daysAgo),
      prospect: { vendor: member.vendor, externalId: 'p-history' }, unit: { vendor: member.vendor, externalId: member.externalId }, notes: null,
    });
    // 400 days: long past the event log's retention (RENTGRAPH_EVENT_RETENTION_DAYS), within the history's 730.
    await recordHistory(app, [event('h1', 400, 'NEW'), event('h2', 30, 'SHOWING_SCHEDULED'), event('h3', 2, 'APPLICATION'), { ...event('h4', 1, 'NEW'), unit: null }]);
    const data = await ok<{ unit: { leasingEvents: Page<{ occurredAt: string; stage: string }> } }>(
      'query($id: ID!) { unit: node(id: $id) { ... on Unit { leasingEvents(first: 2) { totalCount edges { node { occurredAt stage } } } } } }',
      { id: unit.id },
    );
    expect(data.unit.leasingEvents.edges.map((e) => e.node.stage)).toEqual(['APPLICATION', 'SHOWING_SCHEDULED']);
    expect(data.unit.leasingEvents.totalCount).toBe(3);
    const walked = await walk<{ stage: string; occurredAt: string }>('leasingEvents', 'stage occurredAt', { filter: 'LeasingEventFilter' }, { filter: { unitId: unit.id } }, 1);
    expect(walked.nodes.map((n) => n.stage)).toEqual(['APPLICATION', 'SHOWING_SCHEDULED', 'NEW']);
    expect(walked.counts).toEqual([3, 3, 3]);
    const old = await ok<{ leasingEvents: Page<{ stage: string }> }>('query($to: DateTime) { leasingEvents(filter: { to: $to, stages: [NEW] }) { totalCount edges { node { stage } } } }', { to: at(100) });
    expect(old.leasingEvents.edges.map((e) => e.node.stage)).toEqual(['NEW']);
  });

  it('says when each record was last synced, and each vendor its last sync and records', async () => {
    const data = await ok<{ units: Page<{ freshness: { syncedAt: string | null; stale: boolean }; updatedAt: string | null; sources: { syncedAt: string | null }[] }>; vendors: { vendor: string; lastSyncAt: string | null; records: number }[] }>(
      '{ units(first: 5) { edges { node { updatedAt freshness { syncedAt stale } sources { syncedAt } } } } vendors { vendor lastSyncAt records } }',
    );
    for (const { node } of data.units.edges) {
      expect(node.freshness.stale).toBe(false);
      expect(Date.parse(node.freshness.syncedAt!)).toBeGreaterThan(Date.now() - 10 * 60_000);
      expect(node.sources.every((source) => source.syncedAt !== null)).toBe(true);
      expect(Date.parse(node.freshness.syncedAt!)).toBe(Math.min(...node.sources.map((source) => Date.parse(source.syncedAt!))));
      expect(node.updatedAt).not.toBeNull();
    }
    expect(data.vendors.length).toBeGreaterThan(0);
    for (const vendor of data.vendors) {
      expect(vendor.lastSyncAt).not.toBeNull();
      expect(vendor.records).toBeGreaterThan(0);
    }
  });

  it('refuses what the read model cannot answer, naming the argument', async () => {
    const cases: [string, string][] = [
      ['{ units(filter: { search: "!!" }) { totalCount } }', 'filter.search'],
      ['{ units(filter: { country: "Atlantis" }) { totalCount } }', 'filter.country'],
      ['{ units(filter: { rentMin: 900, rentMax: 100 }) { totalCount } }', 'filter.rentMin'],
      ['{ leases(filter: { startsAfter: "2026-01-01T00:00:00Z", startsBefore: "2025-01-01T00:00:00Z" }) { totalCount } }', 'filter.startsAfter'],
      ['{ tenants(filter: { phone: "12" }) { totalCount } }', 'filter.phone'],
    ];
    for (const [query, field] of cases) {
      const response = await app.graphql(query);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const first = await ok<{ units: Page<unknown> }>('{ units(first: 1) { pageInfo { endCursor } } }');
    const wrong = await app.graphql('query($after: String) { units(first: 1, after: $after, orderBy: [{ field: RENT }]) { totalCount } }', { after: first.units.pageInfo.endCursor });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('answers units with their leases, listings, prospects, protocols and lockboxes, the lockbox and listing lists, and each of them by node(id), from the store as the vendors did, without calling them', async () => {
    // The page has something of each to compare.
    const nodes = live as UnitPageNode[];
    expect(nodes.some((n) => n.leases.length > 0) && nodes.some((n) => n.listings.length > 0) && nodes.some((n) => n.protocols.length > 0) && nodes.some((n) => n.prospects.edges.length > 0)).toBe(true);
    expect(nodes.some((n) => n.lockboxes.length > 0)).toBe(true);
    for (const sim of app.simulators) sim.server.resetStats();
    const response = await app.graphql(UNIT_PAGE);
    expect(response.errors).toBeUndefined();
    expect(normalized(response.data)).toEqual(live);
    expect(await lists()).toEqual(liveLists);
    const leased = nodes.find((n) => n.leases.length > 0)!.leases[0]!;
    const ids = [
      leased.id,
      leased.tenants[0]!.id,
      nodes.find((n) => n.prospects.edges.length > 0)!.prospects.edges[0]!.node.id,
      nodes.find((n) => n.protocols.length > 0)!.protocols[0]!.id,
      nodes.find((n) => n.listings.length > 0)!.listings[0]!.id,
      liveLists['lockboxes']![0]!,
    ];
    const found = await app.graphql<{ nodes: ({ id: string } | null)[] }>('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(found.errors).toBeUndefined();
    expect(found.data!.nodes.map((node) => node?.id)).toEqual(ids);
    expect(app.simulators.map((sim) => [sim.vendor, sim.server.stats().total])).toEqual(app.simulators.map((sim) => [sim.vendor, 0]));
  });

  it('serves the stored copy with stale: true and no error when a vendor fails its refresh', async () => {
    const vendor = app.services.vendors.all().find((connection) => connection.reads({ batching: true }).prospects !== undefined)!.vendor;
    const simulator = app.simulator(vendor.toLowerCase() as Parameters<TestApp['simulator']>[0]);
    simulator.server.setFaults({ errorRate: 1 });
    try {
      await app.services.readModel.run();
      const query = 'query($vendor: Vendor) { prospects(first: 3, filter: { vendor: $vendor }) { totalCount edges { node { freshness { stale syncedAt } } } } }';
      const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { vendor } }) });
      const body = (await response.json()) as {
        data: { prospects: Page<{ freshness: { stale: boolean; syncedAt: string | null } }> };
        errors?: unknown[];
        extensions?: { freshness?: { stale: { vendor: string; since: string | null }[] } };
      };
      expect(body.errors).toBeUndefined();
      expect(body.data.prospects.edges.length).toBe(3);
      expect(body.data.prospects.edges.every((edge) => edge.node.freshness.stale && edge.node.freshness.syncedAt !== null)).toBe(true);
      expect(body.extensions?.freshness?.stale).toEqual([{ vendor, since: expect.any(String) }]);
      // What other vendors feed stays fresh, and says nothing.
      const others = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ leases(first: 3) { edges { node { freshness { stale } } } } }' }) });
      const othersBody = (await others.json()) as { data: { leases: Page<{ freshness: { stale: boolean } }> }; extensions?: unknown };
      expect(othersBody.data.leases.edges.map((edge) => edge.node.freshness.stale)).toEqual([false, false, false]);
      expect(othersBody.extensions).toBeUndefined();
    } finally {
      simulator.server.setFaults({ errorRate: 0 });
    }
  });
});
