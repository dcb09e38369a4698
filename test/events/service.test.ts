import { afterEach, describe, expect, it } from 'vitest';
import type { AppendResult } from '../../src/events/log.js';
import type { EventService } from '../../src/events/service.js';
import { openEventStream } from '../../src/events/stream.js';
import type { Delivery } from '../../src/events/types.js';
import type { Store } from '../../src/store/store.js';
import { STORE_ENGINES, storeScope } from '../utils/stores.js';
import { leasingEvent, openEvents } from './events.fixture.js';

const delivery = (key: string, ...ids: number[]): Delivery => ({ dedupeKey: key, events: ids.map((id) => leasingEvent(id)) });
const seqsOf = (results: readonly AppendResult[]) => results.flatMap((result) => result.events.map((event) => event.seq));

describe.each(STORE_ENGINES)('the event service on $name', (engine) => {
  const stores = storeScope(engine);
  const services: EventService[] = [];
  const serviceOn = async (store: Store) => {
    const events = await openEvents(store);
    services.push(events);
    return events;
  };
  afterEach(async () => {
    for (const events of services.splice(0)) events.close();
    await stores.closeAll();
  });

  /** A store whose transactions are counted. */
  const counting = (store: Store) => {
    const counter = { transactions: 0, store: store as Store };
    counter.store = { ...store, transaction: (work) => (counter.transactions++, store.transaction(work)) };
    return counter;
  };

  it('writes the record() calls of one turn in one transaction, and answers each caller with its own results', async () => {
    const counter = counting(await stores.fresh());
    const events = await serviceOn(counter.store);
    const before = counter.transactions;
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => events.record([delivery(`g${i}`, i, i + 1000)])));
    expect(counter.transactions - before).toBe(1);
    answers.forEach(([result], i) => {
      expect(result!.duplicate).toBe(false);
      expect(result!.events.map((e) => [e.seq, e.dedupeKey, e.externalId])).toEqual([[2 * i + 1, `g${i}`, String(i)], [2 * i + 2, `g${i}`, String(i + 1000)]]);
    });
    expect((await events.log.after(0, 1000)).map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(events.bus.publishedThrough()).toBe(100);
  });

  it('writes calls made in separate callbacks of one turn of the event loop (requests read in one poll) in one transaction', async () => {
    const counter = counting(await stores.fresh());
    const events = await serviceOn(counter.store);
    const before = counter.transactions;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      new Promise<AppendResult[]>((resolve, reject) => setImmediate(() => void events.record([delivery(`turn${i}`, i)]).then(resolve, reject)))));
    expect(counter.transactions - before).toBe(1);
    expect(answers.map(seqsOf)).toEqual(Array.from({ length: 20 }, (_, i) => [i + 1]));
  });

  it('writes calls that arrive while a commit is in flight together in the next one', async () => {
    const counter = counting(await stores.fresh());
    const events = await serviceOn(counter.store);
    const before = counter.transactions;
    const first = events.record([delivery('first', 1)]);
    // The first write is under way once its transaction began; these wait for it.
    await new Promise((resolve) => setImmediate(resolve));
    const later = Array.from({ length: 20 }, (_, i) => events.record([delivery(`later${i}`, i)]));
    await Promise.all([first, ...later]);
    expect(counter.transactions - before).toBeLessThanOrEqual(3);
    expect(await events.log.lastSeq()).toBe(21);
  });

  it('fails only the caller whose alsoInTransaction failed; the others in its commit are written', async () => {
    const counter = counting(await stores.fresh());
    const store = counter.store;
    const events = await serviceOn(store);
    const settled = await Promise.allSettled([
      events.record([delivery('one', 1)]),
      events.record([delivery('two', 2)], async () => {
        throw new Error('the snapshot could not be written');
      }),
      events.record([delivery('three', 3)], async (tx) => {
        await tx.db.insertInto('meta').values({ key: 'written-with-three', value: 'yes' }).execute();
      }),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'the snapshot could not be written' });
    expect((await events.log.after(0, 10)).map((e) => [e.seq, e.dedupeKey])).toEqual([[1, 'one'], [2, 'three']]);
    expect(await store.read.selectFrom('meta').select('value').where('key', '=', 'written-with-three').executeTakeFirst()).toEqual({ value: 'yes' });
    // Nothing of the failed call was kept, its dedupe key included.
    const [again] = await events.record([delivery('two', 2)]);
    expect(again).toMatchObject({ duplicate: false, events: [{ seq: 3, dedupeKey: 'two' }] });
  });

  it('gives every seq once, in order, to a follower while two writers append thousands of events at once', async () => {
    // Postgres: three processes' stores on one database (writers wake the follower by
    // NOTIFY). SQLite serves one process, so there the three event services share one
    // store: the follower hears the writers' commits through the store's notifications.
    const place = await stores.place();
    const storeA = await stores.open(place);
    const [storeB, storeC] = engine.name === 'postgres' ? [await stores.open(place), await stores.open(place)] : [storeA, storeA];
    const [a, b, follower] = [await serviceOn(storeA), await serviceOn(storeB), await serviceOn(storeC)];
    const PER_WRITER = 1_500;
    const SHARED = 100;
    const stream = openEventStream({ log: follower.log, bus: follower.bus, afterSeq: null, matches: () => true, bufferLimit: 100_000 });
    const received: number[] = [];
    const expected = 2 * PER_WRITER + SHARED;
    const following = (async () => {
      while (received.length < expected) {
        const step = await stream.next();
        if (step.done === true) return;
        received.push(step.value.seq);
      }
    })();

    // Each writer appends in waves of concurrent calls (so group commits interleave with
    // the other writer's); both also record the same 100 deliveries, in opposite orders,
    // as two replicas given one webhook's retries would.
    const shared = Array.from({ length: SHARED }, (_, i) => delivery(`shared${i}`, 90_000 + i));
    const write = async (events: EventService, name: string, sharedInOrder: Delivery[]) => {
      const results: AppendResult[] = [];
      for (let wave = 0; wave < PER_WRITER / 50; wave++) {
        const calls = Array.from({ length: 50 }, (_, i) => events.record([delivery(`${name}${wave * 50 + i}`, wave * 50 + i)]));
        calls.push(...sharedInOrder.splice(0, 4).map((d) => events.record([d])));
        results.push(...(await Promise.all(calls)).flat());
      }
      return results;
    };
    const [fromA, fromB] = await Promise.all([write(a, 'a', [...shared]), write(b, 'b', [...shared].reverse())]);
    await Promise.race([following, new Promise((_, reject) => setTimeout(() => reject(new Error(`the follower stopped at ${received.length} of ${expected}`)), 30_000))]);
    await stream.return!();

    expect(received).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
    const written = [...seqsOf(fromA), ...seqsOf(fromB)].sort((x, y) => x - y);
    expect(written).toEqual(received);
    for (const d of shared) {
      const fresh = [...fromA, ...fromB].filter((r) => !r.duplicate && r.events[0]?.dedupeKey === d.dedupeKey);
      expect(fresh).toHaveLength(1);
    }
    for (const events of [a, b, follower]) {
      await events.settle();
      expect(events.bus.publishedThrough()).toBe(expected);
    }
  }, 120_000);
});
