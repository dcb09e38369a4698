import type { Logger } from 'pino';
import type { StoredEvent } from './types.js';

/**
 * In-process fan-out of events that were just appended. Publishing is synchronous and
 * happens right after the append committed, in the same tick: a subscriber that read
 * the log to its end and then starts listening, without yielding in between, misses
 * nothing (see stream.ts). Events arrive in seq order.
 */
export type EventListener = (event: StoredEvent) => void;

export interface EventBus {
  publish(events: readonly StoredEvent[]): void;
  /** Returns the function that stops listening. */
  subscribe(listener: EventListener): () => void;
  listenerCount(): number;
}

export function createEventBus(logger: Logger): EventBus {
  const listeners = new Set<EventListener>();
  return {
    publish(events) {
      for (const event of events) {
        for (const listener of [...listeners]) {
          try {
            listener(event);
          } catch (error) {
            // One broken subscriber must not keep an event from the others.
            logger.error({ err: error, seq: event.seq }, 'an event listener failed');
          }
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    listenerCount: () => listeners.size,
  };
}
