import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeVersions, ResponseCache } from '../../src/cache/index.js';
import type { LeaseModel } from '../../src/domain/models.js';
import type { Store } from '../../src/store/store.js';
import { leaseDrafts } from '../../src/vendors/rentroll/resources.js';
import { announceChanges, type ChangeTopic } from '../../src/readmodel/changes.js';
import { createRecordStore } from '../../src/readmodel/records.js';
import { deeprentHeaders, eventually, fixture, postWebhook, rentengineHeaders } from '../events/support.js';
import { entry, tempFolder } from '../access/support.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { startReplicaSet, type ReplicaSet } from '../utils/replicas.js';
import { STORE_ENGINES } from '../utils/stores.js';

/** One POST /graphql as a client sends it: the body as text and the Cache-Status header. */
async function ask(app: TestApp, query: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; cache: string | undefined }> {
  const response = await request(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  const cache = response.headers['cache-status'];
  return { status: response.statusCode, body: await response.body.text(), cache: typeof cache === 'string' ? cache : undefined };
}

const HIT = 'rentgraph; hit';
const STORED = 'rentgraph; fwd=miss; stored';
const NOT_KEPT = 'rentgraph; fwd=miss';

const PAGE = '{ units(first: 20) { totalCount edges { node { id address { line1 unitNumber city } leases { status start end tenants { name email } } } } } }';
/** Units whose asking rent is exactly 4321 a month: none in the simulators' world until a webhook says so. */
const AT_4321 = '{ units(filter: { rentMin: 4321, rentMax: 4321 }) { totalCount } }';

/** A RentEngine `units` UPDATE webhook setting the first stored RentEngine unit's rent. */
async function setRentengineRent(app: TestApp, rent: number): Promise<void> {
  const unit = await app.services.store.read.selectFrom('records').select('external_id').where('kind', '=', 'UNIT').where('vendor', '=', 'RENTENGINE').orderBy('external_id').executeTakeFirstOrThrow();
  const ref = { vendor: 'RENTENGINE' as const, externalId: unit.external_id };
  const before = (await createRecordStore(app.services.store).get<{ raw: Record<string, unknown> }>('UNIT', [ref])).get(`RENTENGINE:${unit.external_id}`)!.model.raw;
  const after = { ...before, target_rental_rate: rent, updated_at: new Date().toISOString() };
  const answer = await postWebhook(app.url, 'rentengine', JSON.stringify({ type: 'UPDATE', table: 'units', record: after, old_record: before }), rentengineHeaders());
  expect(answer.status).toBe(200);
}

describe.each(['sqlite', 'postgres'] as const)('whole responses kept until what they read changes, on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine, rentrollUnits: 60, synced: true });
  }, 90_000);
  afterAll(async () => {
    await app?.close();
  });

  it('answers a repeated query with the kept response, byte for byte, without running it', async () => {
    const first = await ask(app, PAGE);
    expect(first).toMatchObject({ status: 200, cache: STORED });
    const second = await ask(app, PAGE);
    expect(second).toEqual({ status: 200, body: first.body, cache: HIT });
    // The same operation sent by GET shares the kept answer.
    const get = await request(`${app.url}/graphql?query=${encodeURIComponent(PAGE)}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.headers['cache-status']).toBe(HIT);
    expect(await get.body.text()).toBe(first.body);
  });

  it('shows a webhook\'s change in the next answer: the kept one is dropped once the webhook is answered', async () => {
    expect(JSON.parse((await ask(app, AT_4321)).body)).toEqual({ data: { units: { totalCount: 0 } } });
    expect((await ask(app, AT_4321)).cache).toBe(HIT);
    await setRentengineRent(app, 4321);
    const after = await ask(app, AT_4321);
    expect(after.cache).toBe(STORED);
    expect(JSON.parse(after.body)).toEqual({ data: { units: { totalCount: 1 } } });
  });

  it('keeps an answer when a write changes only records it did not read', async () => {
    const query = '{ leases(first: 5) { totalCount edges { node { id status tenants { name } } } } }';
    const first = await ask(app, query);
    expect(first.cache).toBe(STORED);
    const generated = fixture('deeprent-protocol-generated.json');
    expect((await postWebhook(app.url, 'deeprent', generated, deeprentHeaders(generated))).status).toBe(200);
    const stored = await app.services.store.read.selectFrom('records').select('external_id').where('kind', '=', 'PROTOCOL').execute();
    expect(stored.length).toBeGreaterThan(0);
    expect(await ask(app, query)).toEqual({ status: 200, body: first.body, cache: HIT });
  });

  it('never keeps a mutation, an answer with errors, one that read a vendor live, or the client\'s own key', async () => {
    const live = '{ units(first: 2, filter: { vendor: RENTENGINE }) { edges { node { id showingAvailability { start } } } } }';
    const failing = '{ node(id: "not-an-id") { id } }';
    const viewer = '{ viewer { name scopes } }';
    for (const query of [live, failing, viewer]) {
      expect((await ask(app, query)).cache).toBe(NOT_KEPT);
      expect((await ask(app, query)).cache).toBe(NOT_KEPT);
    }
    const mutation = 'mutation { clearIdentityOverride(record: { vendor: RENTROLL, externalId: "none-such" }) { id } }';
    expect((await ask(app, mutation)).cache).toBe(NOT_KEPT);
    expect((await ask(app, mutation)).cache).toBe(NOT_KEPT);
  });

  it('serves no kept answer past the moment a lease it shows ends', async () => {
    const stored = await app.services.store.read.selectFrom('records').select('external_id').where('kind', '=', 'LEASE').where('vendor', '=', 'RENTROLL').orderBy('external_id').executeTakeFirstOrThrow();
    const ref = { vendor: 'RENTROLL' as const, externalId: stored.external_id };
    const lease = (await createRecordStore(app.services.store).get<LeaseModel>('LEASE', [ref])).get(`RENTROLL:${stored.external_id}`)!.model;
    // Ends a second and a half from now, by the clock the gateway reads too (one process).
    const endsAt = Date.now() + 1_500;
    const model: LeaseModel = { ...lease, start: new Date(endsAt - 86_400_000).toISOString(), end: new Date(endsAt).toISOString() };
    await app.services.store.transaction((tx) => createRecordStore(app.services.store).apply(tx, { upserts: leaseDrafts(model) }, { resource: 'rentroll:leases', run: 1 }));
    const current = '{ leases(filter: { status: CURRENT }) { totalCount } }';
    const statuses = '{ leases(first: 500) { edges { node { id status } } } }';
    const countBefore = JSON.parse((await ask(app, current)).body).data.leases.totalCount as number;
    const statusesBefore = (await ask(app, statuses)).body;
    expect((await ask(app, current)).cache).toBe(HIT);
    expect((await ask(app, statuses)).cache).toBe(HIT);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, endsAt - Date.now()) + 20));
    const countAfter = await ask(app, current);
    expect(countAfter.cache).toBe(STORED);
    expect(JSON.parse(countAfter.body).data.leases.totalCount).toBe(countBefore - 1);
    const statusesAfter = await ask(app, statuses);
    expect(statusesAfter.cache).toBe(STORED);
    expect(statusesAfter.body).not.toBe(statusesBefore);
  });

  it('answers a request Apollo would refuse as a cross-site request through Apollo, kept answer or not', async () => {
    await ask(app, PAGE);
    const simple = await request(`${app.url}/graphql?query=${encodeURIComponent(PAGE)}`);
    expect(simple.statusCode).toBe(400);
    expect(simple.headers['cache-status']).toBeUndefined();
    await simple.body.dump();
  });
});

describe('whole responses and client keys', () => {
  const files = tempFolder();
  const READER = 'reader-key-0123456789abcdef';
  const ADMIN = 'admin-key-0123456789abcdef';
  let app: TestApp;
  beforeAll(async () => {
    const keys = files.write('keys.json', [entry('reader', READER, ['READ']), entry('admin', ADMIN, ['READ', 'ADMIN'])]);
    app = await startTestApp({ rentrollUnits: 30, env: { RENTGRAPH_API_KEYS_FILE: keys }, synced: true });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    files.remove();
  });

  it('keeps answers apart by the scopes of the key asking, and still asks every request for a valid key', async () => {
    expect((await ask(app, PAGE, { authorization: `Bearer ${READER}` })).cache).toBe(STORED);
    expect((await ask(app, PAGE, { authorization: `Bearer ${READER}` })).cache).toBe(HIT);
    expect((await ask(app, PAGE, { authorization: `Bearer ${ADMIN}` })).cache).toBe(STORED);
    const keyless = await ask(app, PAGE);
    expect(keyless.status).toBe(401);
    expect(keyless.cache).toBeUndefined();
  });
});

describe('whole responses across replicas', () => {
  let set: ReplicaSet;
  beforeAll(async () => {
    set = await startReplicaSet({ rentrollUnits: 30 });
    const first = await set.add();
    await first.services.readModel.run();
    await set.add();
  }, 90_000);
  afterAll(async () => {
    await set?.close();
  });

  it('drops an answer one replica kept when another replica writes what it read', async () => {
    const [writer, reader] = set.replicas as [TestApp, TestApp];
    await ask(reader, AT_4321);
    expect((await ask(reader, AT_4321)).cache).toBe(HIT);
    await setRentengineRent(writer, 4321);
    // Postgres tells the other replica once the write commits: within milliseconds.
    await eventually(async () => JSON.parse((await ask(reader, AT_4321)).body).data.units.totalCount === 1);
  });
});

describe('ResponseCache', () => {
  const engine = STORE_ENGINES[0]!;
  let place: string;
  let store: Store;
  beforeAll(async () => {
    place = await engine.place();
    store = await engine.open(place);
  });
  afterAll(async () => {
    await store?.close();
    engine.remove(place);
  });
  const announce = (topics: ChangeTopic[]) => store.transaction(async (tx) => announceChanges(tx, topics));

  it('holds at most its bytes, dropping the least recently used answer first', () => {
    const versions = new ChangeVersions(store);
    const cache = new ResponseCache({ maxBytes: 4096, versions });
    const body = 'x'.repeat(700);
    for (const key of ['a', 'b', 'c', 'd']) expect(cache.keep(key, body, { topics: ['UNIT'], expiresAt: null }, versions.now)).toBe(true);
    expect(cache.find('a')).not.toBeNull();
    expect(cache.keep('e', body, { topics: ['UNIT'], expiresAt: null }, versions.now)).toBe(true);
    expect(cache.find('b')).toBeNull();
    expect(cache.find('a')).not.toBeNull();
    expect(cache.stats().bytes).toBeLessThanOrEqual(4096);
    // A quarter of the room at most per answer.
    expect(cache.keep('huge', 'x'.repeat(2000), { topics: ['UNIT'], expiresAt: null }, versions.now)).toBe(false);
    versions.close();
  });

  it('drops an answer once a transaction that changed a part it read commits, or its time passes, and keeps it through other changes', async () => {
    const versions = new ChangeVersions(store);
    let now = 1_000;
    const cache = new ResponseCache({ maxBytes: 1 << 20, versions, now: () => now });
    const builtAt = versions.now;
    cache.keep('units', '{}', { topics: ['UNIT', 'FACTS'], expiresAt: null }, builtAt);
    cache.keep('lease', '{}', { topics: ['LEASE'], expiresAt: 2_000 }, builtAt);
    await announce(['PROTOCOL']);
    expect(cache.find('units')).not.toBeNull();
    // Rolled back: nothing changed.
    await expect(store.transaction(async (tx) => {
      announceChanges(tx, ['FACTS']);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(cache.find('units')).not.toBeNull();
    await announce(['FACTS']);
    expect(cache.find('units')).toBeNull();
    expect(cache.find('lease')).not.toBeNull();
    now = 2_000;
    expect(cache.find('lease')).toBeNull();
    // Built before a change it read: not kept at all, it may show either side of it.
    expect(cache.keep('late', '{}', { topics: ['FACTS'], expiresAt: null }, builtAt)).toBe(false);
    versions.close();
  });
});
