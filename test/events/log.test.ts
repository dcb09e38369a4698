import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventLog, type EventLog } from '../../src/events/log.js';
import type { Delivery } from '../../src/events/types.js';
import type { Store } from '../../src/store/store.js';
import { STORE_ENGINES, storeScope } from '../utils/stores.js';
import { leasingEvent } from './events.fixture.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(STORE_ENGINES)('the event log on $name', (engine) => {
  const stores = storeScope(engine);
  let store: Store;
  let log: EventLog;
  let now: number;
  /** Appends in a transaction of its own, as the event service does for one caller. */
  const append = (deliveries: readonly Delivery[]) => store.transaction((tx) => log.append(tx, deliveries));
  beforeEach(async () => {
    store = await stores.fresh();
    now = Date.parse('2025-03-01T00:00:00Z');
    log = createEventLog(store, { now: () => now });
  });
  afterEach(() => stores.closeAll());

  it('gives growing seqs and reads them back as written', async () => {
    const [first, second] = await append([
      { dedupeKey: 'a', events: [leasingEvent(1)] },
      { dedupeKey: 'b', events: [leasingEvent(2), leasingEvent(3, { entityType: 'PROSPECT', node: null, previous: { status: 'New' } })] },
    ]);
    expect(first!.events.map((e) => e.seq)).toEqual([1]);
    expect(second!.events.map((e) => e.seq)).toEqual([2, 3]);
    const read = await log.after(0, 10);
    expect(read.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(read[0]).toEqual(first!.events[0]);
    expect(read[0]).toMatchObject({ stage: 'NEW', receivedAt: '2025-03-01T00:00:00.000Z', dedupeKey: 'a' });
    expect(read[2]).toMatchObject({ stage: null, node: null, previous: { status: 'New' } });
    expect((await log.after(2, 10)).map((e) => e.seq)).toEqual([3]);
    expect(await log.lastSeq()).toBe(3);
  });

  it('writes a delivery once per dedupe key', async () => {
    await append([{ dedupeKey: 'msg_1', events: [leasingEvent(1)] }]);
    const [again] = await append([{ dedupeKey: 'msg_1', events: [leasingEvent(1)] }]);
    expect(again).toEqual({ duplicate: true, events: [] });
    expect(await log.lastSeq()).toBe(1);
  });

  it('writes a key given twice in one append once, and more deliveries than one statement holds without a gap', async () => {
    const deliveries = Array.from({ length: 70 }, (_, i) => ({ dedupeKey: `k${i % 60}`, events: i === 5 ? [] : [leasingEvent(i)] }));
    const results = await append([{ dedupeKey: 'k1', events: [leasingEvent(999)] }, ...deliveries]);
    expect(results.map((r) => r.duplicate)).toEqual([false, ...deliveries.map((_, i) => i === 1 || i >= 60)]);
    expect(results.flatMap((r) => r.events.map((e) => e.seq))).toEqual(Array.from({ length: 59 }, (_, i) => i + 1));
    expect(results[6]).toEqual({ duplicate: false, events: [] });
    // Each key keeps the first seq of its delivery's events (none for a delivery without events).
    const keys = await store.read.selectFrom('event_dedupe').select(['key', 'seq']).where('key', 'in', ['k1', 'k0', 'k5', 'k7']).orderBy('key').execute();
    expect(keys.map((k) => [k.key, k.seq === null ? null : Number(k.seq)])).toEqual([['k0', 2], ['k1', 1], ['k5', null], ['k7', 7]]);
  });

  it('writes nothing, key and seqs included, when the transaction fails', async () => {
    await expect(store.transaction(async (tx) => {
      await log.append(tx, [{ dedupeKey: 'msg_x', events: [leasingEvent(1)] }]);
      throw new Error('disk full');
    })).rejects.toThrow('disk full');
    expect(await log.after(0, 10)).toEqual([]);
    expect(await log.lastSeq()).toBe(0);
    const [retry] = await append([{ dedupeKey: 'msg_x', events: [leasingEvent(1)] }]);
    expect(retry!.duplicate).toBe(false);
    expect(retry!.events.map((e) => e.seq)).toEqual([1]);
  });

  it('remembers a delivery for the whole dedupe window, and forgets it after', async () => {
    await append([{ dedupeKey: 'msg_1', events: [leasingEvent(1)] }]);
    now += 71 * HOUR;
    await log.prune(7 * DAY, 72 * HOUR);
    expect((await append([{ dedupeKey: 'msg_1', events: [leasingEvent(1)] }]))[0]!.duplicate).toBe(true);
    now += 2 * HOUR;
    await log.prune(7 * DAY, 72 * HOUR);
    expect((await append([{ dedupeKey: 'msg_1', events: [leasingEvent(1)] }]))[0]!.duplicate).toBe(false);
  });

  it('prunes a prefix older than retention and remembers how far it went', async () => {
    await append([{ dedupeKey: 'a', events: [leasingEvent(1), leasingEvent(2)] }]);
    now += 6 * DAY;
    await append([{ dedupeKey: 'b', events: [leasingEvent(3)] }]);
    now += 2 * DAY;
    expect(await log.prune(7 * DAY, 72 * HOUR)).toMatchObject({ events: 2 });
    expect(await log.prunedThrough()).toBe(2);
    expect((await log.after(0, 10)).map((e) => e.seq)).toEqual([3]);
    now += 30 * DAY;
    await log.prune(7 * DAY, 72 * HOUR);
    expect(await log.prunedThrough()).toBe(3);
    // A pruned-empty log still never gives a seq twice.
    expect((await append([{ dedupeKey: 'c', events: [leasingEvent(4)] }]))[0]!.events[0]!.seq).toBe(4);
    expect(await log.lastSeq()).toBe(4);
  });

  it('parks a delivery once and prunes parked ones with the events', async () => {
    expect(await log.park({ vendor: 'RENTENGINE', reason: 'unknown table', dedupeKey: 'p1', body: '{}' })).toBe(true);
    expect(await log.park({ vendor: 'RENTENGINE', reason: 'unknown table', dedupeKey: 'p1', body: '{}' })).toBe(false);
    expect(await log.parkedCount()).toBe(1);
    now += 8 * DAY;
    await log.prune(7 * DAY, 72 * HOUR);
    expect(await log.parkedCount()).toBe(0);
  });

  it('finds events by unit ref, prospect ref and record', async () => {
    await append([
      { dedupeKey: 'a', events: [leasingEvent(1), leasingEvent(2, { unitRef: { vendor: 'RENTENGINE', externalId: '9' }, prospectRef: null })] },
      { dedupeKey: 'b', events: [leasingEvent(1, { change: 'UPDATED' })] },
    ]);
    expect((await log.byRef('LEASING_EVENT', 'unit', [{ vendor: 'RENTENGINE', externalId: '9' }])).map((e) => e.seq)).toEqual([2]);
    expect((await log.byRef('LEASING_EVENT', 'prospect', [{ vendor: 'RENTENGINE', externalId: '55' }])).map((e) => e.seq)).toEqual([1, 3]);
    expect(await log.byRef('PROSPECT', 'prospect', [{ vendor: 'RENTENGINE', externalId: '55' }])).toEqual([]);
    expect((await log.latestOf('LEASING_EVENT', { vendor: 'RENTENGINE', externalId: '1' }))?.seq).toBe(3);
    expect(await log.latestOf('LEASING_EVENT', { vendor: 'LEASEY', externalId: '1' })).toBeNull();
  });

  it('reads refs in chunks, so a unit with more records than one statement may bind is read whole', async () => {
    const refs = Array.from({ length: 1_200 }, (_, i) => ({ vendor: 'RENTENGINE' as const, externalId: `u${i}` }));
    await append([{ dedupeKey: 'many', events: [leasingEvent(1, { unitRef: refs[0]! }), leasingEvent(2, { unitRef: refs[1_100]! })] }]);
    expect((await log.byRef('LEASING_EVENT', 'unit', refs)).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('answers counts and seqs as numbers', async () => {
    await append([{ dedupeKey: 'a', events: [leasingEvent(1)] }]);
    await log.park({ vendor: 'RENTENGINE', reason: 'unknown table', dedupeKey: 'p1', body: '{}' });
    const [event] = await log.after(0, 1);
    expect(typeof event!.seq).toBe('number');
    expect(typeof (await log.lastSeq())).toBe('number');
    expect(await log.parkedCount()).toBe(1);
    expect(await log.prune(7 * DAY, 72 * HOUR)).toEqual({ events: 0, dedupeKeys: 0, parked: 0 });
  });
});
