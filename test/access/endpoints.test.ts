import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startTestApp, type TestApp } from '../utils/app.js';
import { bearer, gatewayWithKeys, post } from './support.js';

async function get(app: TestApp, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const response = await request(`${app.url}${path}`, { headers });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

describe('/metrics, /healthz and /readyz with keys configured', () => {
  const gateway = gatewayWithKeys();

  it('answers /metrics only to an ADMIN key: 401 without a valid key, 403 with one that lacks ADMIN', async () => {
    const anonymous = await get(gateway(), '/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(JSON.parse(anonymous.text)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await get(gateway(), '/metrics', { 'x-api-key': 'not-a-key-of-this-gateway' })).status).toBe(401);
    const reader = await get(gateway(), '/metrics', bearer('reader'));
    expect(reader.status).toBe(403);
    expect(JSON.parse(reader.text)).toEqual({ error: 'Forbidden', code: 'FORBIDDEN', message: expect.stringMatching(/^\/metrics needs the ADMIN scope; the key "reader" has READ/) });
    expect(reader.text).not.toContain('rentgraph_');
    const admin = await get(gateway(), '/metrics', bearer('admin'));
    expect(admin.status).toBe(200);
    expect(admin.text).toContain('rentgraph_event_log_seq');
    // Whatever spelling reaches the route meets the rule.
    expect((await get(gateway(), '/metrics?x=1')).status).toBe(401);
    expect((await get(gateway(), '/%6Detrics')).status).toBe(401);
  });

  it('keeps /healthz and /readyz open, and shows /readyz\'s checks only to an ADMIN key', async () => {
    expect(JSON.parse((await get(gateway(), '/healthz')).text)).toEqual({ status: 'ok' });
    // No identity sync has run (the tests keep it off): the gateway is still starting.
    const anonymous = await get(gateway(), '/readyz');
    expect(anonymous.status).toBe(503);
    expect(JSON.parse(anonymous.text)).toEqual({ status: 'starting' });
    expect(JSON.parse((await get(gateway(), '/readyz', bearer('reader'))).text)).toEqual({ status: 'starting' });
    const admin = await get(gateway(), '/readyz', bearer('admin'));
    expect(admin.status).toBe(503);
    expect(JSON.parse(admin.text)).toEqual({
      status: 'starting',
      checks: { store: true, schema: true, identitySync: 'first sync not started', readModel: 'first sync not started' },
      database: { engine: 'sqlite', reachable: true },
      replica: { id: expect.any(String), leader: true },
    });
  });
});

describe('GraphiQL with only a keys file', () => {
  const gateway = gatewayWithKeys();

  it('starts its headers editor with the place for a key', async () => {
    const page = await get(gateway(), '/graphiql');
    expect(page.status).toBe(200);
    // The page's own help text names the header either way; the editor's default is what differs.
    expect(page.text).toMatch(/"defaultHeaders":"\{\\n {2}\\"Authorization\\": \\"Bearer \\u003ckey>\\"\\n\}"/);
  });
});

describe('/metrics with RENTGRAPH_METRICS_PUBLIC=true', () => {
  const gateway = gatewayWithKeys({ RENTGRAPH_METRICS_PUBLIC: 'true' });

  it('answers a scraper without a key', async () => {
    const answer = await get(gateway(), '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('rentgraph_event_log_seq');
  });
});

describe('loopback-only mode (no keys configured)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: 20 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves a loopback client as "loopback" with every scope', async () => {
    const answer = await post(app, { query: '{ viewer { name scopes } }' });
    expect(answer.body.data).toEqual({ viewer: { name: 'loopback', scopes: ['READ', 'SUBSCRIBE', 'WRITE', 'ADMIN'] } });
    expect((await post(app, { query: '{ auditLog { totalCount } }' })).status).toBe(200);
  });

  it('serves /metrics as before, and /readyz\'s checks to the loopback client, which has every scope', async () => {
    expect((await get(app, '/metrics')).status).toBe(200);
    expect(JSON.parse((await get(app, '/readyz')).text)).toMatchObject({ status: 'starting', checks: { store: true, identitySync: 'first sync not started' }, database: { engine: 'sqlite' } });
  });
});
