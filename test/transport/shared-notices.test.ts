import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../src/domain/ids.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { disposeAll, eventually, postWebhook, rentengineHeaders, subscribe, type Subscription } from '../events/support.js';

/**
 * Subscribers of one group (same document, operation and variables) share one execution
 * per event. Executions are counted by what they ask of RentEngine: a notice's
 * `unit { showingAvailability }` reads availability through per-execution loaders, and
 * the gateway's RentEngine client counts every read asked for, in-flight sharing aside.
 */
const NOTICE = `subscription ($filter: LeasingEventFilter, $after: String, $withUnit: Boolean! = true) {
  leasingEvents(filter: $filter, after: $after) {
    cursor
    event { id notes unit @include(if: $withUnit) { id showingAvailability { start end } } }
  }
}`;

interface Notice {
  leasingEvents: { cursor: string; event: { id: string; notes: string; unit?: { id: string; showingAvailability: { start: string }[] } | null } };
}

const leasingBody = (id: number, rentengineUnitId: number) =>
  JSON.stringify({
    type: 'INSERT',
    table: 'leasing_events',
    record: { id, prospect_id: 55123, unit_id: rentengineUnitId, event_type: 'Showing Scheduled', source: 'Email', notes: `notice ${id}`, planned_date_time: null, created_at: new Date().toISOString() },
    old_record: null,
  });

const noticeIds = (sub: Subscription<Notice>) => sub.results.map((r) => r.data!.leasingEvents.event.id);
const leasingId = (id: number) => encodeId('LeasingEvent', `RENTENGINE:${id}`);

describe('notices shared by subscribers of one group', () => {
  let app: TestApp;
  /** A merged unit with a RentEngine record, and that record's id. */
  let unit: { id: string; rentengineId: number };
  const listening = (count: number) => eventually(() => app.services.events.bus.listenerCount() === count);
  const rentengineReads = () => app.services.vendors.all().find((handle) => handle.vendor === 'RENTENGINE')!.link.stats().calls;

  /** Posts leasing event `id` about the unit; resolves to the RentEngine reads made until `subs` each got `count` notices. */
  async function readsFor(id: number, subs: readonly Subscription<Notice>[], count: number): Promise<number> {
    const before = rentengineReads();
    const answer = await postWebhook(app.url, 'rentengine', leasingBody(id, unit.rentengineId), rentengineHeaders());
    expect(answer.status).toBe(200);
    await Promise.all(subs.map((sub) => sub.waitFor(count)));
    // Let any straggling execution finish its reads before counting.
    await new Promise((resolve) => setTimeout(resolve, 100));
    return rentengineReads() - before;
  }

  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: 30, synced: true });
    const units = await app.graphql<{ units: { edges: { node: { id: string; sources: { vendor: string; externalId: string }[] } }[] } }>(
      '{ units(first: 1, filter: { vendor: RENTENGINE }) { edges { node { id sources { vendor externalId } } } } }',
    );
    const node = units.data!.units.edges[0]!.node;
    unit = { id: node.id, rentengineId: Number(node.sources.find((source) => source.vendor === 'RENTENGINE')!.externalId) };
  });
  afterEach(async () => {
    app.simulator('rentengine').server.setFaults({ errorRate: 0 });
    await disposeAll();
    await listening(0);
  });
  afterAll(async () => {
    await app.close();
  });

  it('gives subscribers with the same query the same notices, executing each event once for all of them', async () => {
    const alone = subscribe<Notice>(app.url, NOTICE);
    await listening(1);
    const readsForOne = await readsFor(7001, [alone], 1);
    expect(readsForOne).toBeGreaterThan(0);
    await alone.dispose();
    await listening(0);

    const group = [subscribe<Notice>(app.url, NOTICE), subscribe<Notice>(app.url, NOTICE), subscribe<Notice>(app.url, NOTICE)];
    await listening(3);
    const readsForThree = await readsFor(7002, group, 1);
    expect(readsForThree).toBe(readsForOne);
    const [first, ...others] = group.map((sub) => sub.results);
    expect(first![0]!.data!.leasingEvents.event).toMatchObject({ id: leasingId(7002), notes: 'notice 7002', unit: { id: unit.id } });
    for (const results of others) expect(results).toEqual(first);
  });

  it('executes separately for subscribers whose variables differ, each getting the result its variables ask for', async () => {
    const alone = subscribe<Notice>(app.url, NOTICE);
    await listening(1);
    const readsForOne = await readsFor(7101, [alone], 1);
    await alone.dispose();
    await listening(0);

    const withUnit = subscribe<Notice>(app.url, NOTICE);
    const withoutUnit = subscribe<Notice>(app.url, NOTICE, { withUnit: false });
    const byUnit = subscribe<Notice>(app.url, NOTICE, { filter: { unitId: unit.id } });
    await listening(3);
    const reads = await readsFor(7102, [withUnit, withoutUnit, byUnit], 1);
    expect(withUnit.results[0]!.data!.leasingEvents.event.unit).toMatchObject({ id: unit.id });
    expect(withoutUnit.results[0]!.data!.leasingEvents.event).not.toHaveProperty('unit');
    expect(byUnit.results[0]!.data!.leasingEvents.event.unit).toMatchObject({ id: unit.id });
    // Two groups read the unit's availability (the filtered one and the unfiltered one); the one without the unit reads nothing.
    expect(reads).toBe(2 * readsForOne);
  });

  it('replays missed events to a resuming subscriber alongside a live one, each event once, with its own execution', async () => {
    const live = subscribe<Notice>(app.url, NOTICE);
    await listening(1);
    await readsFor(7201, [live], 1);
    const cursor = live.results[0]!.data!.leasingEvents.cursor;
    await readsFor(7202, [live], 2);
    await readsFor(7203, [live], 3);

    // Same document and variables as `live` apart from the cursor: events 7202 and 7203 come from the log.
    const resumed = subscribe<Notice>(app.url, NOTICE, { after: cursor });
    await resumed.waitFor(2);
    await listening(2);
    await readsFor(7204, [live, resumed], 4 - 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(noticeIds(resumed)).toEqual([leasingId(7202), leasingId(7203), leasingId(7204)]);
    expect(noticeIds(live)).toEqual([leasingId(7201), leasingId(7202), leasingId(7203), leasingId(7204)]);
    for (const notice of resumed.results) expect(notice.data!.leasingEvents.event.unit).toMatchObject({ id: unit.id });
    const cursors = resumed.results.map((r) => r.data!.leasingEvents.cursor);
    expect(live.results.slice(1).map((r) => r.data!.leasingEvents.cursor)).toEqual(cursors);
  });

  it('still delivers a partial notice, with the vendor error, to every subscriber of a group when the vendor fails', async () => {
    const group = [subscribe<Notice>(app.url, NOTICE), subscribe<Notice>(app.url, NOTICE)];
    await listening(2);
    app.simulator('rentengine').server.setFaults({ errorRate: 1, errorStatus: 400 });
    const answer = await postWebhook(app.url, 'rentengine', leasingBody(7301, unit.rentengineId), rentengineHeaders());
    expect(answer.status).toBe(200);
    await Promise.all(group.map((sub) => sub.waitFor(1)));
    for (const sub of group) {
      const notice = sub.results[0]!;
      expect(notice.data!.leasingEvents.event).toMatchObject({ id: leasingId(7301), unit: { id: unit.id, showingAvailability: [] } });
      expect(notice.errors).toEqual([expect.objectContaining({ path: ['leasingEvents', 'event', 'unit', 'showingAvailability'], extensions: expect.objectContaining({ vendor: 'RENTENGINE' }) })]);
    }
    expect(group[1]!.results).toEqual(group[0]!.results);
  });
});
