import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { request } from 'undici';
import { ERROR_CODES } from '../../src/errors.js';
import { startTestApp, type TestApp } from '../utils/app.js';

const KEY = 'fuzz-client-key-0123456789';
/** Fixed, so every run sends the same requests; change it to explore others. */
const SEED = 20_261_206;
const RUNS = 400;

interface FuzzRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS';
  /** Path and query string, sent as is. */
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array | string;
}

/** Counterexamples print short: a body can be a megabyte. */
function printable(fuzz: FuzzRequest): FuzzRequest {
  return Object.assign(fuzz, {
    [fc.toStringMethod]: () => {
      const body = fuzz.body === undefined ? '' : typeof fuzz.body === 'string' ? fuzz.body : Buffer.from(fuzz.body).toString('latin1');
      return `${fuzz.method} ${fuzz.path.slice(0, 200)} ${JSON.stringify(fuzz.headers)} body(${body.length}): ${JSON.stringify(body.slice(0, 200))}`;
    },
  });
}

const VALID_QUERY = '{ units(first: 2) { edges { node { id leases { tenants { name } } } } } }';

const text = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('', '{', '}', '{ __typename }', VALID_QUERY, 'query ($first: Int!) { units(first: $first) { edges { node { id } } } }', 'mutation { upsertUnit(input: {}) { id } }', 'subscription { changes { cursor } }', '#', '\u0000', '"\\u0000"'),
);

/** Any JSON value: the wrong types for every field. */
const json = fc.jsonValue({ maxDepth: 4 });

const contentType = fc.oneof(
  fc.constantFrom(
    'application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'APPLICATION/JSON', 'application/graphql-response+json',
    'application/graphql', 'text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
    'application/xml', 'application/octet-stream', 'application/json;;;', ';', '*/*', 'application/',
  ),
  fc.string({ maxLength: 40 }).filter((value) => /^[\x20-\x7e]*$/.test(value)),
);

const accept = fc.oneof(
  { arbitrary: fc.constantFrom(undefined, 'application/json', 'application/graphql-response+json', 'application/graphql-response+json, application/json;q=0.9'), weight: 6 },
  { arbitrary: fc.constantFrom('text/html', '*/*', 'multipart/mixed', 'application/xml', 'application/json;q=0', ';;;', 'text/html, application/json;q=0.1'), weight: 2 },
  { arbitrary: fc.string({ maxLength: 40 }).filter((value) => /^[\x20-\x7e]*$/.test(value)), weight: 1 },
);

/** Which key the request carries: mostly the right one, so most requests reach Apollo. */
const key = fc.oneof(
  { arbitrary: fc.constantFrom<Record<string, string>>({ 'x-api-key': KEY }, { authorization: `Bearer ${KEY}` }), weight: 8 },
  { arbitrary: fc.constantFrom<Record<string, string>>({}, { 'x-api-key': 'wrong-key-000000000000' }, { authorization: 'Basic Zm9vOmJhcg==' }), weight: 1 },
);

const deepJson = fc.integer({ min: 1, max: 50_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`);
const deepDocument = fc.integer({ min: 1, max: 4_000 }).map((depth) => JSON.stringify({ query: `{${' units(first: 1) { edges { node { leases {'.repeat(depth)} id ${'} } } }'.repeat(depth)}}` }));
const deepVariables = fc.integer({ min: 1, max: 5_000 }).map((depth) => `{"query": "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", "variables": {"ids": ${'['.repeat(depth)}"x"${']'.repeat(depth)}}}`);

const body = fc.oneof(
  fc.uint8Array({ maxLength: 2_048 }),
  // A valid request cut short anywhere.
  fc.tuple(fc.record({ query: text, variables: json, operationName: json, extensions: json }), fc.nat()).map(([value, cut]) => {
    const whole = JSON.stringify(value);
    return whole.slice(0, cut % (whole.length + 1));
  }),
  // Wrong types (and wrong names) for query, variables, extensions and operationName.
  fc.record({ query: fc.oneof(text, json), variables: json, extensions: fc.oneof(json, fc.record({ persistedQuery: json })), operationName: fc.oneof(text, json) }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
  fc.array(fc.record({ query: text }), { maxLength: 3 }).map((value) => JSON.stringify(value)),
  json.map((value) => JSON.stringify(value)),
  // Huge strings: a long document, and a body over the 1 MB limit.
  fc.integer({ min: 10_000, max: 300_000 }).map((length) => JSON.stringify({ query: `{ ${'a'.repeat(length)} }` })),
  fc.constant(JSON.stringify({ query: '{ __typename }', variables: { blob: 'x'.repeat(1_100_000) } })),
  deepJson,
  deepDocument,
  deepVariables,
  fc.constantFrom('', ' ', 'null', '{}', '[]', '{"__proto__": {"query": "{ __typename }"}}', '{"query": "{ __typename }", "constructor": {"prototype": {}}}'),
);

/** GET parameters, percent-encoded or raw, repeated, malformed. */
const getParameter = fc.oneof(
  fc.tuple(fc.constantFrom('query', 'variables', 'extensions', 'operationName', '%71uery', 'Query', 'query[]', ''), fc.oneof(text, json.map((value) => JSON.stringify(value)))).map(
    ([name, value]) => `${name}=${encodeURIComponent(value)}`,
  ),
  fc.constantFrom('query=%', 'query=%zz', 'query=%00', 'variables=%7B', 'extensions=%5B%5D', 'extensions=%7B%22persistedQuery%22%3A%7B%22version%22%3A1%2C%22sha256Hash%22%3A%22abc%22%7D%7D', '&&&', '=', 'query', '%%%', 'query=%7B__typename%7D&query=%7B__typename%7D'),
  fc.string({ maxLength: 60 }).filter((value) => /^[\x21-\x7e]*$/.test(value) && !value.includes('#')),
);

const postContentType = fc.oneof({ arbitrary: fc.constant('application/json'), weight: 6 }, { arbitrary: fc.option(contentType, { nil: undefined }), weight: 3 });

const postRequest: fc.Arbitrary<FuzzRequest> = fc.record({ key, contentType: postContentType, accept, preflight: fc.boolean(), body }).map((r) => printable({
  method: 'POST',
  path: '/graphql',
  headers: { ...r.key, ...(r.contentType !== undefined && { 'content-type': r.contentType }), ...(r.accept !== undefined && { accept: r.accept }), ...(r.preflight && { 'apollo-require-preflight': '1' }) },
  body: r.body,
}));

const getRequest: fc.Arbitrary<FuzzRequest> = fc.record({ key, accept, preflight: fc.boolean(), contentType: fc.option(contentType, { nil: undefined, freq: 1 }), params: fc.array(getParameter, { maxLength: 4 }) }).map((r) => printable({
  method: 'GET',
  path: `/graphql${r.params.length === 0 ? '' : `?${r.params.join('&')}`}`,
  headers: { ...r.key, ...(r.accept !== undefined && { accept: r.accept }), ...(r.preflight && { 'apollo-require-preflight': '1' }), ...(r.contentType !== undefined && { 'content-type': r.contentType }) },
}));

const otherRequest: fc.Arbitrary<FuzzRequest> = fc.record({ method: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS') as fc.Arbitrary<FuzzRequest['method']>, key, body: fc.option(body, { nil: undefined }) }).map((r) => printable({
  method: r.method,
  path: '/graphql',
  headers: { ...r.key, 'content-type': 'application/json' },
  ...(r.body !== undefined && { body: r.body }),
}));

const fuzzRequest = fc.oneof({ arbitrary: postRequest, weight: 6 }, { arbitrary: getRequest, weight: 3 }, { arbitrary: otherRequest, weight: 1 });

interface ErrorBody {
  errors?: unknown;
}

/** Null when the answer keeps the contract; else what is wrong with it. */
function breach(status: number, contentType: string, text: string): string | null {
  if (status >= 500) return `status ${status}`;
  if (status < 300 && !contentType.startsWith('application/')) return null; // the landing page
  let parsed: ErrorBody;
  try {
    parsed = JSON.parse(text) as ErrorBody;
  } catch {
    return status >= 300 ? 'a non-2xx body that is not JSON' : null;
  }
  if (parsed.errors === undefined) return status >= 300 ? 'a non-2xx body without errors[]' : null;
  if (!Array.isArray(parsed.errors) || parsed.errors.length === 0) return 'errors is not a non-empty list';
  for (const error of parsed.errors as { message?: unknown; extensions?: { code?: unknown } }[]) {
    if (typeof error.message !== 'string') return 'an error without a message';
    if (!ERROR_CODES.includes(error.extensions?.code as never)) return `an error coded ${String(error.extensions?.code)}`;
  }
  return null;
}

describe('/graphql under malformed requests', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { RENTGRAPH_API_KEYS: KEY } });
  });
  afterAll(async () => {
    await app.close();
  });

  it(`answers ${RUNS} seeded malformed requests below 500, each error in the one shape with a listed code`, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fuzzRequest, async (fuzz) => {
        const response = await request(`${app.url}${fuzz.path}`, { method: fuzz.method, headers: fuzz.headers, ...(fuzz.body !== undefined && { body: fuzz.body }) });
        const answer = await response.body.text();
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        const contentType = String(response.headers['content-type'] ?? '');
        const problem = breach(response.statusCode, contentType, answer);
        if (problem !== null) throw new Error(`answered ${response.statusCode} with ${problem}: ${answer.slice(0, 300)}`);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    const histogram = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ');
    console.log(`fuzz: ${RUNS} requests, seed ${SEED}: ${histogram}`);
    // The requests reach past the key check and the body parser, not only the first refusal.
    expect([...statuses.keys()]).toEqual(expect.arrayContaining([200, 400, 401, 405, 413, 415]));
    expect(app.logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50)).toEqual([]);
    // And the gateway still answers.
    expect((await app.graphql('{ vendors { vendor } }', undefined, { 'x-api-key': KEY })).status).toBe(200);
  }, 120_000);
});
