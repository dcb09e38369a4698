import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProspectModel } from '../../src/domain/models.js';
import { leaseyLeadLeasingEvent } from '../../src/vendors/leasey/funnel.js';
import { leasingEventToNew } from '../../src/ports/polling.js';
import { createChangePoller } from '../../src/events/poll/poller.js';
import { changeEventOf, type PollSnapshot, type PollSource } from '../../src/ports/polling.js';
import { startPolling } from '../../src/events/poll/scheduler.js';
import type { EventService } from '../../src/events/service.js';
import type { Store } from '../../src/store/store.js';
import { STORE_ENGINES, storeScope } from '../utils/stores.js';
import { openEvents } from './events.fixture.js';

const lead = (id: string, status: string): ProspectModel => ({
  __typename: 'Prospect', vendor: 'LEASEY', externalId: id, raw: { Person_ID: id, Application_Status: status }, name: `Lead ${id}`, email: null, phone: null,
  status, source: 'Zillow', createdAt: '2025-01-01T00:00:00.000Z', unitOfInterest: { vendor: 'LEASEY', externalId: '700' },
});

/** A fake vendor: `snapshot` is what the next fetch returns. */
function fakeLeads(events: EventService, store: Store, initial: PollSnapshot<ProspectModel>) {
  const state = { snapshot: initial, fetches: 0, fail: false };
  const source: PollSource<ProspectModel> = {
    name: 'leasey:leads',
    async fetch() {
      state.fetches++;
      if (state.fail) throw new Error('Leasey answered 503');
      return state.snapshot;
    },
    keyOf: (record) => record.externalId,
    toEvents: (diff) => {
      const leasing = leaseyLeadLeasingEvent(diff, '2025-03-01T12:00:00.000Z');
      return [
        changeEventOf('LEASEY', 'PROSPECT', diff, { unit: (r) => r.unitOfInterest, prospect: (r) => ({ vendor: 'LEASEY', externalId: r.externalId }) }),
        ...(leasing === null ? [] : [leasingEventToNew(leasing)]),
      ];
    },
  };
  return { state, poller: createChangePoller(source, { store, events }) };
}

describe.each(STORE_ENGINES)('change polling on $name', (engine) => {
  const stores = storeScope(engine);
  let store: Store;
  let events: EventService;
  beforeEach(async () => {
    store = await stores.fresh();
    events = await openEvents(store);
  });
  afterEach(async () => {
    events.close();
    await stores.closeAll();
  });

  it('records a baseline first, then appends CREATED, UPDATED and DELETED events for what changed', async () => {
    const { state, poller } = fakeLeads(events, store, { records: [lead('1', 'Lead'), lead('2', 'Lead')], complete: true });
    expect(await poller.pollOnce()).toMatchObject({ created: 2, events: 0, baseline: true });
    expect(await events.log.lastSeq()).toBe(0);

    expect(await poller.pollOnce()).toMatchObject({ created: 0, updated: 0, deleted: 0, events: 0, baseline: false });

    state.snapshot = { records: [lead('1', 'Application Received'), lead('3', 'Lead')], complete: true };
    expect(await poller.pollOnce()).toMatchObject({ created: 1, updated: 1, deleted: 1 });
    const logged = (await events.log.after(0, 100)).map((e) => [e.entityType, e.change, e.externalId, e.stage]);
    expect(logged).toEqual([
      ['PROSPECT', 'UPDATED', '1', null],
      ['LEASING_EVENT', 'CREATED', 'lead-1@2025-03-01T12:00:00.000Z', 'APPLICATION'],
      ['PROSPECT', 'CREATED', '3', null],
      ['LEASING_EVENT', 'CREATED', 'lead-3@2025-03-01T12:00:00.000Z', 'NEW'],
      ['PROSPECT', 'DELETED', '2', null],
    ]);
    const updated = (await events.log.after(0, 1))[0]!;
    expect(updated.previous).toEqual({ Person_ID: '1', Application_Status: 'Lead' });
    expect(updated.unitRef).toEqual({ vendor: 'LEASEY', externalId: '700' });
  });

  it('treats nothing as deleted when the read was partial', async () => {
    const { state, poller } = fakeLeads(events, store, { records: [lead('1', 'Lead'), lead('2', 'Lead')], complete: true });
    await poller.pollOnce();
    state.snapshot = { records: [lead('1', 'Lead')], complete: false };
    expect(await poller.pollOnce()).toMatchObject({ deleted: 0, events: 0 });
  });

  it('compares records whatever their key order', async () => {
    const { state, poller } = fakeLeads(events, store, { records: [lead('1', 'Lead')], complete: true });
    await poller.pollOnce();
    const reordered = Object.fromEntries(Object.entries(lead('1', 'Lead')).reverse()) as ProspectModel;
    state.snapshot = { records: [{ ...reordered, raw: { Application_Status: 'Lead', Person_ID: '1' } }], complete: true };
    expect(await poller.pollOnce()).toMatchObject({ created: 0, updated: 0, deleted: 0 });
  });

  it('keeps its snapshot when the events cannot be stored, so the change is found again', async () => {
    const { state, poller } = fakeLeads(events, store, { records: [lead('1', 'Lead')], complete: true });
    await poller.pollOnce();
    state.snapshot = { records: [lead('1', 'Archived')], complete: true };
    const record = events.record;
    events.record = (deliveries, also) => record(deliveries, async (tx) => {
      if (typeof also === 'function') await also(tx);
      throw new Error('disk I/O error');
    });
    await expect(poller.pollOnce()).rejects.toThrow('disk I/O error');
    events.record = record;
    expect(await poller.pollOnce()).toMatchObject({ updated: 1, events: 2 });
  });

  it('polls on an interval, carries on after a failure, and stops', async () => {
    const { state, poller } = fakeLeads(events, store, { records: [lead('1', 'Lead')], complete: true });
    state.fail = true;
    const logs: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => logs.push(line) });
    const schedule = startPolling([poller], { intervalMillis: 20, logger });
    await new Promise((resolve) => setTimeout(resolve, 70));
    state.fail = false;
    await new Promise((resolve) => setTimeout(resolve, 70));
    await schedule.stop();
    const fetches = state.fetches;
    expect(fetches).toBeGreaterThanOrEqual(4);
    expect(logs.some((line) => line.includes('change poll failed') && line.includes('leasey:leads'))).toBe(true);
    expect(await store.read.selectFrom('poll_snapshots').select('key').where('source', '=', 'leasey:leads').execute()).toEqual([{ key: '1' }]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(state.fetches).toBe(fetches);
  });
});
