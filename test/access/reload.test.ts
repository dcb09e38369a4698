import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startTestApp, type TestApp } from '../utils/app.js';
import { startServe } from '../gateway/process.js';
import { entry, KEYS, keysFileEntries, post, tempFolder, wsSession, type WsSession } from './support.js';

const VIEWER = '{ viewer { name } }';
const NEWCOMER = 'newcomer-key-6a0d3f9e2c71b8';
const LEASING = 'subscription { leasingEvents { cursor } }';

const statusWith = async (app: TestApp, key: string) => (await post(app, { query: VIEWER }, { 'x-api-key': key })).status;

describe('reloading the keys file (the entry point SIGHUP calls)', () => {
  const files = tempFolder();
  let app: TestApp;
  let path: string;
  const sessions: WsSession[] = [];
  const subscribed = async (key: string) => {
    const session = wsSession(app, { 'x-api-key': key });
    sessions.push(session);
    const listeners = app.services.events.bus.listenerCount();
    session.start({ query: LEASING });
    for (let i = 0; i < 100 && app.services.events.bus.listenerCount() === listeners; i++) await sleep(20);
    expect(app.services.events.bus.listenerCount()).toBe(listeners + 1);
    return session;
  };

  beforeAll(async () => {
    path = files.write('keys.json', keysFileEntries(['reader', 'writer', 'subscriber', 'operator']));
    app = await startTestApp({ rentrollUnits: 20, env: { RENTGRAPH_API_KEYS_FILE: path } });
  });
  afterEach(async () => {
    await Promise.allSettled(sessions.splice(0).map((session) => session.dispose()));
    // A closed subscription leaves the bus a moment later; the next test counts from none.
    for (let i = 0; i < 100 && app.services.events.bus.listenerCount() > 0; i++) await sleep(20);
  });
  afterAll(async () => {
    await app?.close();
    files.remove();
  });

  it('adds and removes keys at once, for the next request, without a restart', async () => {
    expect(await statusWith(app, KEYS.writer.key)).toBe(200);
    expect(await statusWith(app, NEWCOMER)).toBe(401);
    files.write('keys.json', [...keysFileEntries(['reader', 'subscriber', 'operator']), entry('newcomer', NEWCOMER, ['READ'], true)]);
    expect(app.services.access.reloadKeys()).toBe(true);
    expect(await statusWith(app, KEYS.writer.key)).toBe(401);
    expect(await statusWith(app, NEWCOMER)).toBe(200);
    expect(await statusWith(app, KEYS.reader.key)).toBe(200);
    const line = JSON.parse(app.logs.findLast((text) => text.includes('client keys reloaded'))!) as Record<string, unknown>;
    expect(line).toMatchObject({ added: ['newcomer'], removed: ['writer'], changed: [], keys: ['reader', 'subscriber', 'operator', 'newcomer'] });
  });

  it('keeps the keys in force when the new file is bad, and logs why', async () => {
    files.write('keys.json', [entry('reader', KEYS.reader.key, ['READ']), { name: 'broken', scopes: ['READ'] }]);
    expect(app.services.access.reloadKeys()).toBe(false);
    expect(app.logs.findLast((text) => text.includes('client keys not reloaded'))).toContain('RENTGRAPH_API_KEYS_FILE: entry 2 (\\"broken\\"): expected exactly one of \\"key\\" and \\"sha256\\", got neither');
    expect(await statusWith(app, NEWCOMER)).toBe(200);
    expect(await statusWith(app, KEYS.operator.key)).toBe(200);
  });

  it('closes the subscriptions of a removed key with 4403 and leaves the others open', async () => {
    files.write('keys.json', keysFileEntries(['reader', 'subscriber', 'operator']));
    expect(app.services.access.reloadKeys()).toBe(true);
    const staying = await subscribed(KEYS.subscriber.key);
    const leaving = await subscribed(KEYS.operator.key);
    files.write('keys.json', keysFileEntries(['reader', 'subscriber']));
    expect(app.services.access.reloadKeys()).toBe(true);
    expect(await leaving.closed).toEqual({ code: 4403, reason: 'Forbidden: the key "operator" is no longer accepted' });
    const stillOpen = await Promise.race([staying.closed, sleep(200, 'open')]);
    expect(stillOpen).toBe('open');
    expect(await staying.start({ query: '{ viewer { name scopes } }' }).first()).toEqual({ data: { viewer: { name: 'subscriber', scopes: ['SUBSCRIBE'] } } });
  });

  it('closes a subscribed connection whose key lost SUBSCRIBE, and gives one that kept it its new scopes', async () => {
    files.write('keys.json', keysFileEntries(['reader', 'subscriber', 'operator']));
    expect(app.services.access.reloadKeys()).toBe(true);
    const losing = await subscribed(KEYS.subscriber.key);
    const keeping = await subscribed(KEYS.operator.key);
    files.write('keys.json', [...keysFileEntries(['reader']), entry('subscriber', KEYS.subscriber.key, ['READ']), entry('operator', KEYS.operator.key, ['SUBSCRIBE'])]);
    expect(app.services.access.reloadKeys()).toBe(true);
    expect((await losing.closed).code).toBe(4403);
    const refused = await keeping.start({ query: VIEWER.replace('viewer { name }', 'vendors { vendor }') }).first();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'READ' });
  });
});

describe('SIGHUP to a running `rentgraph serve`', () => {
  const files = tempFolder();
  afterAll(() => files.remove());

  it('re-reads the keys file on SIGHUP without restarting: the old key is refused and the new one served', async () => {
    const path = files.write('keys.json', [entry('first', KEYS.reader.key, ['READ'])]);
    const serving = await startServe({ RENTGRAPH_API_KEYS_FILE: path });
    const viewer = async (key: string) => {
      const response = await request(`${serving.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query: VIEWER }) });
      return { status: response.statusCode, body: await response.body.text() };
    };
    try {
      expect(await viewer(KEYS.reader.key)).toEqual({ status: 200, body: '{"data":{"viewer":{"name":"first"}}}' });
      files.write('keys.json', [entry('second', KEYS.writer.key, ['READ'], true)]);
      serving.child.kill('SIGHUP');
      await serving.waitFor(/client keys reloaded/, 10_000);
      expect((await viewer(KEYS.reader.key)).status).toBe(401);
      expect(await viewer(KEYS.writer.key)).toEqual({ status: 200, body: '{"data":{"viewer":{"name":"second"}}}' });

      files.write('keys.json', '[{"name": "third"');
      serving.child.kill('SIGHUP');
      await serving.waitFor(/client keys not reloaded/, 10_000);
      expect((await viewer(KEYS.writer.key)).status).toBe(200);
      expect(serving.child.exitCode).toBeNull();
    } finally {
      await serving.dispose();
    }
  }, 120_000);

  it('re-reads the trusted documents on SIGHUP: a newly listed operation runs, a bad manifest keeps the old one', async () => {
    const VENDORS = '{ vendors { vendor } }';
    const keys = files.write('documents-keys.json', [entry('reader', KEYS.reader.key, ['READ'])]);
    const manifest = files.write('persisted-documents.json', { a: VIEWER });
    const serving = await startServe({ RENTGRAPH_API_KEYS_FILE: keys, RENTGRAPH_TRUSTED_DOCUMENTS: manifest });
    const status = async (query: string) =>
      (await request(`${serving.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEYS.reader.key }, body: JSON.stringify({ query }) })).statusCode;
    try {
      expect([await status(VIEWER), await status(VENDORS)]).toEqual([200, 400]);
      files.write('persisted-documents.json', { a: VIEWER, b: VENDORS });
      serving.child.kill('SIGHUP');
      await serving.waitFor(/trusted documents reloaded from RENTGRAPH_TRUSTED_DOCUMENTS: 2 operations in force/, 10_000);
      expect([await status(VIEWER), await status(VENDORS)]).toEqual([200, 200]);

      files.write('persisted-documents.json', '{"a": ');
      serving.child.kill('SIGHUP');
      await serving.waitFor(/trusted documents not reloaded/, 10_000);
      expect([await status(VIEWER), await status(VENDORS)]).toEqual([200, 200]);
      expect(serving.child.exitCode).toBeNull();
    } finally {
      await serving.dispose();
    }
  }, 120_000);
});
