import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { encodeId } from '../../src/domain/ids.js';
import { cursorOfSeq, type NewEvent } from '../../src/events/types.js';
import { SUBSCRIBER_TOO_SLOW_CLOSE_CODE } from '../../src/events/stream.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { createTestDatabase } from '../utils/postgres.js';
import { CHANGES_NO_NODE, disposeAll, eventually, LEASING, leasingEventBody, postWebhook, rentengineHeaders, subscribe } from './support.js';

interface LeasingNotice {
  leasingEvents: { cursor: string; event: { id: string; eventType: string; stage: string } };
}
interface ChangeNotice {
  changes: { cursor: string; vendor: string; type: string; previous?: unknown };
}

async function postLeasing(app: TestApp, id: number, eventType?: string, prospectId?: number): Promise<void> {
  const answer = await postWebhook(app.url, 'rentengine', leasingEventBody(id, { ...(eventType !== undefined && { eventType }), ...(prospectId !== undefined && { prospectId }) }), rentengineHeaders());
  expect(answer.status).toBe(200);
}

const ids = (sub: { results: { data?: LeasingNotice | null }[] }) => sub.results.map((r) => r.data!.leasingEvents.event.id);
const leasingId = (id: number) => encodeId('LeasingEvent', `RENTENGINE:${id}`);

// Replay reads the store and live events come through its tail: on both engines.
describe.each(['sqlite', 'postgres'] as const)('subscriptions over the event log on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: 30, engine });
  });
  const listening = (count: number) => eventually(() => app.services.events.bus.listenerCount() === count);
  afterEach(async () => {
    await disposeAll();
    await listening(0);
  });
  afterAll(async () => {
    await app.close();
  });

  it('follows live events only when no cursor is given', async () => {
    await postLeasing(app, 1000);
    const sub = subscribe<LeasingNotice>(app.url, LEASING);
    await listening(1);
    await postLeasing(app, 1001);
    await sub.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ids(sub)).toEqual([leasingId(1001)]);
  });

  it('replays exactly the 10 events a client missed, in order, then follows live ones', async () => {
    const first = subscribe<LeasingNotice>(app.url, LEASING);
    await listening(1);
    await postLeasing(app, 2000);
    await first.waitFor(1);
    const cursor = first.results[0]!.data!.leasingEvents.cursor;
    await first.dispose();
    await listening(0);

    for (let i = 1; i <= 10; i++) await postLeasing(app, 2000 + i);
    const again = subscribe<LeasingNotice>(app.url, LEASING, { after: cursor });
    await again.waitFor(10);
    expect(ids(again)).toEqual(Array.from({ length: 10 }, (_, i) => leasingId(2001 + i)));
    await listening(1);
    await postLeasing(app, 2011);
    await postLeasing(app, 2012);
    await again.waitFor(12);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ids(again).slice(10)).toEqual([leasingId(2011), leasingId(2012)]);
    const cursors = again.results.map((r) => r.data!.leasingEvents.cursor);
    expect(new Set(cursors).size).toBe(12);
  });

  it('has no gap and no duplicate when events arrive while it replays', async () => {
    const anchor = subscribe<LeasingNotice>(app.url, LEASING);
    await listening(1);
    await postLeasing(app, 3000);
    await anchor.waitFor(1);
    const cursor = anchor.results[0]!.data!.leasingEvents.cursor;
    await anchor.dispose();
    await listening(0);
    for (let i = 1; i <= 30; i++) await postLeasing(app, 3000 + i);
    const sub = subscribe<LeasingNotice>(app.url, LEASING, { after: cursor });
    // Keep appending while the replay runs.
    for (let i = 31; i <= 60; i++) await postLeasing(app, 3000 + i);
    await sub.waitFor(60, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ids(sub)).toEqual(Array.from({ length: 60 }, (_, i) => leasingId(3001 + i)));
  });

  it('filters by stage, prospect and unit on the server', async () => {
    const prospectId = encodeId('Prospect', 'RENTENGINE:77001');
    const byProspect = subscribe<LeasingNotice>(app.url, LEASING, { filter: { prospectId } });
    const byStage = subscribe<LeasingNotice>(app.url, LEASING, { filter: { stages: ['LEASE_SIGNED'] } });
    await listening(2);
    await postLeasing(app, 4001, 'Showing Desired', 77001);
    await postLeasing(app, 4002, 'Lease Signed', 77002);
    await postLeasing(app, 4003, 'Application Received', 77001);
    await byProspect.waitFor(2);
    await byStage.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ids(byProspect)).toEqual([leasingId(4001), leasingId(4003)]);
    expect(byStage.results.map((r) => r.data!.leasingEvents.event.stage)).toEqual(['LEASE_SIGNED']);

    // A unit filter names a merged unit: events about any of its vendor records pass.
    const units = await app.graphql<{ units: { edges: { node: { id: string; sources: { vendor: string; externalId: string }[] } }[] } }>(
      '{ units(first: 2) { edges { node { id sources { vendor externalId } } } } }',
    );
    const [mine, other] = units.data!.units.edges.map((e) => e.node);
    const byUnit = subscribe<ChangeNotice>(app.url, CHANGES_NO_NODE, { filter: { unitId: mine!.id } });
    await listening(3);
    const unitEvent = (source: { vendor: string; externalId: string }, externalId: string): NewEvent => ({
      vendor: 'RENTROLL', entityType: 'LEASE', change: 'UPDATED', externalId, unitRef: { vendor: 'RENTROLL', externalId: source.externalId }, prospectRef: null, node: null, previous: null,
    });
    await app.services.events.record([
      { dedupeKey: 'test:unit-filter:1', events: [unitEvent(other!.sources[0]!, 'L-other')] },
      { dedupeKey: 'test:unit-filter:2', events: [unitEvent(mine!.sources[0]!, 'L-mine')] },
    ]);
    await byUnit.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(byUnit.results).toHaveLength(1);
    expect(byUnit.results[0]!.data!.changes).toMatchObject({ vendor: 'RENTROLL', type: 'LEASE' });
  });

  it('refuses a garbled cursor with BAD_USER_INPUT and an unknown unit with NOT_FOUND', async () => {
    const garbled = subscribe(app.url, LEASING, { after: 'not-a-cursor' });
    await garbled.ended;
    expect(garbled.results[0]!.errors![0]!.extensions!['code']).toBe('BAD_USER_INPUT');
    const unknownUnit = subscribe(app.url, CHANGES_NO_NODE, { filter: { unitId: encodeId('Unit', 'no-such-unit') } });
    await unknownUnit.ended;
    expect(unknownUnit.results[0]!.errors![0]!.extensions!['code']).toBe('NOT_FOUND');
  });

  it('holds a subscription to the query limits HTTP requests get (depth)', async () => {
    const nested = (depth: number): string => (depth === 0 ? 'id' : `leases { unit { ${nested(depth - 1)} } }`);
    const deep = subscribe(app.url, `subscription { leasingEvents { event { unit { ${nested(6)} } } } }`);
    // Refused at once; an accepted subscription would stay open (and wait for events).
    await Promise.race([deep.ended, new Promise((resolve) => setTimeout(resolve, 3_000))]);
    expect(deep.results[0]?.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('answers CURSOR_EXPIRED for a cursor older than retention, and replays from one inside it', async () => {
    for (let i = 1; i <= 3; i++) await postLeasing(app, 5000 + i);
    const last = await app.services.events.log.lastSeq();
    // Age everything up to the second-to-last event past retention, then let retention run.
    await app.services.store.write.updateTable('events').set({ received_at: 0 }).where('seq', '<=', last - 1).execute();
    await app.services.events.prune();
    expect(await app.services.events.log.prunedThrough()).toBe(last - 1);

    const expired = subscribe(app.url, LEASING, { after: cursorOfSeq(last - 2) });
    await expired.ended;
    expect(expired.results[0]!.errors![0]).toMatchObject({ extensions: { code: 'CURSOR_EXPIRED' } });
    expect(expired.results[0]!.errors![0]!.message).toMatch(/7-day retention/);

    const fresh = subscribe<LeasingNotice>(app.url, LEASING, { after: cursorOfSeq(last - 1) });
    await fresh.waitFor(1);
    expect(ids(fresh)).toEqual([leasingId(5003)]);
  });
});

describe('a slow subscriber', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: 10, env: { RENTGRAPH_SUBSCRIPTION_BUFFER: '20' } });
  });
  afterEach(disposeAll);
  afterAll(async () => {
    await app.close();
  });

  it(`is closed with ${SUBSCRIBER_TOO_SLOW_CLOSE_CODE} once it falls more than its buffer behind`, async () => {
    const sub = subscribe<ChangeNotice>(app.url, CHANGES_NO_NODE);
    const socket = await sub.socket;
    await eventually(() => app.services.events.bus.listenerCount() === 1);
    // Stop reading: the kernel's buffers fill, sends stall, notices queue in the gateway.
    socket.pause();
    const bulky = 'x'.repeat(100_000);
    for (let i = 0; i < 2_000 && app.services.events.bus.listenerCount() > 0; i++) {
      const recorded = app.services.events.record([{ dedupeKey: `test:slow:${i}`, events: [{ vendor: 'RENTENGINE', entityType: 'UNIT', change: 'UPDATED', externalId: String(i), unitRef: null, prospectRef: null, node: null, previous: { bulky } }] }]);
      if (i % 10 === 0) await recorded;
    }
    expect(app.services.events.bus.listenerCount()).toBe(0);
    socket.resume();
    const closed = await sub.closed;
    expect(closed.code).toBe(SUBSCRIBER_TOO_SLOW_CLOSE_CODE);
    expect(closed.reason).toMatch(/too slow/i);
  });
});

describe('a subscriber whose connection stops reading for a while', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: 10, env: { RENTGRAPH_SUBSCRIPTION_BUFFER: '400' } });
  });
  afterEach(disposeAll);
  afterAll(async () => {
    await app.close();
  });

  it('gets every notice in order once it reads again, while a subscriber on another connection is not held up', async () => {
    const slow = subscribe<ChangeNotice>(app.url, CHANGES_NO_NODE);
    const brisk = subscribe<ChangeNotice>(app.url, CHANGES_NO_NODE);
    const socket = await slow.socket;
    await eventually(() => app.services.events.bus.listenerCount() === 2);
    // 300 notices of 200 KB, 60 MB: more than the kernel's buffers of a loopback connection
    // hold, so the gateway holds notices back for the paused one until it drains.
    socket.pause();
    const bulky = 'x'.repeat(200_000);
    const count = 300;
    for (let i = 0; i < count; i++) {
      const recorded = app.services.events.record([{ dedupeKey: `test:paused:${i}`, events: [{ vendor: 'RENTENGINE', entityType: 'UNIT', change: 'UPDATED', externalId: String(i), unitRef: null, prospectRef: null, node: null, previous: { bulky, i } }] }]);
      if (i % 10 === 0) await recorded;
    }
    await brisk.waitFor(count, 30_000);
    expect(slow.results.length).toBeLessThan(count);
    socket.resume();
    await slow.waitFor(count, 30_000);
    const order = (sub: typeof slow) => sub.results.map((result) => (result.data!.changes.previous as { i: number }).i);
    const sent = Array.from({ length: count }, (_, i) => i);
    expect(order(slow)).toEqual(sent);
    expect(order(brisk)).toEqual(sent);
    expect(app.services.events.bus.listenerCount()).toBe(2);
  }, 60_000);
});

describe.each(['sqlite', 'postgres'] as const)('restarting the gateway on %s', (engine) => {
  it('loses no acknowledged event: a new gateway on the same store replays them all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rentgraph-restart-'));
    const env = engine === 'sqlite' ? { RENTGRAPH_DB: join(dir, 'events.sqlite') } : { RENTGRAPH_DATABASE_URL: await createTestDatabase(inject('postgresAdminUrl')) };
    try {
      const before = await startTestApp({ rentrollUnits: 10, env });
      const acknowledged: number[] = [];
      try {
        for (let i = 1; i <= 15; i++) {
          const answer = await postWebhook(before.url, 'rentengine', leasingEventBody(6000 + i), rentengineHeaders());
          if (answer.status === 200) acknowledged.push(6000 + i);
        }
      } finally {
        await before.close();
      }
      expect(acknowledged).toHaveLength(15);

      const after = await startTestApp({ rentrollUnits: 10, env });
      try {
        const sub = subscribe<LeasingNotice>(after.url, LEASING, { after: cursorOfSeq(0) });
        await sub.waitFor(15);
        expect(ids(sub)).toEqual(acknowledged.map(leasingId));
        // Seqs go on where they stopped.
        await postLeasing(after, 6016);
        await sub.waitFor(16);
        expect(ids(sub)[15]).toBe(leasingId(6016));
        await sub.dispose();
      } finally {
        await after.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
