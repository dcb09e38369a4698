import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../src/events/bus.js';
import type { StoredEvent } from '../../src/events/types.js';
import type { SourceRef } from '../../src/domain/models.js';

const ref = (externalId: string): SourceRef => ({ vendor: 'RENTENGINE', externalId });

const event = (seq: number, unitRef: SourceRef | null): StoredEvent => ({
  seq, receivedAt: '2024-05-01T00:00:00.000Z', dedupeKey: `k${seq}`, stage: null,
  vendor: 'RENTENGINE', entityType: 'LEASING_EVENT', change: 'CREATED', externalId: String(seq), unitRef, prospectRef: null, node: null, previous: null,
});

describe('the event bus', () => {
  const bus = () => createEventBus(pino({ level: 'silent' }));

  it('hands a listener that names unit records only the events about them, and others every event', () => {
    const events = bus();
    const seen = { unitA: [] as number[], unitsBC: [] as number[], every: [] as number[] };
    events.subscribe((e) => seen.unitA.push(e.seq), { unitRefs: [ref('A')] });
    events.subscribe((e) => seen.unitsBC.push(e.seq), { unitRefs: [ref('B'), ref('C'), ref('B')] });
    events.subscribe((e) => seen.every.push(e.seq));
    events.publish([event(1, ref('A')), event(2, ref('B')), event(3, null), event(4, ref('C')), event(5, { vendor: 'RENTROLL', externalId: 'A' })]);
    expect(seen).toEqual({ unitA: [1], unitsBC: [2, 4], every: [1, 2, 3, 4, 5] });
    expect(events.listenerCount()).toBe(3);
  });

  it('gives a listener added while an event is delivered the next event, not that one', () => {
    const events = bus();
    const late: number[] = [];
    let added = false;
    events.subscribe(() => {
      if (added) return;
      added = true;
      events.subscribe((e) => late.push(e.seq));
      events.subscribe((e) => late.push(e.seq * 10), { unitRefs: [ref('A')] });
    });
    events.publish([event(1, ref('A')), event(2, ref('A'))]);
    expect(late.sort((a, b) => a - b)).toEqual([2, 20]);
  });

  it('stops delivering once a listener stopped, also between the events of one publish', () => {
    const events = bus();
    const seen: number[] = [];
    const stop = events.subscribe((e) => {
      seen.push(e.seq);
      stop();
    }, { unitRefs: [ref('A')] });
    events.publish([event(1, ref('A')), event(2, ref('A'))]);
    expect(seen).toEqual([1]);
    expect(events.listenerCount()).toBe(0);
    stop();
    expect(events.listenerCount()).toBe(0);
  });

  it('keeps delivering to the others when one listener throws', () => {
    const events = bus();
    const seen: number[] = [];
    events.subscribe(() => {
      throw new Error('broken subscriber');
    });
    events.subscribe((e) => seen.push(e.seq));
    events.publish([event(1, null), event(2, null)]);
    expect(seen).toEqual([1, 2]);
  });
});
