import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../utils/app.js';

/**
 * A document's first run is interpreted by graphql-js, later runs execute compiled
 * code (src/execution/jit.ts). Clients must not be able to tell the two apart.
 */
const PAGE = `
  query Page($first: Int!, $withLeases: Boolean!) {
    units(first: $first) {
      edges {
        cursor
        node {
          id
          ...Where
          sources { vendor externalId }
          leases @include(if: $withLeases) { id start end moveIn status primaryTenant { name } tenants { id name email phone } }
          currentLease { id }
          lockboxes { id serialNumber lockboxType __typename ... on Node { nodeId: id } }
          listings { id vendor title }
          renamed: bedrooms
        }
      }
      pageInfo { hasNextPage endCursor }
    }
    vendors { vendor mode circuit }
  }
  fragment Where on Unit { address { line1 city postalCode formatted } }
`;

describe('compiled execution', () => {
  let app: TestApp;
  const runs = async () => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    const count = (kind: string) => Number(new RegExp(`rentgraph_graphql_operations\\{execution="${kind}"\\} (\\d+)`).exec(text)?.[1] ?? 'NaN');
    return { compiled: count('compiled'), interpreted: count('interpreted') };
  };

  beforeAll(async () => {
    app = await startTestApp({ synced: true });
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('answers a repeated query exactly as graphql-js answered it the first time', async () => {
    const before = await runs();
    const variables = { first: 40, withLeases: true };
    const first = await app.graphql(PAGE, variables);
    expect(first.errors).toBeUndefined();
    const second = await app.graphql(PAGE, variables);
    const third = await app.graphql(PAGE, { ...variables, withLeases: false });
    const after = await runs();
    expect(after).toEqual({ compiled: before.compiled + 2, interpreted: before.interpreted + 1 });
    expect(first.errors).toBeUndefined();
    expect(second).toEqual(first);
    const edges = (third.data as { units: { edges: { node: Record<string, unknown> }[] } }).units.edges;
    expect(edges).toHaveLength(40);
    expect(edges.every((edge) => !('leases' in edge.node))).toBe(true);
  });

  it('keeps partial results, codes, paths and locations when a vendor fails under a compiled query', async () => {
    const rentengine = app.simulator('rentengine').server;
    rentengine.setFaults({ errorRate: 1, errorStatus: 503 });
    try {
      // Showing availability is always read live, so the vendor's failure reaches the answer
      // whatever the read model holds.
      const query = '{ units(first: 10, filter: { vendor: RENTENGINE }) { edges { node { id showingAvailability { start end } } } } }';
      // The first answer's failures open the vendor's circuit, so the second one's messages say
      // so: the data, and each error's path, location, code and vendor, must be the same.
      const shape = (answer: Awaited<ReturnType<TestApp['graphql']>>) => ({
        status: answer.status,
        data: answer.data,
        // Errors come in the order the vendor calls settle, which differs between two runs.
        errors: answer.errors
          ?.map((error) => ({ path: error.path, locations: (error as { locations?: unknown }).locations, code: error.extensions['code'], vendor: error.extensions['vendor'] }))
          .sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path))),
      });
      const interpreted = await app.graphql(query);
      const compiled = await app.graphql(query);
      expect(shape(compiled)).toEqual(shape(interpreted));
      expect(compiled.errors?.length).toBeGreaterThan(0);
      expect(compiled.errors![0]!.extensions).toMatchObject({ code: 'VENDOR_UNAVAILABLE', vendor: 'RENTENGINE' });
    } finally {
      rentengine.setFaults({ errorRate: 0 });
    }
  });

  it.each([
    ['a new document (interpreted)', 0],
    ['a compiled document', 2],
  ])('refuses bad variables of %s with BAD_USER_INPUT in graphql-js words, 400 to graphql-response+json and 200 to JSON clients', async (_name, goodRuns) => {
    const query = `query Few${goodRuns}($first: Int!) { units(first: $first) { edges { node { id } } } }`;
    for (let i = 1; i <= goodRuns; i++) expect((await app.graphql(query, { first: i })).errors).toBeUndefined();
    for (const [accept, status] of [['application/graphql-response+json', 400], ['application/json', 200]] as const) {
      const refused = await app.graphql(query, { first: 'many' }, { accept });
      expect(refused.status).toBe(status);
      expect(refused.data).toBeNull();
      expect(refused.errors).toHaveLength(1);
      expect(refused.errors![0]!.message).toMatch(/^Variable "\$first" got invalid value "many"; Int cannot represent non-integer value/);
      expect(refused.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('keeps the code of an error a resolver throws', async () => {
    const query = '{ units(first: -1) { edges { node { id } } } }';
    const interpreted = await app.graphql(query);
    const compiled = await app.graphql(query);
    expect(compiled).toEqual(interpreted);
    expect(compiled.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(compiled.errors![0]).toHaveProperty('locations', [{ line: 1, column: 3 }]);
  });
});
