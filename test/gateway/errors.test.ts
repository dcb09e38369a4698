import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { QUERY_LIMITS } from '../../src/limits.js';
import { startTestApp, type TestApp } from '../utils/app.js';

interface Answer {
  status: number;
  contentType: string | undefined;
  body: { data?: unknown; errors?: { message: string; extensions: { code: string } }[] };
}

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

describe('errors on /graphql', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const post = async (body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Answer> => {
    const response = await request(`${app.url}/graphql`, { method: 'POST', headers, body });
    const contentType = response.headers['content-type'];
    return { status: response.statusCode, contentType: typeof contentType === 'string' ? contentType : undefined, body: (await response.body.json()) as Answer['body'] };
  };

  /** The one error shape: no data, one error with this code and a message matching. */
  const expectError = (answer: Answer, status: number, message: RegExp, code = 'BAD_USER_INPUT') => {
    expect(answer.status).toBe(status);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(message), extensions: expect.objectContaining({ code }) })]);
  };

  it('answers a syntax error as the client\'s: 400 to graphql-response+json, 200 to legacy JSON clients', async () => {
    const modern = await post(JSON.stringify({ query: '{' }), { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE });
    expectError(modern, 400, /^Syntax Error: Expected Name, found <EOF>/);
    expect(modern.contentType).toMatch(/^application\/graphql-response\+json/);
    const legacy = await post(JSON.stringify({ query: 'query books / { books { title } }' }), { 'content-type': 'application/json', accept: 'application/json' });
    expectError(legacy, 200, /^Syntax Error: /);
    expect(legacy.contentType).toMatch(/^application\/json/);
    expectError(await post(JSON.stringify({ query: 'test' })), 200, /^Syntax Error: Unexpected Name "test"/);
  });

  it('answers unreadable JSON bodies with 400 in the GraphQL error shape', async () => {
    expectError(await post('{"query": "{ vendors { vendor } }"'), 400, /^expected a JSON object .* got text that is not valid JSON/);
    expectError(await post(''), 400, /^expected a JSON object .* got an empty body/);
    expectError(await post('{"__proto__": {"query": 1}}'), 400, /not valid JSON/);
    const modern = await post('{', { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE });
    expectError(modern, 400, /not valid JSON/);
    expect(modern.contentType).toMatch(/^application\/graphql-response\+json/);
  });

  it('answers a body that is JSON but not a GraphQL request with 400 in the same shape', async () => {
    expectError(await post('{}'), 400, /POST body missing/);
    expectError(await post('"{ vendors { vendor } }"'), 400, /POST body missing/);
    expectError(await post(JSON.stringify({ query: 42 })), 400, /must be strings/);
    expectError(await post(JSON.stringify({ query: '{ __typename }', variables: '{}' })), 400, /variables/);
    expectError(await post(JSON.stringify({ operationName: 'x' })), 400, /non-empty `query`/);
  });

  it('answers an unsupported content-type with 415 and a body over 1 MB with 413, in the same shape', async () => {
    expectError(await post('{ vendors { vendor } }', { 'content-type': 'application/graphql' }), 415, /^expected content-type application\/json, got "application\/graphql"$/);
    expectError(await post('query=%7B__typename%7D', { 'content-type': 'application/x-www-form-urlencoded' }), 415, /expected content-type application\/json/);
    const huge = JSON.stringify({ query: `{ __typename }${' '.repeat(1_100_000)}` });
    expectError(await post(huge), 413, /^expected a body of at most 1048576 bytes/);
  });

  it('refuses a POST whose Accept takes no JSON type with 406, before it runs', async () => {
    const calls = () => app.simulators.reduce((sum, sim) => sum + sim.server.stats().total, 0);
    const body = JSON.stringify({ query: '{ units(first: 3) { edges { node { leases { tenants { name } } } } } }' });
    for (const sim of app.simulators) sim.server.resetStats();
    expectError(await post(body, { 'content-type': 'application/json', accept: 'text/html' }), 406, /^expected an Accept header that takes application\/json .* got "text\/html"$/);
    expect(calls()).toBe(0);
    expect((await post(body, { 'content-type': 'application/json', accept: 'application/json' })).status).toBe(200);
    expect(calls()).toBeGreaterThan(0);
  });

  it('answers other methods with 405 and an Allow header, in the same shape', async () => {
    const response = await request(`${app.url}/graphql`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.statusCode).toBe(405);
    expect(response.headers['allow']).toBe('GET, POST');
    expect(await response.body.json()).toEqual({ errors: [{ message: 'expected GET or POST on /graphql, got PUT', extensions: { code: 'BAD_USER_INPUT' } }] });
  });

  it('answers a GET whose Host header is not a host name like any other', async () => {
    const response = await request(`${app.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { host: 'not a host', 'apollo-require-preflight': '1' } });
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers a persisted query whose hash does not match its text as the client\'s mistake, and logs nothing', async () => {
    const logged = app.logs.length;
    const query = '{ vendors { vendor } }';
    const wrongHash = createHash('sha256').update(`${query} `).digest('hex');
    const answer = await post(JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: wrongHash } } }));
    expectError(answer, 400, /sha does not match/);
    const errorLines = app.logs.slice(logged).filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    expect(errorLines).toEqual([]);
    expect(app.logs.slice(logged).join('')).not.toContain('"stack"');
  });

  it('answers a variable that does not fit its type: 400 to graphql-response+json, 200 to legacy JSON clients', async () => {
    const body = JSON.stringify({ query: 'query ($first: Int!) { units(first: $first) { edges { node { id } } } }', variables: { first: 'ten' } });
    expectError(await post(body, { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE }), 400, /Variable "\$first" got invalid value "ten"/);
    expectError(await post(body, { 'content-type': 'application/json', accept: 'application/json' }), 200, /Variable "\$first" got invalid value "ten"/);
  });

  it('answers graphql-ws operations that cannot run with an error message coded BAD_USER_INPUT, and keeps the connection', async () => {
    const client = createClient({ url: `${app.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    let closed = false;
    client.on('closed', () => (closed = true));
    const outcomeOf = (query: string, operationName?: string) =>
      new Promise<unknown>((resolve) => {
        client.subscribe({ query, ...(operationName !== undefined && { operationName }) }, { next: resolve, error: resolve, complete: () => undefined });
      });
    try {
      const fields = Array.from({ length: QUERY_LIMITS.maxTokens }, () => '__typename').join(' ');
      expect(await outcomeOf(`{ ${fields} }`)).toEqual([
        expect.objectContaining({ message: expect.stringMatching(new RegExp(`^Syntax Error: Document contains more .* ${QUERY_LIMITS.maxTokens} tokens`)), extensions: { code: 'BAD_USER_INPUT' } }),
      ]);
      expect(await outcomeOf('{')).toEqual([expect.objectContaining({ message: expect.stringMatching(/^Syntax Error/), extensions: { code: 'BAD_USER_INPUT' } })]);
      expect(await outcomeOf('{ noSuchField }')).toEqual([expect.objectContaining({ message: expect.stringMatching(/noSuchField/), extensions: { code: 'BAD_USER_INPUT' } })]);
      expect(await outcomeOf('query A { __typename }', 'B')).toEqual([{ message: 'expected the document to hold an operation named "B", got none to run', extensions: { code: 'BAD_USER_INPUT' } }]);
      expect(await outcomeOf('{ __typename }')).toEqual({ data: { __typename: 'Query' } });
      expect(closed).toBe(false);
      expect(app.logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50)).toEqual([]);
    } finally {
      await client.dispose();
    }
  });
});
