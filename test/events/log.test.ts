import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventLog, type EventLog } from '../../src/events/log.js';
import { openStore, type Store } from '../../src/store/sqlite.js';
import { leasingEvent } from './events.fixture.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('the event log', () => {
  let store: Store;
  let log: EventLog;
  let now: number;
  beforeEach(() => {
    store = openStore(':memory:');
    now = Date.parse('2025-03-01T00:00:00Z');
    log = createEventLog(store, { now: () => now });
  });
  afterEach(() => store.close());

  it('gives growing seqs and reads them back as written', () => {
    const [first, second] = log.append([
      { dedupeKey: 'a', events: [leasingEvent(1)] },
      { dedupeKey: 'b', events: [leasingEvent(2), leasingEvent(3, { entityType: 'PROSPECT', node: null, previous: { status: 'New' } })] },
    ]);
    expect(first!.events.map((e) => e.seq)).toEqual([1]);
    expect(second!.events.map((e) => e.seq)).toEqual([2, 3]);
    const read = log.after(0, 10);
    expect(read.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(read[0]).toEqual(first!.events[0]);
    expect(read[0]).toMatchObject({ stage: 'NEW', receivedAt: '2025-03-01T00:00:00.000Z', dedupeKey: 'a' });
    expect(read[2]).toMatchObject({ stage: null, node: null, previous: { status: 'New' } });
    expect(log.after(2, 10).map((e) => e.seq)).toEqual([3]);
    expect(log.lastSeq()).toBe(3);
  });

  it('writes a delivery once per dedupe key', () => {
    log.append([{ dedupeKey: 'msg_1', events: [leasingEvent(1)] }]);
    const [again] = log.append([{ dedupeKey: 'msg_1', events: [leasingEvent(1)] }]);
    expect(again).toEqual({ duplicate: true, events: [] });
    expect(log.lastSeq()).toBe(1);
  });

  it('writes nothing, key included, when the transaction fails', () => {
    expect(() => log.append([{ dedupeKey: 'msg_x', events: [leasingEvent(1)] }], () => {
      throw new Error('disk full');
    })).toThrow('disk full');
    expect(log.after(0, 10)).toEqual([]);
    expect(log.append([{ dedupeKey: 'msg_x', events: [leasingEvent(1)] }])[0]!.duplicate).toBe(false);
  });

  it('remembers a delivery for the whole dedupe window, and forgets it after', () => {
    log.append([{ dedupeKey: 'msg_1', events: [leasingEvent(1)] }]);
    now += 71 * HOUR;
    log.prune(7 * DAY, 72 * HOUR);
    expect(log.append([{ dedupeKey: 'msg_1', events: [leasingEvent(1)] }])[0]!.duplicate).toBe(true);
    now += 2 * HOUR;
    log.prune(7 * DAY, 72 * HOUR);
    expect(log.append([{ dedupeKey: 'msg_1', events: [leasingEvent(1)] }])[0]!.duplicate).toBe(false);
  });

  it('prunes a prefix older than retention and remembers how far it went', () => {
    log.append([{ dedupeKey: 'a', events: [leasingEvent(1), leasingEvent(2)] }]);
    now += 6 * DAY;
    log.append([{ dedupeKey: 'b', events: [leasingEvent(3)] }]);
    now += 2 * DAY;
    expect(log.prune(7 * DAY, 72 * HOUR)).toMatchObject({ events: 2 });
    expect(log.prunedThrough()).toBe(2);
    expect(log.after(0, 10).map((e) => e.seq)).toEqual([3]);
    now += 30 * DAY;
    log.prune(7 * DAY, 72 * HOUR);
    expect(log.prunedThrough()).toBe(3);
    // A pruned-empty log still never gives a seq twice.
    expect(log.append([{ dedupeKey: 'c', events: [leasingEvent(4)] }])[0]!.events[0]!.seq).toBe(4);
    expect(log.lastSeq()).toBe(4);
  });

  it('parks a delivery once and prunes parked ones with the events', () => {
    expect(log.park({ vendor: 'RENTENGINE', reason: 'unknown table', dedupeKey: 'p1', body: '{}' })).toBe(true);
    expect(log.park({ vendor: 'RENTENGINE', reason: 'unknown table', dedupeKey: 'p1', body: '{}' })).toBe(false);
    expect(log.parkedCount()).toBe(1);
    now += 8 * DAY;
    log.prune(7 * DAY, 72 * HOUR);
    expect(log.parkedCount()).toBe(0);
  });

  it('finds events by unit ref, prospect ref and record', () => {
    log.append([
      { dedupeKey: 'a', events: [leasingEvent(1), leasingEvent(2, { unitRef: { vendor: 'RENTENGINE', externalId: '9' }, prospectRef: null })] },
      { dedupeKey: 'b', events: [leasingEvent(1, { change: 'UPDATED' })] },
    ]);
    expect(log.byRef('LEASING_EVENT', 'unit', [{ vendor: 'RENTENGINE', externalId: '9' }]).map((e) => e.seq)).toEqual([2]);
    expect(log.byRef('LEASING_EVENT', 'prospect', [{ vendor: 'RENTENGINE', externalId: '55' }]).map((e) => e.seq)).toEqual([1, 3]);
    expect(log.byRef('PROSPECT', 'prospect', [{ vendor: 'RENTENGINE', externalId: '55' }])).toEqual([]);
    expect(log.latestOf('LEASING_EVENT', { vendor: 'RENTENGINE', externalId: '1' })?.seq).toBe(3);
    expect(log.latestOf('LEASING_EVENT', { vendor: 'LEASEY', externalId: '1' })).toBeNull();
  });
});
