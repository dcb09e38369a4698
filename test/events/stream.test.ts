import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventService } from '../../src/events/service.js';
import { openEventStream, StreamOverflowError } from '../../src/events/stream.js';
import type { StoredEvent } from '../../src/events/types.js';
import { leasingEvent, openMemoryEvents } from './events.fixture.js';

describe('an event stream', () => {
  let events: EventService;
  let key = 0;
  const append = (...ids: number[]) => events.record(ids.map((id) => ({ dedupeKey: `k${++key}`, events: [leasingEvent(id)] })));
  const all = () => true;

  let close = () => {};
  beforeEach(() => {
    ({ events, close } = openMemoryEvents());
  });
  afterEach(() => close());

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
    append(1, 2, 3, 4, 5);
    const stream = openEventStream({ log: events.log, bus: events.bus, afterSeq: 1, matches: all, pageSize: 2 });
    const first = await take(stream, 2);
    // Appended mid-replay: read from the log, not buffered twice.
    append(6, 7);
    const rest = await take(stream, 4);
    const pending = stream.next();
    append(8);
    expect([...first, ...rest, (await pending).value?.seq]).toEqual([2, 3, 4, 5, 6, 7, 8]);
    await stream.return!();
  });

  it('skips what the filter does not match, in replay and live', async () => {
    append(1, 2, 3, 4);
    const stream = openEventStream({ log: events.log, bus: events.bus, afterSeq: 0, matches: (e) => e.seq % 2 === 0 });
    expect(await take(stream, 2)).toEqual([2, 4]);
    append(5, 6);
    expect(await take(stream, 1)).toEqual([6]);
    await stream.return!();
  });

  it('fails a consumer that falls more than its buffer behind, and stops listening', async () => {
    let overflowed = 0;
    const stream = openEventStream({ log: events.log, bus: events.bus, afterSeq: null, matches: all, bufferLimit: 3, onOverflow: () => overflowed++ });
    expect(events.bus.listenerCount()).toBe(1);
    append(1, 2, 3);
    expect(overflowed).toBe(0);
    append(4, 5);
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

  it('publishes an event only once it can be read from the log', async () => {
    const seen: number[] = [];
    events.bus.subscribe((event) => seen.push(events.log.after(event.seq - 1, 1)[0]?.seq ?? -1));
    append(1);
    expect(seen).toEqual([1]);
  });
});
