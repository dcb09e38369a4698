import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventService } from '../../src/events/service.js';
import { openEventStream, StreamOverflowError } from '../../src/events/stream.js';
import type { StoredEvent } from '../../src/events/types.js';
import { STORE_ENGINES, storeScope } from '../utils/stores.js';
import { leasingEvent, openEvents } from './events.fixture.js';

describe.each(STORE_ENGINES)('an event stream on $name', (engine) => {
  const stores = storeScope(engine);
  let events: EventService;
  let key = 0;
  const append = (...ids: number[]) => events.record(ids.map((id) => ({ dedupeKey: `k${++key}`, events: [leasingEvent(id)] })));
  const all = () => true;

  beforeEach(async () => {
    events = await openEvents(await stores.fresh());
  });
  afterEach(async () => {
    events.close();
    await stores.closeAll();
  });

  async function take(stream: AsyncIterator<StoredEvent>, count: number): Promise<number[]> {
    const seqs: number[] = [];
    while (seqs.length < count) {
      const step = await stream.next();
      if (step.done === true) break;
      seqs.push(step.value.seq);
    }
    return seqs;
  }

  it('replays after the cursor in small pages, then follows live events without a gap or a repeat', async () => {
    await append(1, 2, 3, 4, 5);
    const stream = openEventStream({ log: events.log, bus: events.bus, afterSeq: 1, matches: all, pageSize: 2 });
    const first = await take(stream, 2);
    // Appended mid-replay: read from the log, not buffered twice.
    await append(6, 7);
    const rest = await take(stream, 4);
    const pending = stream.next();
    await append(8);
    expect([...first, ...rest, (await pending).value?.seq]).toEqual([2, 3, 4, 5, 6, 7, 8]);
    await stream.return!();
  });

  it('hands its live events off only once caught up, and takes them back after a seq with none missed or repeated', async () => {
    const stream = openEventStream({ log: events.log, bus: events.bus, afterSeq: null, matches: all });
    await append(1, 2);
    // Two events buffered: not caught up.
    expect(stream.handOff()).toBeNull();
    expect(await take(stream, 2)).toEqual([1, 2]);
    // Never while the bus is handing out an event: the stream may not have heard it yet.
    let during: number | null | undefined;
    const stopWatching = events.bus.subscribe(() => (during ??= stream.handOff()), { counted: false });
    await append(3);
    stopWatching();
    expect(during).toBeNull();
    expect(await take(stream, 1)).toEqual([3]);

    expect(stream.handOff()).toBe(3);
    // Still a subscriber, no longer a listener: what follows is the follower's.
    expect(events.bus.listenerCount()).toBe(1);
    const followed: number[] = [];
    const stopFollowing = stream.follow((event) => followed.push(event.seq));
    await append(4, 5, 6);
    expect(followed).toEqual([4, 5, 6]);
    expect(stream.takeReady()).toBeUndefined();

    // The follower delivered through 4: the stream goes on with 5 from the log, then live.
    stopFollowing();
    stream.takeBack(4);
    const pending = take(stream, 3);
    await append(7);
    expect(await pending).toEqual([5, 6, 7]);
    await stream.return!();
    expect(events.bus.listenerCount()).toBe(0);
  });

  it('skips what the filter does not match, in replay and live', async () => {
    await append(1, 2, 3, 4);
    const stream = openEventStream({ log: events.log, bus: events.bus, afterSeq: 0, matches: (e) => e.seq % 2 === 0 });
    expect(await take(stream, 2)).toEqual([2, 4]);
    await append(5, 6);
    expect(await take(stream, 1)).toEqual([6]);
    await stream.return!();
  });

  it('fails a consumer that falls more than its buffer behind, and stops listening', async () => {
    let overflowed = 0;
    const stream = openEventStream({ log: events.log, bus: events.bus, afterSeq: null, matches: all, bufferLimit: 3, onOverflow: () => overflowed++ });
    expect(events.bus.listenerCount()).toBe(1);
    await append(1, 2, 3);
    expect(overflowed).toBe(0);
    await append(4, 5);
    expect(overflowed).toBe(1);
    expect(events.bus.listenerCount()).toBe(0);
    await expect(stream.next()).rejects.toBeInstanceOf(StreamOverflowError);
    expect((await stream.next()).done).toBe(true);
  });

  it('ends a pending read when the consumer leaves', async () => {
    const stream = openEventStream({ log: events.log, bus: events.bus, afterSeq: null, matches: all });
    const pending = stream.next();
    await stream.return!();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(events.bus.listenerCount()).toBe(0);
  });

  it('publishes an event only once it can be read from the log, and before record() resolves', async () => {
    const reads: Promise<number>[] = [];
    events.bus.subscribe((event) => reads.push(events.log.after(event.seq - 1, 1).then((rows) => rows[0]?.seq ?? -1)));
    await append(1);
    expect(reads).toHaveLength(1);
    await append(2, 3);
    expect(await Promise.all(reads)).toEqual([1, 2, 3]);
  });

  it('never misses or repeats an event at the seam between replay and live, for streams opened during a burst', async () => {
    await append(...Array.from({ length: 20 }, (_, i) => i));
    const BURST = 400;
    const streams: { after: number; seqs: Promise<number[]> }[] = [];
    let lastSeq = 0;
    const burst = (async () => {
      for (let i = 0; i < BURST; i += 4) {
        const results = await Promise.all([append(i), append(i + 1, i + 2), append(i + 3)]);
        lastSeq = Math.max(lastSeq, ...results.flat().flatMap((r) => r.events.map((e) => e.seq)));
      }
    })();
    // Streams start at every point of the burst, each from a cursor a little behind the live edge.
    for (let i = 0; i < 60; i++) {
      const after = Math.max(0, events.bus.publishedThrough() - (i % 7) * 3);
      const stream = openEventStream({ log: events.log, bus: events.bus, afterSeq: after, matches: all, pageSize: 5 });
      streams.push({ after, seqs: take(stream, 20 + BURST - after).finally(() => stream.return!()) });
      await new Promise((resolve) => setTimeout(resolve, i % 3));
    }
    await burst;
    expect(lastSeq).toBe(20 + BURST);
    for (const { after, seqs } of streams) {
      expect(await seqs).toEqual(Array.from({ length: 20 + BURST - after }, (_, i) => after + i + 1));
    }
  });
});
