import { refKey } from '../domain/ids.js';
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

/**
 * A stream a consumer can also drain synchronously (transport/notice-delivery.ts): while
 * it is live, `takeReady` hands over what is buffered and `onReadable`'s callback says
 * when more arrived, with no promise per event. Replay, the end and a failure still come
 * through `next()`: `takeReady` returns undefined and `idle` false until `next()` took them.
 */
export interface PushedEventStream extends AsyncIterableIterator<StoredEvent> {
  /** The next buffered live event, if any. */
  takeReady(): StoredEvent | undefined;
  /** True when nothing is buffered and only a new live event can change that (not replaying, not ended). */
  idle(): boolean;
  /** Called after each live event is buffered and when the stream ends; one callback per stream. */
  onReadable(callback: () => void): void;
  /** The stream's filter, as given. */
  readonly matches: (event: StoredEvent) => boolean;
  /** Live events it may fall behind by. */
  readonly bufferLimit: number;
  /** Equal for streams the bus routes the same events to (the same unit records, or every event). */
  routeKey(): string;
  /**
   * Listens to the bus as this stream does (same unit routing) without counting as one
   * more subscriber: for one listener serving the streams handed off to it.
   */
  follow(listener: (event: StoredEvent) => void): () => void;
  /**
   * Hands the stream's live events over to its consumer's own listener, if the stream is
   * caught up: live, nothing buffered, and no publish under way (so it heard every event
   * published). Returns the seq T it is caught up through: every matching event up to T
   * was handed out, and the stream stops listening (still counted as a subscriber); from
   * then on events after T are the consumer's to get from the bus. Null when not caught up.
   */
  handOff(): number | null;
  /**
   * Takes the events back after `handOff`: the consumer has every matching event up to
   * `afterSeq`, and the stream continues after it, replaying from the log up to what was
   * published and then following the bus, with the same seam as a stream that starts
   * after `afterSeq`.
   */
  takeBack(afterSeq: number): void;
}

export function openEventStream(options: EventStreamOptions): PushedEventStream {
  return new EventStream(options);
}

export const isPushedEventStream = (iterator: unknown): iterator is PushedEventStream => iterator instanceof EventStream;

/**
 * The stream of `openEventStream`: one object per subscriber with its methods on the
 * prototype, holding only what it needs after it started (not the options it was given),
 * and no suspended async frame while it waits for an event. At 50,000 subscribers the
 * closures, frames and options each kept were kilobytes a subscriber.
 */
class EventStream implements PushedEventStream {
  private readonly log: EventLog;
  private readonly bus: EventBus;
  readonly matches: (event: StoredEvent) => boolean;
  readonly bufferLimit: number;
  private readonly pageSize: number;
  private readonly onOverflow: (() => void) | undefined;
  private readonly unitRefs: readonly SourceRef[] | undefined;
  /** Events up to here come from the log; later ones from the bus. */
  private replayThrough: number;
  /** A cursor from another replica may be ahead of what this one has published yet. */
  private readonly skipThrough: number;
  private mode: 'replay' | 'live';
  /** The highest seq looked at, emitted or skipped. */
  private scanned: number;
  /** Matching events ready for the consumer; while replaying, live ones wait in `live`. */
  private ready: StoredEvent[] = [];
  private live: StoredEvent[] = [];
  private finished = false;
  private failure: Error | null = null;
  /** The consumer's pending `next()`, while nothing is ready. */
  private wake: (() => void) | null = null;
  private readable: (() => void) | null = null;
  /** The current bus listener; one let go of (handOff) may still be called for the event being published. */
  private listener: ((event: StoredEvent) => void) | null = null;
  /** Stops the bus listener, or the hold of a stream handed off. */
  private stop: () => void;

  constructor(options: EventStreamOptions) {
    this.log = options.log;
    this.bus = options.bus;
    this.matches = options.matches;
    this.bufferLimit = options.bufferLimit ?? 1_000;
    this.pageSize = options.pageSize ?? 500;
    this.onOverflow = options.onOverflow;
    this.unitRefs = options.unitRefs ?? undefined;
    this.skipThrough = options.afterSeq ?? 0;
    this.replayThrough = this.bus.publishedThrough();
    this.mode = options.afterSeq === null || options.afterSeq >= this.replayThrough ? 'live' : 'replay';
    this.scanned = options.afterSeq ?? this.replayThrough;
    this.stop = this.listen();
  }

  /** Starts listening; the caller notes `publishedThrough()` in the same synchronous step. */
  private listen(): () => void {
    const listener = (event: StoredEvent) => {
      if (this.listener === listener) this.offer(event);
    };
    this.listener = listener;
    return this.bus.subscribe(listener, { unitRefs: this.unitRefs });
  }

  routeKey(): string {
    return this.unitRefs === undefined ? '*' : [...new Set(this.unitRefs.map(refKey))].sort().join(' ');
  }

  follow(listener: (event: StoredEvent) => void): () => void {
    return this.bus.subscribe(listener, { unitRefs: this.unitRefs, counted: false });
  }

  handOff(): number | null {
    if (this.listener === null || this.mode !== 'live' || this.finished || this.failure !== null || this.ready.length > 0 || this.bus.publishing()) return null;
    const through = this.bus.publishedThrough();
    // A cursor ahead of this replica's bus: events up to it are still to be skipped.
    if (this.skipThrough > through) return null;
    const hold = this.bus.hold();
    this.stop();
    this.stop = hold;
    this.listener = null;
    this.scanned = Math.max(this.scanned, through);
    return through;
  }

  takeBack(afterSeq: number): void {
    if (this.listener !== null || this.finished) return;
    this.stop();
    this.replayThrough = this.bus.publishedThrough();
    this.stop = this.listen();
    this.mode = afterSeq >= this.replayThrough ? 'live' : 'replay';
    this.scanned = afterSeq;
    this.ready = [];
    this.live = [];
  }

  private offer(event: StoredEvent): void {
    if (this.finished || event.seq <= this.skipThrough || !this.matches(event)) return;
    const queue = this.mode === 'live' ? this.ready : this.live;
    queue.push(event);
    if (queue.length > this.bufferLimit) {
      this.failure = new StreamOverflowError(`the subscriber fell more than ${this.bufferLimit} events behind and was closed; resubscribe with the last cursor it received`);
      this.finish();
      this.onOverflow?.();
      return;
    }
    if (this.mode === 'live') this.wakeUp();
  }

  private wakeUp(): void {
    const resolve = this.wake;
    this.wake = null;
    resolve?.();
    this.readable?.();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.ready = [];
    this.live = [];
    this.stop();
    this.wakeUp();
  }

  /** Fills `ready` from the log up to `replayThrough`; then hands over to the live events. */
  private async replayStep(): Promise<void> {
    const rows = (await this.log.after(this.scanned, this.pageSize)).filter((row) => row.seq <= this.replayThrough);
    if (this.finished) return;
    if (rows.length > 0) this.scanned = rows[rows.length - 1]!.seq;
    this.ready = rows.filter(this.matches);
    if (rows.length === 0 || this.scanned >= this.replayThrough) {
      this.mode = 'live';
      this.ready.push(...this.live.filter((event) => event.seq > this.scanned));
      this.live = [];
    }
  }

  next(): Promise<IteratorResult<StoredEvent>> {
    if (this.failure !== null) {
      const error = this.failure;
      this.failure = null;
      return Promise.reject(error);
    }
    if (this.finished) return Promise.resolve({ done: true, value: undefined });
    const event = this.ready.shift();
    if (event !== undefined) {
      this.scanned = Math.max(this.scanned, event.seq);
      return Promise.resolve({ done: false, value: event });
    }
    if (this.mode === 'replay') return this.replayStep().then(() => this.next());
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    }).then(() => this.next());
  }

  takeReady(): StoredEvent | undefined {
    if (this.mode !== 'live' || this.failure !== null) return undefined;
    const event = this.ready.shift();
    if (event !== undefined) this.scanned = Math.max(this.scanned, event.seq);
    return event;
  }

  idle(): boolean {
    return this.mode === 'live' && !this.finished && this.failure === null && this.ready.length === 0;
  }

  onReadable(callback: () => void): void {
    this.readable = callback;
  }

  async return(): Promise<IteratorResult<StoredEvent>> {
    this.finish();
    return { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<StoredEvent>> {
    this.finish();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
