import { createHash } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../utils/app.js';

const KEY = 'test-client-key-0123456789';
const OTHER_KEY = 'other-client-key-9876543210';
const TENANTS = '{units(first:2){edges{node{leases{tenants{name email}}}}}}';
const PREFLIGHT = { 'apollo-require-preflight': '1' };

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

async function call(url: string, init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const response = await request(url, { method: init.method ?? 'GET', headers: init.headers ?? {}, ...(init.body !== undefined && { body: init.body }) });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

/** A 401 in the GraphQL error shape that carries no data. */
function expectRefused(answer: Answer): void {
  expect(answer.status).toBe(401);
  expect(answer.headers['www-authenticate']).toMatch(/^Bearer /);
  const body = JSON.parse(answer.text) as { data?: unknown; errors: { extensions: { code: string } }[] };
  expect(body.data).toBeUndefined();
  expect(body.errors.map((error) => error.extensions.code)).toEqual(['UNAUTHENTICATED']);
  expect(answer.text).not.toContain('@example.com');
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (query: string) => JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(query) } });

/** Connects with these connectionParams and reports how the connection ended, or what a query over it answered. */
async function overWebSocket(app: TestApp, connectionParams: Record<string, unknown> | undefined): Promise<{ closed: number } | { data: unknown }> {
  const client: Client = createClient({
    url: `${app.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    ...(connectionParams !== undefined && { connectionParams }),
  });
  try {
    return await new Promise((resolve, reject) => {
      client.on('closed', (event) => resolve({ closed: (event as { code: number }).code }));
      client.subscribe({ query: '{ vendors { vendor } }' }, { next: (result) => resolve({ data: result.data }), error: reject, complete: () => undefined });
    });
  } finally {
    await client.dispose();
  }
}

describe('client keys', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { RENTGRAPH_API_KEYS: `${KEY},${OTHER_KEY}` } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses a POST without a key, also from loopback', async () => {
    const { status, errors } = await app.graphql('{ vendors { vendor } }');
    expect(status).toBe(401);
    expect(errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('accepts the key as a Bearer token or x-api-key, and refuses a wrong one', async () => {
    expect((await app.graphql('{ vendors { vendor } }', {}, { authorization: `Bearer ${KEY}` })).status).toBe(200);
    expect((await app.graphql('{ vendors { vendor } }', {}, { 'x-api-key': OTHER_KEY })).status).toBe(200);
    expect((await app.graphql('{ vendors { vendor } }', {}, { 'x-api-key': `${KEY}x` })).status).toBe(401);
  });

  it('refuses a GET whose parameter name is percent-encoded and whose Accept mentions text/html', async () => {
    const url = `${app.url}/graphql?%71uery=${encodeURIComponent(TENANTS)}`;
    const accept = 'application/json, text/html;q=0.1';
    expectRefused(await call(url, { headers: { ...PREFLIGHT, accept } }));
    const withKey = await call(url, { headers: { ...PREFLIGHT, accept, 'x-api-key': KEY } });
    expect(withKey.status).toBe(200);
    expect(withKey.text).toContain('@example.com');
  });

  it('refuses a GET of a percent-encoded path', async () => {
    expectRefused(await call(`${app.url}/%67raphql?query=${encodeURIComponent(TENANTS)}`, { headers: PREFLIGHT }));
  });

  it('refuses a GET that names an operation even when it prefers HTML', async () => {
    for (const params of [`query=${encodeURIComponent(TENANTS)}`, 'operationName=x', 'variables=%7B%7D', `extensions=${encodeURIComponent(persisted(TENANTS))}`]) {
      expectRefused(await call(`${app.url}/graphql?${params}`, { headers: { ...PREFLIGHT, accept: 'text/html' } }));
    }
  });

  it('shows the landing page without a key only to a GET that names no operation', async () => {
    const page = await call(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toMatch(/sandbox/i);
    expect(page.text).not.toContain('@example.com');
  });

  it('refuses a GET that names no operation but asks for JSON, where Apollo builds the context', async () => {
    expectRefused(await call(`${app.url}/graphql`, { headers: { ...PREFLIGHT, accept: 'application/json' } }));
  });

  it('runs a persisted query another client registered only for a client with a key of its own', async () => {
    const query = '{ units(first: 2) { edges { node { leases { tenants { name email } } } } } }';
    const registered = await call(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({ query, extensions: JSON.parse(persisted(query)) as unknown }),
    });
    expect(registered.status).toBe(200);
    const byHash = `${app.url}/graphql?extensions=${encodeURIComponent(persisted(query))}`;
    expectRefused(await call(byHash, { headers: PREFLIGHT }));
    expectRefused(await call(byHash, { headers: { ...PREFLIGHT, 'x-api-key': `${OTHER_KEY}x` } }));
    expectRefused(await call(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ extensions: JSON.parse(persisted(query)) as unknown }) }));
    const used = await call(byHash, { headers: { ...PREFLIGHT, 'x-api-key': OTHER_KEY } });
    expect(used.status).toBe(200);
    expect(used.text).toContain('@example.com');
  });

  it('refuses a batched POST without a key, and with one says batches are not accepted', async () => {
    const batch = JSON.stringify([{ query: '{ vendors { vendor } }' }, { query: TENANTS }]);
    expectRefused(await call(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: batch }));
    const withKey = await call(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: batch });
    expect(withKey.status).toBe(400);
    expect(JSON.parse(withKey.text)).toEqual({
      errors: [{ message: expect.stringMatching(/expected one operation per request .*got a batch of 2/), extensions: { code: 'BAD_USER_INPUT' } }],
    });
  });

  it('closes a graphql-ws connection without a key or with a wrong one with 4403, and serves one with a key', async () => {
    expect(await overWebSocket(app, undefined)).toEqual({ closed: 4403 });
    expect(await overWebSocket(app, { 'x-api-key': `${KEY}x` })).toEqual({ closed: 4403 });
    expect(await overWebSocket(app, { authorization: 'Bearer not-a-key-of-this-gateway' })).toEqual({ closed: 4403 });
    expect(await overWebSocket(app, { authorization: `Bearer ${KEY}` })).toEqual({ data: { vendors: expect.arrayContaining([{ vendor: 'RENTROLL' }]) } });
  });
});

/** This machine's first non-loopback IPv4 address, when it has one. */
const outwardAddress = Object.values(networkInterfaces()).flat().find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal)?.address;

describe('loopback-only mode (no keys configured)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { RENTGRAPH_HOST: '0.0.0.0' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('serves loopback clients without a key', async () => {
    const { status, data } = await app.graphql('{ vendors { vendor } }');
    expect(status).toBe(200);
    expect(data).toEqual({ vendors: expect.arrayContaining([{ vendor: 'RENTROLL' }]) });
    expect(await overWebSocket(app, undefined)).toEqual({ data: { vendors: expect.arrayContaining([{ vendor: 'RENTROLL' }]) } });
  });

  it.skipIf(outwardAddress === undefined)('refuses a client that is not on loopback, on HTTP and graphql-ws', async () => {
    const port = new URL(app.url).port;
    const answer = await call(`http://${outwardAddress}:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: TENANTS }) });
    expectRefused(answer);
    expect(answer.text).toContain('loopback clients only');
    const remote = { ...app, url: `http://${outwardAddress}:${port}` } as TestApp;
    expect(await overWebSocket(remote, undefined)).toEqual({ closed: 4403 });
  });
});
