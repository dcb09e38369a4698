import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProspectModel } from '../../../src/domain/models.js';
import { startTestApp, type TestApp } from '../../utils/app.js';
import { forgetFullSyncs } from '../../utils/read-model.js';
import { callsByVendor, globalId, query, rentengineOf, rentengineRoute, resetStats } from '../support.js';
import { leasey } from '../../../src/vendors/leasey/index.js';

interface ProspectPage {
  prospects: {
    edges: { cursor: string; node: { id: string; createdAt: string | null; sources: { vendor: string; externalId: string }[] } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const PAGE = `query($after: String, $filter: ProspectFilter) {
  prospects(first: 100, after: $after, filter: $filter) {
    edges { cursor node { id createdAt sources { vendor externalId } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const LEADS_ROUTE = 'GET /properties/leads';
/** Each lead's application, joined to the list's leads. */
const LEADS_REPORT_ROUTE = 'GET /reports/leads';

async function walk(app: TestApp, filter: Record<string, unknown> | null = null): Promise<ProspectPage['prospects']['edges']> {
  const edges: ProspectPage['prospects']['edges'] = [];
  let after: string | null = null;
  for (let page = 0; page < 20; page++) {
    const data: ProspectPage = await query<ProspectPage>(app, PAGE, { after, filter });
    edges.push(...data.prospects.edges);
    if (!data.prospects.pageInfo.hasNextPage) return edges;
    after = data.prospects.pageInfo.endCursor;
  }
  throw new Error('prospects did not end within 20 pages');
}

/**
 * Walks the prospects created in the middle half of RentEngine's (after resetting the
 * simulators' stats) and expects exactly those of both vendors; returns the window.
 */
async function expectWindowWalked(app: TestApp, leads: readonly ProspectModel[]): Promise<{ from: string; to: string }> {
  const times = rentengineOf(app).store.prospects.rows.map((p) => p.created_at).sort();
  const from = times[Math.floor(times.length / 4)]!;
  const to = times[Math.floor((3 * times.length) / 4)]!;
  resetStats(app);
  const edges = await walk(app, { createdAfter: from, createdBefore: to });
  const inWindow = (at: string | null) => at !== null && Date.parse(at) >= Date.parse(from) && Date.parse(at) < Date.parse(to);
  const expected = [
    ...rentengineOf(app).store.prospects.rows.filter((p) => inWindow(p.created_at)).map((p) => globalId('Prospect', 'RENTENGINE', p.id)),
    ...leads.filter((lead) => inWindow(lead.createdAt)).map((lead) => globalId('Prospect', 'LEASEY', lead.externalId)),
  ];
  expect(edges.map((e) => e.node.id).sort()).toEqual(expected.sort());
  return { from, to };
}

describe('prospects', () => {
  let app: TestApp;
  let leads: ProspectModel[];
  beforeAll(async () => {
    app = await startTestApp({ synced: true });
    leads = await app.services.vendors.of(leasey)!.client.propertyLeads();
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('pages through RentEngine prospects and Leasey leads, newest first, each exactly once', async () => {
    const edges = await walk(app);
    const ids = edges.map((e) => e.node.id);
    expect(new Set(ids).size).toBe(ids.length);
    const expected = [
      ...rentengineOf(app).store.prospects.rows.map((p) => globalId('Prospect', 'RENTENGINE', p.id)),
      ...leads.map((lead) => globalId('Prospect', 'LEASEY', lead.externalId)),
    ];
    expect(ids.sort()).toEqual(expected.sort());
    const times = edges.map((e) => Date.parse(e.node.createdAt!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters by vendor without asking the other vendor', async () => {
    app.services.cache.clear();
    resetStats(app);
    const edges = await walk(app, { vendor: 'RENTENGINE' });
    expect(edges.map((e) => e.node.sources[0]!.vendor)).toEqual(edges.map(() => 'RENTENGINE'));
    expect(edges).toHaveLength(rentengineOf(app).store.prospects.size);
    expect(callsByVendor(app).leasey).toBeUndefined();
  });

  it('filters by createdAfter and createdBefore from the store, asking no vendor', async () => {
    await expectWindowWalked(app, leads);
    expect(callsByVendor(app)).toEqual({});
  });

  it("lists a unit's prospects from both vendors, each pointing back to the unit", async () => {
    const store = rentengineOf(app).store;
    const unit = app.world.units.find((u) =>
      u.ids.rentengine !== undefined && u.ids.leasey !== undefined
      && store.prospects.rows.some((p) => p.unit_of_interest === u.ids.rentengine)
      && leads.some((lead) => lead.unitOfInterest?.externalId === String(u.ids.leasey)))!;
    const data = await query<{ nodeBySource: { id: string; prospects: { edges: { node: { id: string; unitOfInterest: { id: string } | null } }[] } } }>(
      app,
      'query($id: String!) { nodeBySource(vendor: RENTENGINE, type: UNIT, externalId: $id) { id ... on Unit { prospects(first: 500) { edges { node { id unitOfInterest { id } } } } } } }',
      { id: String(unit.ids.rentengine) },
    );
    const expected = [
      ...store.prospects.rows.filter((p) => p.unit_of_interest === unit.ids.rentengine).map((p) => globalId('Prospect', 'RENTENGINE', p.id)),
      ...leads.filter((lead) => lead.unitOfInterest?.externalId === String(unit.ids.leasey)).map((lead) => globalId('Prospect', 'LEASEY', lead.externalId)),
    ];
    const edges = data.nodeBySource.prospects.edges;
    expect(edges.map((e) => e.node.id).sort()).toEqual(expected.sort());
    for (const { node } of edges) expect(node.unitOfInterest?.id).toBe(data.nodeBySource.id);
  });

  it("answers a page of prospects and a page of units' prospects without calling a vendor", async () => {
    app.services.cache.clear();
    resetStats(app);
    const { prospects } = await query<{ prospects: { edges: unknown[] } }>(app, '{ prospects(first: 50) { edges { node { id name status unitOfInterest { id } } } } }');
    expect(prospects.edges).toHaveLength(50);
    await query(app, '{ units(first: 100) { edges { node { prospects(first: 5) { edges { node { id unitOfInterest { id } } } } } } } }');
    expect(callsByVendor(app)).toEqual({});
  });

  it('reads RentEngine prospects again after a prospects webhook, and shows its leasing events', async () => {
    const rentengine = rentengineOf(app);
    await query(app, '{ prospects(first: 1) { edges { node { id } } } }');
    const prospect = rentengine.activity.newProspect();
    await rentengine.webhooks.idle();
    const data = await query<{ node: { id: string; name: string; leasingEvents: { eventType: string; stage: string; prospect: { id: string } }[] } | null }>(
      app,
      'query($id: ID!) { node(id: $id) { id ... on Prospect { name leasingEvents { eventType stage prospect { id } } } } }',
      { id: globalId('Prospect', 'RENTENGINE', prospect.id) },
    );
    expect(data.node?.name).toBe(prospect.name);
    expect(data.node?.leasingEvents).toEqual([{ eventType: 'New', stage: 'NEW', prospect: { id: data.node!.id } }]);
  });

  it('finds RentEngine and Leasey prospects by global id and by vendor id', async () => {
    const rentengineProspect = rentengineOf(app).store.prospects.rows[0]!;
    const lead = leads[0]!;
    const data = await query<Record<'a' | 'b' | 'c' | 'd', { id: string; email?: string } | null>>(
      app,
      `query($a: ID!, $b: ID!, $c: String!, $d: String!) {
        a: node(id: $a) { id ... on Prospect { email } }
        b: node(id: $b) { id ... on Prospect { email } }
        c: nodeBySource(vendor: RENTENGINE, type: PROSPECT, externalId: $c) { id }
        d: nodeBySource(vendor: LEASEY, type: PROSPECT, externalId: $d) { id }
      }`,
      { a: globalId('Prospect', 'RENTENGINE', rentengineProspect.id), b: globalId('Prospect', 'LEASEY', lead.externalId), c: String(rentengineProspect.id), d: lead.externalId },
    );
    expect(data.a).toEqual({ id: globalId('Prospect', 'RENTENGINE', rentengineProspect.id), email: rentengineProspect.email });
    expect(data.b).toEqual({ id: globalId('Prospect', 'LEASEY', lead.externalId), email: lead.email });
    expect(data.c?.id).toBe(data.a?.id);
    expect(data.d?.id).toBe(data.b?.id);
  });
});

describe('prospects before the read model holds them', () => {
  let app: TestApp;
  let leads: ProspectModel[];
  beforeAll(async () => {
    app = await startTestApp({ synced: true });
    await forgetFullSyncs(app);
    leads = await app.services.vendors.of(leasey)!.client.propertyLeads();
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('pages through RentEngine prospects and Leasey leads read from the vendors, each exactly once', async () => {
    const ids = (await walk(app)).map((e) => e.node.id);
    expect(ids.sort()).toEqual([
      ...rentengineOf(app).store.prospects.rows.map((p) => globalId('Prospect', 'RENTENGINE', p.id)),
      ...leads.map((lead) => globalId('Prospect', 'LEASEY', lead.externalId)),
    ].sort());
  });

  it('passes createdAfter and createdBefore to RentEngine and applies them to Leasey leads', async () => {
    const { from, to } = await expectWindowWalked(app, leads);
    const urls = rentengineOf(app).server.requests().map((r) => new URL(r.url, 'http://sim'));
    const prospectCalls = urls.filter((u) => u.pathname.endsWith('/prospects'));
    expect(prospectCalls.length).toBeGreaterThan(0);
    for (const url of prospectCalls) {
      expect(Date.parse(url.searchParams.get('created_after')!)).toBe(Date.parse(from));
      expect(Date.parse(url.searchParams.get('created_before')!)).toBe(Date.parse(to));
    }
  });

  it('costs one RentEngine prospect walk and one Leasey lead read for a page, then nothing while cached', async () => {
    const pagesOfProspects = Math.floor(rentengineOf(app).store.prospects.size / 100) + 1;
    const reference = '{ prospects(first: 50) { edges { node { id name status unitOfInterest { id } } } } }';
    app.services.cache.clear();
    resetStats(app);
    await query(app, reference);
    expect(callsByVendor(app)).toEqual({ rentengine: { [rentengineRoute('GET', '/prospects')]: pagesOfProspects }, leasey: { [LEADS_ROUTE]: 1, [LEADS_REPORT_ROUTE]: 1 } });

    resetStats(app);
    await query(app, reference);
    expect(callsByVendor(app)).toEqual({});

    app.services.cache.clear();
    resetStats(app);
    await query(app, '{ units(first: 100) { edges { node { prospects(first: 5) { edges { node { id unitOfInterest { id } } } } } } } }');
    expect(callsByVendor(app)).toEqual({ rentengine: { [rentengineRoute('GET', '/prospects')]: pagesOfProspects }, leasey: { [LEADS_ROUTE]: 1, [LEADS_REPORT_ROUTE]: 1 } });
  });

});
