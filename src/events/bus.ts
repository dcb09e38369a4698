import type { Logger } from 'pino';
import { refKey } from '../domain/ids.js';
import type { SourceRef } from '../domain/models.js';
import type { StoredEvent } from './types.js';

/**
 * In-process fan-out of committed events, fed only by the log tail (tail.ts): every
 * event once, in seq order, with no gap. `publishedThrough()` is the highest seq
 * published, so a subscriber that starts listening and notes it in one synchronous step
 * knows that every later event will reach it here and every earlier one is in the log
 * (see stream.ts).
 *
 * A listener that only wants events about some unit records says so (`unitRefs`), and
 * the bus hands it only those: with 10,000 subscribers each following one unit, an
 * event then costs the subscribers of its unit, not a filter call per subscriber. The
 * listener still filters on the rest (stage, prospect...).
 *
 * Each event goes to the listeners there were when its delivery began: one added while
 * an event is delivered first hears the next one, one removed may still hear the
 * current one (stream.ts ignores what arrives after it finished). The lists delivered
 * from are snapshots rebuilt only after listeners changed, not copied per event.
 */
export type EventListener = (event: StoredEvent) => void;

export interface ListenOptions {
  /** Only events whose `unitRef` is one of these; absent = every event. */
  unitRefs?: readonly SourceRef[] | undefined;
  /**
   * False for a listener that serves subscribers counted on their own (`hold`): a
   * group's listener (transport/notice-groups.ts) is not one more subscriber. Default true.
   */
  counted?: boolean;
}

export interface EventBus {
  /** Events in seq order, each after the last published one. */
  publish(events: readonly StoredEvent[]): void;
  /** The highest seq published so far (where the tail started, before the first). */
  publishedThrough(): number;
  /** Returns the function that stops listening. Every call counts as one listener unless `counted` is false. */
  subscribe(listener: EventListener, options?: ListenOptions): () => void;
  /** Counts one subscriber whose events reach it through another listener, until the returned function is called. */
  hold(): () => void;
  /** Subscribers: counted listeners and holds. */
  listenerCount(): number;
  /** True while `publish` is handing an event to listeners. */
  publishing(): boolean;
}

/** A set of listeners with an array snapshot for delivery, rebuilt lazily after a change. */
class Listeners {
  private readonly set = new Set<EventListener>();
  /** Never mutated once built (a change drops it), so delivering from it is stable. */
  private snapshot: readonly EventListener[] | null = null;
  add(listener: EventListener): void {
    this.set.add(listener);
    this.snapshot = null;
  }
  delete(listener: EventListener): boolean {
    if (!this.set.delete(listener)) return false;
    this.snapshot = null;
    return true;
  }
  get size(): number {
    return this.set.size;
  }
  current(): readonly EventListener[] {
    return (this.snapshot ??= [...this.set]);
  }
}

export function createEventBus(logger: Logger, startSeq = 0): EventBus {
  let through = startSeq;
  const everyEvent = new Listeners();
  const byUnit = new Map<string, Listeners>();
  let count = 0;
  let publishing = false;
  const release = () => {
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      count--;
    };
  };

  const deliver = (listeners: readonly EventListener[], event: StoredEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        // One broken subscriber must not keep an event from the others.
        logger.error({ err: error, seq: event.seq }, 'an event listener failed');
      }
    }
  };

  return {
    publish(events) {
      publishing = true;
      try {
        for (const event of events) {
          through = event.seq;
          // Both snapshots are taken before any listener runs.
          const all = everyEvent.current();
          const ofUnit = event.unitRef === null || byUnit.size === 0 ? undefined : byUnit.get(refKey(event.unitRef))?.current();
          deliver(all, event);
          if (ofUnit !== undefined) deliver(ofUnit, event);
        }
      } finally {
        publishing = false;
      }
    },
    subscribe(listener, options) {
      const keys = options?.unitRefs === undefined ? null : [...new Set(options.unitRefs.map(refKey))];
      if (keys === null) everyEvent.add(listener);
      for (const key of keys ?? []) {
        let list = byUnit.get(key);
        if (list === undefined) byUnit.set(key, (list = new Listeners()));
        list.add(listener);
      }
      const counted = options?.counted ?? true;
      if (counted) count++;
      let listening = true;
      return () => {
        if (!listening) return;
        listening = false;
        if (counted) count--;
        if (keys === null) everyEvent.delete(listener);
        for (const key of keys ?? []) {
          const list = byUnit.get(key);
          if (list !== undefined && list.delete(listener) && list.size === 0) byUnit.delete(key);
        }
      };
    },
    hold() {
      count++;
      return release();
    },
    publishedThrough: () => through,
    listenerCount: () => count,
    publishing: () => publishing,
  };
}
