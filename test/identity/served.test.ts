import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startTestApp, type TestApp } from '../utils/app.js';

interface UnitsPage {
  units: { edges: { node: { id: string; sources: { externalId: string }[] } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const PAGE = `query Page($first: Int, $after: String) {
  units(first: $first, after: $after) { edges { node { id sources { externalId } } } pageInfo { hasNextPage endCursor } }
}`;

async function readiness(app: TestApp): Promise<{ status: number; checks: Record<string, unknown> }> {
  const response = await request(`${app.url}/readyz`);
  const body = (await response.body.json()) as { checks: Record<string, unknown> };
  return { status: response.statusCode, checks: body.checks };
}

async function walkIds(app: TestApp): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const { data }: { data: UnitsPage | null } = await app.graphql<UnitsPage>(PAGE, { first: 100, after });
    ids.push(...data!.units.edges.map((e) => e.node.id));
    if (!data!.units.pageInfo.hasNextPage) return ids;
    after = data!.units.pageInfo.endCursor;
  }
  throw new Error('the walk did not end');
}

// Pages come from the index in the store once it is built: on both engines.
describe.each(['sqlite', 'postgres'] as const)('the gateway over the identity index on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(async () => {
    await app.close();
  });

  it('serves units from the rent roll before the first sync and from the index after, one cursor across both', async () => {
    const before = await readiness(app);
    expect(before).toMatchObject({ status: 503, checks: { identitySync: 'first sync not started', readModel: 'first sync not started' } });
    const first = await app.graphql<UnitsPage>(PAGE, { first: 70 });
    expect(first.errors).toBeUndefined();
    const seen = first.data!.units.edges.map((e) => e.node.id);

    const result = (await app.services.readModel.run()).identity;
    expect(result.vendors.every((v) => v.ok)).toBe(true);
    expect(await readiness(app)).toMatchObject({ status: 200, checks: { identitySync: true, readModel: true } });

    // The cursor from the rent-roll directory resumes in the index, at the same place.
    const rest: string[] = [];
    let after = first.data!.units.pageInfo.endCursor;
    for (let page = 0; page < 20 && after !== null; page++) {
      const { data, errors }: { data: UnitsPage | null; errors?: unknown } = await app.graphql<UnitsPage>(PAGE, { first: 70, after });
      expect(errors).toBeUndefined();
      rest.push(...data!.units.edges.map((e) => e.node.id));
      after = data!.units.pageInfo.hasNextPage ? data!.units.pageInfo.endCursor : null;
    }
    const all = await walkIds(app);
    expect(all).toHaveLength(result.units);
    expect(rest).toEqual(all.slice(all.indexOf(seen.at(-1)!) + 1));
    expect(all.slice(0, 70)).toEqual(seen);
  });

  it('finds a unit by global id and by its rent-roll id through the index', async () => {
    const { data } = await app.graphql<UnitsPage>(PAGE, { first: 3 });
    const unit = data!.units.edges[2]!.node;
    const found = await app.graphql<{ n: { id: string } | null; s: { id: string } | null }>(
      'query($id: ID!, $ext: String!) { n: node(id: $id) { id } s: nodeBySource(vendor: RENTROLL, type: UNIT, externalId: $ext) { id } }',
      { id: unit.id, ext: unit.sources[0]!.externalId },
    );
    expect(found.errors).toBeUndefined();
    expect(found.data).toEqual({ n: { id: unit.id }, s: { id: unit.id } });
  });

  it('finds a unit several vendors know by each vendor\'s id', async () => {
    const { data } = await app.graphql<{ units: { edges: { node: { id: string; sources: { vendor: string; externalId: string }[] } }[] } }>(
      '{ units(first: 100) { edges { node { id sources { vendor externalId } } } } }',
    );
    const unit = data!.units.edges.map((e) => e.node).find((u) => new Set(u.sources.map((s) => s.vendor)).size >= 3)!;
    for (const source of unit.sources) {
      const found = await app.graphql<{ s: { id: string } | null }>(
        `query($ext: String!) { s: nodeBySource(vendor: ${source.vendor}, type: UNIT, externalId: $ext) { id } }`,
        { ext: source.externalId },
      );
      expect(found.data).toEqual({ s: { id: unit.id } });
    }
  });
});

describe.each(['sqlite', 'postgres'] as const)('the background identity sync on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine, env: { RENTGRAPH_SYNC_INTERVAL_SECONDS: '0' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('starts right after listening and makes the gateway ready', async () => {
    const deadline = Date.now() + 15_000;
    let ready = await readiness(app);
    while (ready.status !== 200 && Date.now() < deadline) {
      expect(typeof ready.checks['readModel']).toBe('string');
      await new Promise((resolve) => setTimeout(resolve, 50));
      ready = await readiness(app);
    }
    expect(ready).toMatchObject({ status: 200, checks: { identitySync: true, readModel: true } });
    expect(app.services.identity.status()).toMatchObject({ firstSyncDone: true, running: false, lastError: null });
  });
});
