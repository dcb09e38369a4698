import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../utils/app.js';
import { CHANGES_NO_NODE, disposeAll, eventually, leasingEventBody, postWebhook, rentengineHeaders, subscribe, type Subscription } from '../events/support.js';
import { NoticeGroups } from '../../src/transport/notice-groups.js';

/** A notice that reads the unit's showing availability from RentEngine: it takes as long as RentEngine does. */
const SLOW_NOTICE = `subscription { leasingEvents { event { id notes unit { showingAvailability { start } } } } }`;

interface LeasingNotice {
  leasingEvents: { event: { notes: string } };
}

interface ChangeNotice {
  changes: { cursor: string; previous: { i: number } };
}

/**
 * Caught-up subscribers of a group get their notices from one listener of the group;
 * the others from their own streams. These check the seam between the two: a subscriber
 * moves over only once it is caught up, and gets every notice once either way.
 */
describe('notices fanned out once per group', () => {
  let app: TestApp;
  const listening = (count: number) => eventually(() => app.services.events.bus.listenerCount() === count);
  const order = (sub: Subscription<ChangeNotice>) => sub.results.map((result) => result.data!.changes.previous.i);
  const record = (i: number) =>
    app.services.events.record([
      { dedupeKey: `test:group:${i}`, events: [{ vendor: 'RENTENGINE', entityType: 'UNIT', change: 'UPDATED', externalId: String(i), unitRef: null, prospectRef: null, node: null, previous: { i } }] },
    ]);

  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: 10 });
    await app.services.readModel.run();
  });
  afterEach(async () => {
    app.simulator('rentengine').server.setFaults({ latencyMillis: 0 });
    vi.restoreAllMocks();
    await disposeAll();
    await listening(0);
  });
  afterAll(async () => {
    await app.close();
  });

  it('gives each subscriber every notice once, in order, when others join the group while events are published', async () => {
    const join = vi.spyOn(NoticeGroups.prototype, 'join');
    const joined = () => join.mock.results.filter((result) => result.value === true).length;
    const first = subscribe<ChangeNotice>(app.url, CHANGES_NO_NODE);
    const second = subscribe<ChangeNotice>(app.url, CHANGES_NO_NODE);
    await listening(2);
    const count = 400;
    const late: Subscription<ChangeNotice>[] = [];
    let resumed: Subscription<ChangeNotice> | null = null;
    for (let i = 0; i < count; i++) {
      const recorded = record(i);
      // Some events are recorded while earlier ones are still being published and delivered.
      if (i % 4 === 0) await recorded;
      if (i === 100) {
        await first.waitFor(51);
        // Resumes from the 51st notice: replays from the log while later events are published, then joins its group.
        resumed = subscribe<ChangeNotice>(app.url, CHANGES_NO_NODE, { after: first.results[50]!.data!.changes.cursor });
      }
      if (i % 50 === 25) late.push(subscribe<ChangeNotice>(app.url, CHANGES_NO_NODE));
    }
    // One more event once every late subscriber listens, so each has at least that one.
    await listening(3 + late.length);
    await record(count);
    const all = Array.from({ length: count + 1 }, (_, i) => i);
    await first.waitFor(all.length, 30_000);
    await second.waitFor(all.length, 30_000);
    await resumed!.waitFor(all.length - 51, 30_000);
    await eventually(() => late.every((sub) => sub.results.at(-1)?.data?.changes.previous.i === count), 30_000);
    expect(order(first)).toEqual(all);
    expect(order(second)).toEqual(all);
    expect(order(resumed!)).toEqual(all.slice(51));
    for (const sub of late) {
      // A subscriber without a cursor starts at some event and then misses none and repeats none.
      const got = order(sub);
      expect(got).toEqual(all.slice(got[0]));
    }
    // Every subscriber ended up in a group, so the notices above went through the groups' seam.
    expect(joined()).toBeGreaterThanOrEqual(3 + late.length);
  }, 60_000);

  it('does not send a subscriber that joined while a notice was executing the notice of an event from before it subscribed', async () => {
    const join = vi.spyOn(NoticeGroups.prototype, 'join');
    const joined = () => join.mock.results.filter((result) => result.value === true).length;
    const rentengine = app.simulator('rentengine').server;
    const post = async (id: number) => expect((await postWebhook(app.url, 'rentengine', leasingEventBody(id), rentengineHeaders())).status).toBe(200);
    const notes = (sub: Subscription<LeasingNotice>) => sub.results.map((result) => result.data!.leasingEvents.event.notes);
    const early = subscribe<LeasingNotice>(app.url, SLOW_NOTICE);
    await listening(1);
    await post(9101);
    await early.waitFor(1);
    await eventually(() => joined() === 1);

    // The group is still executing this event's notice when the next subscriber joins it.
    rentengine.setFaults({ latencyMillis: 1_500 });
    await post(9102);
    const late = subscribe<LeasingNotice>(app.url, SLOW_NOTICE);
    await listening(2);
    await eventually(() => joined() === 2);
    expect(early.results).toHaveLength(1);
    rentengine.setFaults({ latencyMillis: 0 });
    await post(9103);
    await early.waitFor(3, 10_000);
    await late.waitFor(1, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(notes(early)).toEqual(['step 9101', 'step 9102', 'step 9103']);
    expect(notes(late)).toEqual(['step 9103']);
  }, 30_000);
});
