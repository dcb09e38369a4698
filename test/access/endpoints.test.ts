import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startTestApp, type TestApp } from '../utils/app.js';
import { bearer, keysFileEntries, tempFolder } from './support.js';

async function get(app: TestApp, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const response = await request(`${app.url}${path}`, { headers });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

describe('/metrics, /healthz and /readyz with keys configured', () => {
  const files = tempFolder();
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: 20, env: { RENTGRAPH_API_KEYS_FILE: files.write('keys.json', keysFileEntries()) } });
  });
  afterAll(async () => {
    await app?.close();
    files.remove();
  });

  it('answers /metrics only to an ADMIN key: 401 without a valid key, 403 with one that lacks ADMIN', async () => {
    const anonymous = await get(app, '/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(JSON.parse(anonymous.text)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await get(app, '/metrics', { 'x-api-key': 'not-a-key-of-this-gateway' })).status).toBe(401);
    const reader = await get(app, '/metrics', bearer('reader'));
    expect(reader.status).toBe(403);
    expect(JSON.parse(reader.text)).toEqual({ error: 'Forbidden', code: 'FORBIDDEN', message: expect.stringMatching(/^\/metrics needs the ADMIN scope; the key "reader" has READ/) });
    expect(reader.text).not.toContain('rentgraph_');
    const admin = await get(app, '/metrics', bearer('admin'));
    expect(admin.status).toBe(200);
    expect(admin.text).toContain('rentgraph_event_log_seq');
    // Whatever spelling reaches the route meets the rule.
    expect((await get(app, '/metrics?x=1')).status).toBe(401);
    expect((await get(app, '/%6Detrics')).status).toBe(401);
  });

  it('keeps /healthz and /readyz open, and shows /readyz\'s checks only to an ADMIN key', async () => {
    expect(JSON.parse((await get(app, '/healthz')).text)).toEqual({ status: 'ok' });
    // No identity sync has run (the tests keep it off): the gateway is still starting.
    const anonymous = await get(app, '/readyz');
    expect(anonymous.status).toBe(503);
    expect(JSON.parse(anonymous.text)).toEqual({ status: 'starting' });
    expect(JSON.parse((await get(app, '/readyz', bearer('reader'))).text)).toEqual({ status: 'starting' });
    const admin = await get(app, '/readyz', bearer('admin'));
    expect(admin.status).toBe(503);
    expect(JSON.parse(admin.text)).toEqual({ status: 'starting', checks: { store: true, schema: true, identitySync: 'first sync not started' } });
  });
});

describe('/metrics with RENTGRAPH_METRICS_PUBLIC=true', () => {
  const files = tempFolder();
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: 20, env: { RENTGRAPH_API_KEYS_FILE: files.write('keys.json', keysFileEntries()), RENTGRAPH_METRICS_PUBLIC: 'true' } });
  });
  afterAll(async () => {
    await app?.close();
    files.remove();
  });

  it('answers a scraper without a key', async () => {
    const answer = await get(app, '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('rentgraph_event_log_seq');
  });
});

describe('/metrics and /readyz without keys (loopback-only mode)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: 20 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves /metrics as before, and /readyz\'s checks to the loopback client, which has every scope', async () => {
    expect((await get(app, '/metrics')).status).toBe(200);
    expect(JSON.parse((await get(app, '/readyz')).text)).toEqual({ status: 'starting', checks: expect.objectContaining({ store: true, identitySync: 'first sync not started' }) });
  });
});
