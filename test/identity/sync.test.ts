import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vendor } from '../../src/domain/vendor.js';
import { VendorError } from '../../src/errors.js';
import type { Overrides } from '../../src/identity/overrides.js';
import { createIndexStore, IndexConflictError } from '../../src/identity/index-store.js';
import { createIdentitySync, type SyncEvent } from '../../src/identity/sync.js';
import { createWorld } from '../../src/simulators/world/index.js';
import type { Store } from '../../src/store/store.js';
import { STORE_ENGINES, storeScope } from '../utils/stores.js';
import { fakeSource, silentLogger, unitRecord, worldUnitRecords, type FakeSource } from './fakeSources.js';

const world = createWorld({ rentrollUnits: 150 });
const records = worldUnitRecords(world);

/** ref → unit key, as the index holds it. */
async function membership(store: Store): Promise<Map<string, string>> {
  const rows = await store.read.selectFrom('identity_records').select(['vendor', 'external_id', 'unit_key']).execute();
  return new Map(rows.map((r) => [`${r.vendor}:${r.external_id}`, r.unit_key]));
}

async function unitKeys(store: Store): Promise<string[]> {
  return (await store.read.selectFrom('identity_units').select('unit_key').orderBy('position').execute()).map((row) => row.unit_key);
}

function sources(...vendors: Vendor[]): FakeSource[] {
  return vendors.map((vendor) => fakeSource(vendor, [...records[vendor]]));
}

const ALL: Vendor[] = ['RENTROLL', 'RENTENGINE', 'LEASEY', 'STURENTS', 'DEEPRENT'];

/** Every record's unit exists, and every unit has a record: the sync keeps both sides together. */
async function expectConsistent(store: Store): Promise<void> {
  const orphans = await store.read.selectFrom('identity_records as r')
    .select('r.unit_key')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('identity_units as u').select('u.unit_key').whereRef('u.unit_key', '=', 'r.unit_key'))))
    .execute();
  const empty = await store.read.selectFrom('identity_units as u')
    .select('u.unit_key')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('identity_records as r').select('r.unit_key').whereRef('r.unit_key', '=', 'u.unit_key'))))
    .execute();
  expect({ orphans: orphans.length, empty: empty.length }).toEqual({ orphans: 0, empty: 0 });
}

/** A rent-roll source whose reads wait until `release()`, after reporting `progress` records read, if given. */
function gatedRentroll(progress?: number) {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const source = fakeSource('RENTROLL', [...records.RENTROLL]);
  const list = source.list.bind(source);
  source.list = async (options) => {
    if (progress !== undefined) options.onProgress?.(progress);
    await gate;
    return list(options);
  };
  return { source, release };
}
describe.each(STORE_ENGINES)('the identity sync on $name', (engine) => {
  const stores = storeScope(engine);
  let store: Store;
  beforeEach(async () => {
    store = await stores.fresh();
  });
  afterEach(async () => {
    await expectConsistent(store);
    await stores.closeAll();
  });

  it('builds one unit per rent-roll record when the rent roll is the only source', async () => {
    const result = await createIdentitySync({ store, sources: sources('RENTROLL'), logger: silentLogger }).run();
    expect(result.units).toBe(records.RENTROLL.length);
    expect(result.vendors).toEqual([{ vendor: 'RENTROLL', ok: true, recordsRead: 150, complete: true, added: 150, changed: 0, removed: 0, records: 150 }]);
    expect(new Set((await unitKeys(store)))).toEqual(new Set(records.RENTROLL.map((r) => `RENTROLL:${r.externalId}`)));
  });

  it('merges the vendors\' records of one unit and keeps every key on the next sync', async () => {
    const sync = createIdentitySync({ store, sources: sources(...ALL), logger: silentLogger });
    const first = await sync.run();
    expect(first.multiVendorUnits).toBeGreaterThan(50);
    expect(first.units).toBeLessThan(first.records);
    const before = (await membership(store));
    const second = await sync.run();
    expect((await membership(store))).toEqual(before);
    expect(second).toMatchObject({ units: first.units, unitsAdded: 0, unitsRemoved: 0 });
    expect(second.vendors.every((v) => v.ok && v.added === 0 && v.changed === 0 && v.removed === 0)).toBe(true);
    // Nothing changed, so nothing was clustered again; a full run does, and still finds the same units.
    expect(second.timings.clusteringMillis).toBe(0);
    expect(second.multiVendorUnits).toBe(first.multiVendorUnits);
    await sync.run({ full: true });
    expect((await membership(store))).toEqual(before);
  });

  it('keeps rent-roll keys when lower-ranked vendors join', async () => {
    const rentroll = sources('RENTROLL');
    await createIdentitySync({ store, sources: rentroll, logger: silentLogger }).run();
    const before = (await unitKeys(store));
    await createIdentitySync({ store, sources: [...rentroll, ...sources('RENTENGINE', 'LEASEY', 'STURENTS', 'DEEPRENT')], logger: silentLogger }).run();
    const after = (await membership(store));
    for (const key of before) expect(after.get(key)).toBe(key);
  });

  it('keeps a Leasey key when the rent roll joins that unit later', async () => {
    const leasey = sources('LEASEY');
    await createIdentitySync({ store, sources: leasey, logger: silentLogger }).run();
    const before = (await membership(store));
    await createIdentitySync({ store, sources: [...sources('RENTROLL'), ...leasey], logger: silentLogger }).run();
    const after = (await membership(store));
    for (const [ref, key] of before) expect(after.get(ref)).toBe(key);
    const joined = [...after].filter(([ref, key]) => ref.startsWith('RENTROLL:') && key.startsWith('LEASEY:'));
    expect(joined.length).toBeGreaterThan(20);
  });

  it('takes a record missing from a complete read out of its unit, and drops a unit left without records', async () => {
    const all = sources(...ALL);
    const sync = createIdentitySync({ store, sources: all, logger: silentLogger });
    await sync.run();
    const before = (await membership(store));
    const keyCount = new Map<string, number>();
    for (const key of before.values()) keyCount.set(key, (keyCount.get(key) ?? 0) + 1);
    const shared = records.RENTROLL.find((r) => keyCount.get(before.get(`RENTROLL:${r.externalId}`)!)! > 1)!;
    const alone = records.RENTROLL.find((r) => keyCount.get(before.get(`RENTROLL:${r.externalId}`)!) === 1)!;
    const rentroll = all[0]!;
    rentroll.records = rentroll.records.filter((r) => r !== shared && r !== alone);

    const result = await sync.run();
    const after = (await membership(store));
    expect(after.has(`RENTROLL:${shared.externalId}`)).toBe(false);
    expect(after.has(`RENTROLL:${alone.externalId}`)).toBe(false);
    const sharedKey = before.get(`RENTROLL:${shared.externalId}`)!;
    expect((await unitKeys(store))).toContain(sharedKey);
    expect([...after.values()]).toContain(sharedKey);
    expect((await unitKeys(store))).not.toContain(before.get(`RENTROLL:${alone.externalId}`));
    expect(result.unitsRemoved).toBe(1);
    expect(result.vendors[0]).toMatchObject({ vendor: 'RENTROLL', removed: 2 });
  });

  it('moves a record whose address changed, leaving the unit it was in its key', async () => {
    const rentroll = fakeSource('RENTROLL', [unitRecord('RENTROLL', '1', '10 Elm Street')]);
    const leasey = fakeSource('LEASEY', [unitRecord('LEASEY', '7', '10 Elm St')]);
    const sync = createIdentitySync({ store, sources: [rentroll, leasey], logger: silentLogger });
    await sync.run();
    leasey.records = [unitRecord('LEASEY', '7', '12 Elm St', { active: false })];
    const result = await sync.run();
    expect(Object.fromEntries((await membership(store)))).toEqual({ 'RENTROLL:1': 'RENTROLL:1', 'LEASEY:7': 'LEASEY:7' });
    expect(result.vendors[1]).toMatchObject({ vendor: 'LEASEY', added: 0, changed: 1, removed: 0 });
    expect(await store.read.selectFrom('identity_units').select(['unit_key', 'active']).orderBy('position').execute()).toEqual([
      { unit_key: 'RENTROLL:1', active: 1 }, { unit_key: 'LEASEY:7', active: 0 },
    ]);
  });

  it('keeps records an incremental read did not return, and passes its watermark back', async () => {
    const leasey = fakeSource('LEASEY', [...records.LEASEY], { complete: false, watermark: 'w1' });
    const sync = createIdentitySync({ store, sources: [leasey], logger: silentLogger });
    await sync.run();
    leasey.records = [unitRecord('LEASEY', '999999', '1 New Street')];
    leasey.watermark = 'w2';
    const result = await sync.run();
    expect(leasey.calls.map((c) => c.since)).toEqual([null, 'w1']);
    expect(result.vendors[0]).toMatchObject({ ok: true, added: 1, removed: 0, records: records.LEASEY.length + 1 });
    await sync.run({ full: true });
    expect(leasey.calls[2]!.since).toBeNull();
  });

  it('reads a vendor in full once its last full read is older than fullReadEveryMillis', async () => {
    const leasey = fakeSource('LEASEY', [...records.LEASEY], { complete: true, watermark: 'w1' });
    await createIdentitySync({ store, sources: [leasey], logger: silentLogger }).run();
    await createIdentitySync({ store, sources: [leasey], logger: silentLogger }).run();
    await createIdentitySync({ store, sources: [leasey], logger: silentLogger, fullReadEveryMillis: 0 }).run();
    expect(leasey.calls.map((c) => c.since)).toEqual([null, 'w1', null]);
  });

  it('keeps a failing vendor\'s records and reports its error while the others sync', async () => {
    const all = sources(...ALL);
    const sync = createIdentitySync({ store, sources: all, logger: silentLogger });
    await sync.run();
    const leaseyBefore = [...(await membership(store))].filter(([ref]) => ref.startsWith('LEASEY:'));
    const leasey = all.find((s) => s.vendor === 'LEASEY')!;
    leasey.failure = new VendorError({ code: 'VENDOR_UNAVAILABLE', vendor: 'LEASEY', message: 'LEASEY GET /properties answered 503', status: 503 });
    all[0]!.records = all[0]!.records.slice(1);

    const result = await sync.run();
    expect(result.vendors.find((v) => v.vendor === 'LEASEY')).toEqual({ vendor: 'LEASEY', ok: false, error: 'LEASEY GET /properties answered 503', records: leaseyBefore.length });
    expect(result.vendors.find((v) => v.vendor === 'RENTROLL')).toMatchObject({ ok: true, removed: 1 });
    const after = (await membership(store));
    for (const [ref] of leaseyBefore) expect(after.has(ref)).toBe(true);
    expect(sync.status().lastError).toBe('LEASEY: LEASEY GET /properties answered 503');
    const state = await store.read.selectFrom('identity_sync_state').select(['last_error', 'records']).where('vendor', '=', 'LEASEY').executeTakeFirst();
    expect(state).toEqual({ last_error: 'LEASEY GET /properties answered 503', records: leaseyBefore.length });

    leasey.failure = null;
    await sync.run();
    expect(sync.status().lastError).toBeNull();
  });

  it('does not count a run in which every vendor failed as the first sync', async () => {
    const rentroll = fakeSource('RENTROLL', [...records.RENTROLL]);
    rentroll.failure = new Error('connection refused');
    const sync = createIdentitySync({ store, sources: [rentroll], logger: silentLogger });
    const result = await sync.run();
    expect(result.vendors).toEqual([{ vendor: 'RENTROLL', ok: false, error: 'connection refused', records: 0 }]);
    expect(sync.status()).toMatchObject({ firstSyncDone: false, running: false, lastError: 'RENTROLL: connection refused' });
    rentroll.failure = null;
    await sync.run();
    expect(sync.status()).toMatchObject({ firstSyncDone: true, lastError: null });
  });

  it('drops the records of a vendor that has no source any more', async () => {
    await createIdentitySync({ store, sources: sources('RENTROLL', 'DEEPRENT'), logger: silentLogger }).run();
    await createIdentitySync({ store, sources: sources('RENTROLL'), logger: silentLogger }).run();
    expect([...(await membership(store)).keys()].some((ref) => ref.startsWith('DEEPRENT:'))).toBe(false);
    expect((await unitKeys(store))).toHaveLength(records.RENTROLL.length);
  });

  it('applies overrides read before each run: a link joins two addresses, an unlink parts one', async () => {
    const rentroll = fakeSource('RENTROLL', [unitRecord('RENTROLL', '1', '10 Elm Street'), unitRecord('RENTROLL', '2', '20 Oak Avenue')]);
    const leasey = fakeSource('LEASEY', [unitRecord('LEASEY', '7', '10 Elm St'), unitRecord('LEASEY', '8', '99 Elsewhere Road')]);
    let overrides: Overrides = { link: [], unlink: [] };
    const sync = createIdentitySync({ store, sources: [rentroll, leasey], overrides: () => overrides, logger: silentLogger });
    await sync.run();
    expect(Object.fromEntries((await membership(store)))).toEqual({ 'RENTROLL:1': 'RENTROLL:1', 'LEASEY:7': 'RENTROLL:1', 'RENTROLL:2': 'RENTROLL:2', 'LEASEY:8': 'LEASEY:8' });

    overrides = { link: [['LEASEY:8', 'RENTROLL:2']], unlink: [['RENTROLL:1', 'LEASEY:7']] };
    const result = await sync.run();
    expect(Object.fromEntries((await membership(store)))).toEqual({ 'RENTROLL:1': 'RENTROLL:1', 'LEASEY:7': 'LEASEY:7', 'RENTROLL:2': 'RENTROLL:2', 'LEASEY:8': 'RENTROLL:2' });
    expect(result).toMatchObject({ units: 3, unitsAdded: 1, unitsRemoved: 1 });
  });

  it('gives the key to the part of an unlinked unit that holds the key\'s record', async () => {
    const leasey = fakeSource('LEASEY', [unitRecord('LEASEY', '7', '10 Elm St')]);
    await createIdentitySync({ store, sources: [leasey], logger: silentLogger }).run();
    const both = [fakeSource('RENTROLL', [unitRecord('RENTROLL', '1', '10 Elm Street')]), leasey];
    await createIdentitySync({ store, sources: both, logger: silentLogger }).run();
    expect(Object.fromEntries((await membership(store)))).toEqual({ 'RENTROLL:1': 'LEASEY:7', 'LEASEY:7': 'LEASEY:7' });
    await createIdentitySync({ store, sources: both, overrides: { link: [], unlink: [['RENTROLL:1', 'LEASEY:7']] }, logger: silentLogger }).run();
    expect(Object.fromEntries((await membership(store)))).toEqual({ 'RENTROLL:1': 'RENTROLL:1', 'LEASEY:7': 'LEASEY:7' });
  });

  it('reports records read per vendor, each phase, and the result', async () => {
    const events: SyncEvent[] = [];
    const sync = createIdentitySync({ store, sources: sources('RENTROLL', 'DEEPRENT'), logger: silentLogger, onProgress: (e) => events.push(e) });
    const seenByRun: SyncEvent[] = [];
    const result = await sync.run({ onProgress: (e) => seenByRun.push(e) });
    expect(seenByRun).toEqual(events);
    const phases = events.filter((e) => e.type === 'phase').map((e) => e.phase);
    expect(phases).toEqual(['reading', 'clustering', 'writing']);
    const reads = events.filter((e) => e.type === 'read' && e.vendor === 'RENTROLL').map((e) => (e.type === 'read' ? [e.recordsRead, e.done] : null));
    expect(reads).toEqual([[75, false], [150, false], [150, true]]);
    expect(events.filter((e) => e.type === 'vendor').map((e) => (e.type === 'vendor' ? e.outcome.vendor : null))).toEqual(['RENTROLL', 'DEEPRENT']);
    expect(events.at(-1)).toEqual({ type: 'done', result });
  });

  it('shows its progress in status() while running, and joins a second call', async () => {
    const { source: slow, release } = gatedRentroll(40);
    const sync = createIdentitySync({ store, sources: [slow], logger: silentLogger });
    expect(sync.status()).toEqual({ firstSyncDone: false, running: false, lastRunAt: null, lastError: null, progress: null });
    const first = sync.run();
    const second = sync.run();
    // The source reports its progress once the run has read the sync state from the store.
    for (let i = 0; i < 500 && sync.status().progress?.recordsRead.RENTROLL !== 40; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sync.status()).toMatchObject({ firstSyncDone: false, running: true, progress: { phase: 'reading', recordsRead: { RENTROLL: 40 } } });
    release();
    expect(await second).toBe(await first);
    expect(sync.status()).toMatchObject({ firstSyncDone: true, running: false, progress: null });
    expect(slow.calls).toHaveLength(1);
  });

  it('writes nothing when closed while reading', async () => {
    const { source: slow, release } = gatedRentroll();
    const sync = createIdentitySync({ store, sources: [slow], logger: silentLogger });
    const run = sync.run();
    const closed = sync.close();
    release();
    await expect(run).rejects.toThrow(/closed while reading/);
    await closed;
    expect((await unitKeys(store))).toEqual([]);
    await expect(sync.run()).rejects.toThrow(/closed/);
  });

  it('refuses a write computed from an index another run has changed since', async () => {
    const index = createIndexStore(store);
    const read = await index.generation();
    await createIdentitySync({ store, sources: sources('RENTROLL'), logger: silentLogger }).run();
    const nothing = { upsertRecords: [], deleteRecords: [], upsertUnits: [], deleteUnits: ['RENTROLL:1001'], syncState: [], syncedAt: null, overridesDigest: '' };
    await expect(index.write(nothing, read)).rejects.toThrow(IndexConflictError);
    expect((await unitKeys(store))).toContain('RENTROLL:1001');
  });
});
