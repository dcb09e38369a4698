import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, type TestApp } from '../utils/app.js';
import { rentengineSim, resetAll, totalRequests } from '../mutations/support.js';
import { leasingEventBody, postWebhook, rentengineHeaders } from '../events/support.js';
import { auditRows, bearer, KEYS, keysFileEntries, post, tempFolder, wsSession, type KeyName, type WsSession } from './support.js';

const VENDORS = '{ vendors { vendor } }';
const VIEWER = '{ viewer { name scopes } }';
const CREATE_LOCKBOXES = 'mutation ($serials: [String!]!, $account: String!) { createLockboxes(input: { serialNumbers: $serials, accountId: $account }) { serialNumber } }';
const AUDIT = '{ auditLog(first: 5) { totalCount edges { node { id client operation outcome } } } }';
const LEASING = 'subscription { leasingEvents { cursor event { id eventType } } }';

describe('scopes over HTTP and graphql-ws', () => {
  const files = tempFolder();
  let app: TestApp;
  let account: string;
  const sessions: WsSession[] = [];
  const session = (name: KeyName) => {
    const opened = wsSession(app, { authorization: `Bearer ${KEYS[name].key}` });
    sessions.push(opened);
    return opened;
  };

  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: 30, env: { RENTGRAPH_API_KEYS_FILE: files.write('keys.json', keysFileEntries()) } });
    account = rentengineSim(app).store.mainAccountId;
  });
  afterEach(async () => {
    await Promise.allSettled(sessions.splice(0).map((opened) => opened.dispose()));
  });
  afterAll(async () => {
    await app?.close();
    files.remove();
  });

  it('tells every key its name and scopes through viewer, whatever scopes it has', async () => {
    for (const name of Object.keys(KEYS) as KeyName[]) {
      const answer = await post(app, { query: VIEWER }, bearer(name));
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ viewer: { name, scopes: KEYS[name].scopes } });
    }
  });

  it('answers a query without READ with 403 FORBIDDEN naming the scope, and one with READ', async () => {
    const refused = await post(app, { query: VENDORS }, bearer('writer'));
    expect(refused.status).toBe(403);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toEqual([{ message: 'query field vendors needs the READ scope; the key "writer" has WRITE', extensions: { code: 'FORBIDDEN', scope: 'READ' } }]);
    const allowed = await post(app, { query: VENDORS }, bearer('reader'));
    expect(allowed.status).toBe(200);
    expect(allowed.body.data?.['vendors']).toContainEqual({ vendor: 'RENTENGINE' });
  });

  it('refuses a query that selects a field it may not read among ones it may, through a fragment too', async () => {
    const answer = await post(app, { query: '{ viewer { name } ...F } fragment F on Query { vendors { vendor } }' }, bearer('admin'));
    expect(answer.status).toBe(403);
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', scope: 'READ' });
  });

  it('refuses a mutation without WRITE before any vendor call and records it, and runs it with WRITE', async () => {
    resetAll(app);
    const refused = await post(app, { query: CREATE_LOCKBOXES, variables: { serials: ['SL-910001'], account } }, { ...bearer('reader'), 'idempotency-key': 'refused-1' });
    expect(refused.status).toBe(403);
    expect(refused.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', scope: 'WRITE' });
    expect(totalRequests(app)).toBe(0);
    expect(rentengineSim(app).store.lockboxes.rows.some((l) => l.serial_number === 'SL-910001')).toBe(false);
    const [row] = await auditRows(app);
    expect(row).toMatchObject({ client: 'reader', operation: 'createLockboxes', outcome: 'FORBIDDEN', vendor: null, vendor_status: null, idempotency_key: 'refused-1' });
    expect(JSON.parse(row!.input!)).toEqual({ input: { serialNumbers: ['SL-910001'], accountId: account, lockboxType: 'Sentrilock' } });

    const allowed = await post(app, { query: CREATE_LOCKBOXES, variables: { serials: ['SL-910001'], account } }, bearer('writer'));
    expect(allowed.status).toBe(200);
    expect(allowed.body.data).toEqual({ createLockboxes: [{ serialNumber: 'SL-910001' }] });
    expect((await auditRows(app))[0]).toMatchObject({ client: 'writer', operation: 'createLockboxes', outcome: 'OK', vendor: 'RENTENGINE' });
  });

  it('shows the audit log only to ADMIN, READ or not', async () => {
    for (const name of ['reader', 'writer', 'subscriber'] as const) {
      const refused = await post(app, { query: AUDIT }, bearer(name));
      expect(refused.status).toBe(403);
      expect(refused.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', scope: 'ADMIN' });
    }
    const allowed = await post(app, { query: AUDIT }, bearer('admin'));
    expect(allowed.status).toBe(200);
    expect(allowed.body.errors).toBeUndefined();
  });

  it('gives an audit entry by id only to ADMIN: node(id) is null with FORBIDDEN for a reader', async () => {
    const listed = await post(app, { query: AUDIT }, bearer('operator'));
    const id = (listed.body.data?.['auditLog'] as { edges: { node: { id: string } }[] }).edges[0]!.node.id;
    const byReader = await post(app, { query: 'query ($id: ID!) { node(id: $id) { id } }', variables: { id } }, bearer('reader'));
    expect(byReader.body.data).toEqual({ node: null });
    expect(byReader.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', scope: 'ADMIN' });
    const byOperator = await post(app, { query: 'query ($id: ID!) { node(id: $id) { id ... on AuditEntry { operation } } }', variables: { id } }, bearer('operator'));
    expect(byOperator.body).toEqual({ data: { node: { id, operation: expect.any(String) } } });
  });

  it('refuses a query without READ over graphql-ws with a FORBIDDEN error and keeps the connection open', async () => {
    const writer = session('writer');
    const refused = await writer.start({ query: VENDORS }).first();
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', scope: 'READ' } });
    expect(await writer.start({ query: VIEWER }).first()).toEqual({ data: { viewer: { name: 'writer', scopes: ['WRITE'] } } });
    const reader = session('reader');
    expect((await reader.start({ query: VENDORS }).first()).data?.['vendors']).toContainEqual({ vendor: 'RENTROLL' });
  });

  it('refuses a mutation without WRITE over graphql-ws before any vendor call, records it, and runs it with WRITE', async () => {
    resetAll(app);
    const reader = session('reader');
    const refused = await reader.start({ query: CREATE_LOCKBOXES, variables: { serials: ['SL-910002'], account } }).first();
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', scope: 'WRITE' } });
    expect(totalRequests(app)).toBe(0);
    expect((await auditRows(app))[0]).toMatchObject({ client: 'reader', operation: 'createLockboxes', outcome: 'FORBIDDEN', idempotency_key: null });
    const writer = session('writer');
    expect(await writer.start({ query: CREATE_LOCKBOXES, variables: { serials: ['SL-910002'], account } }).first()).toEqual({ data: { createLockboxes: [{ serialNumber: 'SL-910002' }] } });
    expect((await auditRows(app))[0]).toMatchObject({ client: 'writer', operation: 'createLockboxes', outcome: 'OK', vendor: 'RENTENGINE', vendor_status: 201 });
  });

  it('closes a connection that subscribes without SUBSCRIBE with 4403, and delivers events to one with it', async () => {
    const reader = session('reader');
    reader.start({ query: LEASING });
    expect(await reader.closed).toEqual({ code: 4403, reason: 'Forbidden: subscription field leasingEvents needs the SUBSCRIBE scope; the key "reader" has READ' });

    const subscriber = session('subscriber');
    const events = subscriber.start({ query: LEASING });
    // The subscription follows the bus once it started.
    for (let i = 0; i < 50 && app.services.events.bus.listenerCount() === 0; i++) await sleep(20);
    expect((await postWebhook(app.url, 'rentengine', leasingEventBody(91001), rentengineHeaders())).status).toBe(200);
    await events.waitFor(1);
    expect(events.results[0]?.data).toMatchObject({ leasingEvents: { event: { eventType: expect.any(String) } } });
  });

  it('refuses a subscription over HTTP without SUBSCRIBE with 403 too', async () => {
    const answer = await post(app, { query: LEASING }, bearer('reader'));
    expect(answer.status).toBe(403);
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', scope: 'SUBSCRIBE' });
  });
});
