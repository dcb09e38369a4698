import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../utils/app.js';
import { forgetFullSyncs } from '../utils/read-model.js';

/**
 * totalCount on the connections, read from the vendors (before a full sync holds their
 * records) and from the store: the number of nodes matching the filter over all pages,
 * the same on every page, and exactly what walking the pages finds.
 */

interface Page {
  edges: { node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

describe.each([
  { source: 'the vendors', fromStore: false },
  { source: 'the store', fromStore: true },
])('totalCount of connections read from $source', ({ fromStore }) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: 40, synced: true });
    if (!fromStore) await forgetFullSyncs(app);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  /** Walks `path` (a connection selected by `query`, which takes $first and $after) page by page. */
  async function walk(query: string, pick: (data: Record<string, unknown>) => Page, first: number): Promise<{ ids: string[]; counts: number[] }> {
    const ids: string[] = [];
    const counts: number[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 500; guard++) {
      const response = await app.graphql<Record<string, unknown>>(query, { first, after });
      expect(response.errors).toBeUndefined();
      const page = pick(response.data!);
      ids.push(...page.edges.map((edge) => edge.node.id));
      counts.push(page.totalCount);
      if (!page.pageInfo.hasNextPage) return { ids, counts };
      after = page.pageInfo.endCursor;
    }
    throw new Error('no last page');
  }

  const selection = 'totalCount edges { node { id } } pageInfo { hasNextPage endCursor }';

  it.each([
    ['lockboxes', ''],
    ['listings', ''],
    ['protocols', ''],
    ['showings', ''],
    ['prospects', ''],
    ['units', ''],
    ['leases', ''],
    ['listings', ', filter: { vendor: LEASEY }'],
  ])('counts %s%s as many as every page holds, on every page', async (field, filter) => {
    const { ids, counts } = await walk(`query($first: Int, $after: String) { ${field}(first: $first, after: $after${filter}) { ${selection} } }`, (data) => data[field] as Page, 7);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    expect(counts).toEqual(counts.map(() => ids.length));
  });

  it('counts a lockbox\'s events and a unit\'s prospects and showings the same way', async () => {
    const lockboxes = await app.graphql<{ lockboxes: { edges: { node: { id: string; events: { totalCount: number } } }[] } }>('{ lockboxes(first: 500) { edges { node { id events(first: 1) { totalCount } } } } }');
    const lockbox = lockboxes.data!.lockboxes.edges.map((edge) => edge.node).sort((a, b) => b.events.totalCount - a.events.totalCount)[0]!;
    expect(lockbox.events.totalCount).toBeGreaterThan(1);
    let after: string | null = null;
    const seen: string[] = [];
    for (;;) {
      const response: { data: { node: { events: Page } } | null } = await app.graphql('query($id: ID!, $after: String) { node(id: $id) { ... on Lockbox { events(first: 1, after: $after) { ' + selection + ' } } } }', { id: lockbox.id, after });
      const page = response.data!.node.events;
      expect(page.totalCount).toBe(lockbox.events.totalCount);
      seen.push(...page.edges.map((edge) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(lockbox.events.totalCount);

    const units = await app.graphql<{ units: { edges: { node: { prospects: { totalCount: number; edges: unknown[] }; showings: { totalCount: number; edges: unknown[] } } }[] } }>(
      '{ units(first: 40) { edges { node { prospects(first: 50) { totalCount edges { cursor } } showings(first: 50) { totalCount edges { cursor } } } } } }',
    );
    expect(units.errors).toBeUndefined();
    const nodes = units.data!.units.edges.map((edge) => edge.node);
    expect(nodes.some((node) => node.prospects.totalCount > 0)).toBe(true);
    for (const node of nodes) {
      expect(node.prospects.totalCount).toBe(node.prospects.edges.length);
      expect(node.showings.totalCount).toBe(node.showings.edges.length);
    }
  });
});
