import type { SourceRef } from '../domain/models.js';
import type { EventBus } from './bus.js';
import type { EventLog } from './log.js';
import type { StoredEvent } from './types.js';

/**
 * One subscriber's stream: replay from the log after a seq, then follow the bus, with
 * no gap and no duplicate at the seam.
 *
 * The stream starts listening to the bus and notes `bus.publishedThrough()` (T) in one
 * synchronous step. Every event after T will reach it through the bus (the tail
 * publishes every committed event in order, tail.ts), and every event up to T is in the
 * log, so the replay reads the log up to T while live events wait, then the stream
 * continues with the live events after what it replayed. Every emitted seq is strictly
 * greater than the last.
 *
 * Events wait in a bounded buffer until the consumer pulls them. A consumer that falls
 * more than `bufferLimit` events behind is cut off (`onOverflow`), rather than letting
 * the gateway's memory grow without bound.
 */
export interface EventStreamOptions {
  log: EventLog;
  bus: EventBus;
  /** Replay events after this seq; null = live events only. */
  afterSeq: number | null;
  /** Server-side filter; events that do not match are skipped (and do not count toward the buffer). */
  matches: (event: StoredEvent) => boolean;
  /**
   * When `matches` only passes events about these unit records: live events are then
   * routed to this stream by unit (see bus.ts) instead of offered to it one by one.
   */
  unitRefs?: readonly SourceRef[] | null;
  /** Live events a consumer may fall behind by. Default 1_000. */
  bufferLimit?: number;
  /** Called once when the buffer overflowed; the stream then fails with `overflowError`. */
  onOverflow?: () => void;
  /** Rows read from the log per step while replaying. Default 500. */
  pageSize?: number;
}

/**
 * The graphql-ws close code for a subscriber that fell more than its buffer behind
 * (4xxx is the application range; 4413 echoes HTTP 413, "too much waiting for you").
 * The client should reconnect and resubscribe with the last cursor it received.
 */
export const SUBSCRIBER_TOO_SLOW_CLOSE_CODE = 4413;

export class StreamOverflowError extends Error {
  override readonly name = 'StreamOverflowError';
}

export function openEventStream(options: EventStreamOptions): AsyncIterableIterator<StoredEvent> {
  const { log, bus, matches } = options;
  const bufferLimit = options.bufferLimit ?? 1_000;
  const pageSize = options.pageSize ?? 500;
  /** Events up to here come from the log; later ones from the bus. */
  const replayThrough = bus.publishedThrough();
  let mode: 'replay' | 'live' = options.afterSeq === null || options.afterSeq >= replayThrough ? 'live' : 'replay';
  /** The highest seq looked at, emitted or skipped. */
  let scanned = options.afterSeq ?? replayThrough;
  /** Matching events ready for the consumer; while replaying, live ones wait in `live`. */
  let ready: StoredEvent[] = [];
  let live: StoredEvent[] = [];
  let finished = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;

  const listen = options.unitRefs === null || options.unitRefs === undefined ? undefined : { unitRefs: options.unitRefs };
  // A cursor from another replica may be ahead of what this one has published yet.
  const skipThrough = options.afterSeq ?? 0;
  const stop = bus.subscribe((event) => {
    if (finished || event.seq <= skipThrough || !matches(event)) return;
    const queue = mode === 'live' ? ready : live;
    queue.push(event);
    if (queue.length > bufferLimit) {
      failure = new StreamOverflowError(`the subscriber fell more than ${bufferLimit} events behind and was closed; resubscribe with the last cursor it received`);
      finish();
      options.onOverflow?.();
      return;
    }
    if (mode === 'live') wakeUp();
  }, listen);

  function wakeUp(): void {
    const resolve = wake;
    wake = null;
    resolve?.();
  }

  function finish(): void {
    if (finished) return;
    finished = true;
    ready = [];
    live = [];
    stop();
    wakeUp();
  }

  /** Fills `ready` from the log up to `replayThrough`; then hands over to the live events. */
  async function replayStep(): Promise<void> {
    const rows = (await log.after(scanned, pageSize)).filter((row) => row.seq <= replayThrough);
    if (finished) return;
    if (rows.length > 0) scanned = rows[rows.length - 1]!.seq;
    ready = rows.filter(matches);
    if (rows.length === 0 || scanned >= replayThrough) {
      mode = 'live';
      ready.push(...live.filter((event) => event.seq > scanned));
      live = [];
    }
  }

  const iterator: AsyncIterableIterator<StoredEvent> = {
    async next(): Promise<IteratorResult<StoredEvent>> {
      for (;;) {
        if (failure !== null) {
          const error = failure;
          failure = null;
          throw error;
        }
        if (finished) return { done: true, value: undefined };
        const event = ready.shift();
        if (event !== undefined) {
          scanned = Math.max(scanned, event.seq);
          return { done: false, value: event };
        }
        if (mode === 'replay') {
          await replayStep();
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
    async return(): Promise<IteratorResult<StoredEvent>> {
      finish();
      return { done: true, value: undefined };
    },
    async throw(error?: unknown): Promise<IteratorResult<StoredEvent>> {
      finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
