import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../utils/app.js';
import { query, rentengineOf } from './support.js';

/** One id of each type, as the graph hands them out in its lists. */
const IDS = `{
  lockboxes(first: 100) { edges { node { id sources { vendor externalId } events(first: 1) { edges { node { id } } } } } }
  re: prospects(first: 1, filter: { vendor: RENTENGINE }) { edges { node { id sources { vendor externalId } leasingEvents { id } } } }
  le: prospects(first: 1, filter: { vendor: LEASEY }) { edges { node { id sources { vendor externalId } } } }
  reShowings: showings(first: 1, filter: { vendor: RENTENGINE }) { edges { node { id sources { vendor externalId } } } }
  leShowings: showings(first: 1, filter: { vendor: LEASEY }) { edges { node { id sources { vendor externalId } } } }
  multifamilyProperties(first: 1) { edges { node { id sources { vendor externalId } } } }
  floorplans(first: 1) { edges { node { id sources { vendor externalId } } } }
  subteams(first: 1) { edges { node { id sources { vendor externalId } } } }
  prescreeningTemplates(first: 1) { edges { node { id sources { vendor externalId } } } }
}`;

interface Item {
  id: string;
  sources?: { vendor: string; externalId: string }[];
}
type Page = { edges: { node: Item & { events?: { edges: { node: Item }[] }; leasingEvents?: Item[] } }[] };

const ENTITY_OF: Record<string, string> = {
  Lockbox: 'LOCKBOX', LockboxEvent: 'LOCKBOX_EVENT', Prospect: 'PROSPECT', Showing: 'SHOWING', LeasingEvent: 'LEASING_EVENT',
  MultifamilyProperty: 'MULTIFAMILY_PROPERTY', Floorplan: 'FLOORPLAN', Subteam: 'SUBTEAM', PrescreeningTemplate: 'PRESCREENING_TEMPLATE',
};

describe('node(id) for lockboxes, prospects, showings, leasing events and the portfolio', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ synced: true });
    // A RentEngine showing and leasing events exist only once webhooks delivered them.
    const rentengine = rentengineOf(app);
    let scheduled = false;
    for (let i = 0; i < 200 && !scheduled; i++) {
      const prospect = rentengine.store.prospects.rows.find((p) => p.status === 'Showing Desired' && p.unit_of_interest !== null && rentengine.store.units.get(p.unit_of_interest)?.status === 'Available')
        ?? rentengine.activity.newProspect();
      const event = rentengine.activity.stepProspect(prospect.id);
      scheduled = event?.event_type === 'Showing Scheduled' && event.planned_date_time !== null;
    }
    // The newest prospect, first on the list, then has a leasing event ("New").
    rentengine.activity.newProspect();
    await rentengine.webhooks.idle();
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('round-trips every type through node(id), nodes(ids) and nodeBySource', async () => {
    const data = await query<Record<string, Page>>(app, IDS);
    const items: { type: string; item: Item }[] = [];
    const first = (page: Page) => page.edges[0]!.node;
    const typeOf = (id: string) => Buffer.from(id, 'base64url').toString().split(':')[0]!;
    for (const page of Object.values(data)) items.push({ type: typeOf(first(page).id), item: first(page) });
    items.push({ type: 'LockboxEvent', item: data['lockboxes']!.edges.find((e) => e.node.events!.edges.length > 0)!.node.events!.edges[0]!.node });
    items.push({ type: 'LeasingEvent', item: first(data['re']!).leasingEvents![0]! });
    expect(new Set(items.map((i) => i.type))).toEqual(new Set(Object.keys(ENTITY_OF)));
    expect(items.filter((i) => i.type === 'Prospect')).toHaveLength(2);
    expect(items.filter((i) => i.type === 'Showing')).toHaveLength(2);

    const ids = items.map((i) => i.item.id);
    const found = await query<{ nodes: ({ id: string; __typename: string } | null)[] }>(app, 'query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }', { ids });
    expect(found.nodes).toEqual(items.map((i) => ({ id: i.item.id, __typename: i.type })));

    for (const { type, item } of items) {
      const single = await query<{ node: { id: string } | null }>(app, 'query($id: ID!) { node(id: $id) { id } }', { id: item.id });
      expect(single.node?.id, type).toBe(item.id);
      if (item.sources === undefined) continue;
      const source = item.sources[0]!;
      const bySource = await query<{ nodeBySource: { id: string } | null }>(
        app,
        `query($vendor: Vendor!, $type: EntityType!, $ext: String!) { nodeBySource(vendor: $vendor, type: $type, externalId: $ext) { id } }`,
        { vendor: source.vendor, type: ENTITY_OF[type], ext: source.externalId },
      );
      expect(bySource.nodeBySource?.id, `${type} by source`).toBe(item.id);
    }
  });

  it('answers null for ids of records the vendors do not have', async () => {
    const missing = [
      ['Lockbox', 'RENTENGINE:00000000-0000-4000-8000-000000000000'],
      ['Prospect', 'RENTENGINE:1'],
      ['Prospect', 'LEASEY:1'],
      ['Prospect', 'RENTROLL:1'],
      ['Showing', 'RENTENGINE:1'],
      ['Showing', 'LEASEY:nobody'],
      ['Floorplan', 'RENTENGINE:00000000-0000-4000-8000-000000000000'],
      ['Subteam', 'RENTENGINE:nothing'],
    ].map(([type, key]) => Buffer.from(`${type}:${key}`).toString('base64url'));
    const data = await query<{ nodes: unknown[] }>(app, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: missing });
    expect(data.nodes).toEqual(missing.map(() => null));
  });
});
