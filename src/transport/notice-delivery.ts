import type { ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import type { PushedEventStream } from '../events/stream.js';
import type { StoredEvent } from '../events/types.js';
import type { NoticeWaiter, SharedNotices } from './shared-notices.js';
import { FRAME_END, type GroupMember, type NoticeGroup, type NoticeGroups } from './notice-groups.js';
import { writerOf, type ConnectionWriter, type DrainWaiter } from './ws-writes.js';

/** The connection and graphql-ws subscription id a subscription's notices are written to. */
export interface NoticeTarget {
  socket: WebSocket;
  id: string;
}

export const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * A subscription's notices as graphql-ws iterates them; ending it (`return`, on the
 * client's `complete` or a close) lets go of the events it follows. One object per
 * subscriber with its methods on the prototype: at 50,000 subscribers, closures and
 * suspended async frames per subscriber are megabytes.
 */
export abstract class NoticeIterator<Events extends AsyncIterator<unknown>> implements AsyncGenerator<ExecutionResult, void, void> {
  constructor(protected readonly events: Events) {}

  abstract next(): Promise<IteratorResult<ExecutionResult, void>>;

  /** Runs when the subscription is ended from outside, before the events are let go of. */
  protected ending(): void {}

  async return(): Promise<IteratorResult<ExecutionResult, void>> {
    this.ending();
    await this.events.return?.();
    return DONE;
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult, void>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}

/**
 * A subscription's notices written straight to its connection: each notice is the
 * frame `{"id":<id>,"type":"next","payload":<the group's payload>}`, put together from
 * this subscription's prefix and the bytes its group serialized once (shared-notices.ts).
 * Through graphql-ws a notice cost every subscriber a chain of promises, its onNext, a
 * validation and a JSON serialization of the whole message, and a promise per send; at
 * 50,000 subscribers that path, not the execution, was the gateway's work.
 *
 * graphql-ws still owns the protocol and the subscription's life. To it this is an
 * async generator whose first `next()` settles only when the subscription is over:
 * DONE when the stream ended or `return()` was called (graphql-ws calls it on the
 * client's `complete` and on close), rejected when the stream failed (a subscriber
 * over its buffer), which graphql-ws sends as the operation's `error`. Every notice is
 * written before that `next()` settles, so graphql-ws's `complete` comes after the last
 * `next`.
 *
 * Live events are drained synchronously from the stream (`takeReady`, no promise per
 * event); replay, the end and a failure come through the stream's `next()`. One notice
 * at a time: a notice whose execution is still running holds the later ones back, so
 * notices go out in seq order. While the connection holds more than its high-water mark
 * unsent (ws-writes.ts) nothing is taken from the stream; events wait in the stream's
 * bounded buffer, and a subscriber that falls more than that behind is closed with 4413
 * (stream.ts), as when graphql-ws awaited every send.
 *
 * Once caught up (nothing buffered, nothing awaited, the connection not congested) the
 * subscription joins its group (notice-groups.ts), whose one listener then writes its
 * notices; it comes back to its stream, at the seq it has every notice through, when its
 * connection is congested as a notice is due.
 */
export class SocketNoticeStream extends NoticeIterator<PushedEventStream> implements NoticeWaiter, DrainWaiter, GroupMember {
  readonly writer: ConnectionWriter;
  readonly prefix: Buffer;
  /** While in a group: the seq through which this subscription has every notice. */
  through = 0;
  /** The group whose listener sends this subscription's notices while it is caught up; null while its stream does. */
  group: NoticeGroup | null = null;
  /** A join is scheduled for after the current turn's synchronous work. */
  private joining = false;
  /** A notice or a `next()` of the stream is awaited: nothing else is taken meanwhile. */
  private busy = false;
  private over = false;
  private failure: { error: unknown } | null = null;
  private ended: Promise<IteratorResult<ExecutionResult, void>> | null = null;
  private settle: { resolve: (step: IteratorResult<ExecutionResult, void>) => void; reject: (error: unknown) => void } | null = null;

  constructor(
    events: PushedEventStream,
    private readonly notices: SharedNotices,
    private readonly groups: NoticeGroups,
    private readonly groupKey: string,
    private readonly run: (event: StoredEvent) => Promise<ExecutionResult>,
    target: NoticeTarget,
  ) {
    super(events);
    this.writer = writerOf(target.socket);
    this.prefix = Buffer.from(`{"id":${JSON.stringify(target.id)},"type":"next","payload":`);
    events.onReadable(() => this.pump());
  }

  /** Settles once the subscription is over (see the class comment); starts delivering on the first call. */
  override next(): Promise<IteratorResult<ExecutionResult, void>> {
    if (this.ended === null) {
      this.ended = new Promise((resolve, reject) => {
        this.settle = { resolve, reject };
      });
      if (!this.over) this.pump();
      else if (this.failure === null) this.settle?.resolve(DONE);
      else this.settle?.reject(this.failure.error);
    }
    return this.ended;
  }

  protected override ending(): void {
    this.end(null);
  }

  resume(): void {
    this.pump();
  }

  noticeReady(payload: Buffer): void {
    this.busy = false;
    if (this.over) return;
    this.write(payload);
    this.pump();
  }

  noticeFailed(error: unknown): void {
    this.busy = false;
    this.end({ error });
  }

  leftGroup(): void {
    this.events.takeBack(this.through);
    this.pump();
  }

  /**
   * Sends what the stream has ready, until it has nothing, a notice is awaited or the
   * connection is congested; once it has nothing and nothing is awaited, joins the group.
   */
  private pump(): void {
    // Not before graphql-ws asked: a subscription it let go of at once is never written to.
    while (this.settle !== null && !this.busy && !this.over && this.group === null) {
      if (this.writer.congested()) {
        this.writer.resumeWhenDrained(this);
        return;
      }
      const event = this.events.takeReady();
      if (event !== undefined) {
        this.deliver(event);
        continue;
      }
      if (!this.events.idle()) this.pull();
      else this.joinSoon();
      return;
    }
  }

  /**
   * Joins the group once the bus is done publishing (a microtask runs only after the
   * synchronous `publish` that may be under way returned), if still caught up then;
   * if not, the event that arrived meanwhile has already called `pump`.
   */
  private joinSoon(): void {
    if (this.joining) return;
    this.joining = true;
    queueMicrotask(() => {
      this.joining = false;
      if (this.settle === null || this.busy || this.over || this.group !== null || this.writer.congested()) return;
      this.groups.join(this, this.events, this.groupKey, this.run);
    });
  }

  /** Replay, the end or a failure: through the stream's own `next()`. */
  private pull(): void {
    this.busy = true;
    this.events.next().then(
      (step) => {
        this.busy = false;
        if (this.over) return;
        if (step.done === true) this.end(null);
        else this.deliver(step.value);
        this.pump();
      },
      (error: unknown) => {
        this.busy = false;
        this.end({ error });
      },
    );
  }

  private deliver(event: StoredEvent): void {
    const notice = this.notices.noticeFor(event, this.groupKey, () => this.run(event));
    if (notice.payload !== null) {
      this.write(notice.payload);
      return;
    }
    this.busy = true;
    notice.wait(this);
  }

  private write(payload: Buffer): void {
    this.writer.sendText(this.prefix, payload, FRAME_END);
  }

  /** The subscription is over: with a failure graphql-ws sends as its error, or none. */
  private end(failure: { error: unknown } | null): void {
    if (this.over) return;
    this.over = true;
    this.group?.remove(this);
    this.failure = failure;
    if (failure !== null) void this.events.return?.();
    if (failure === null) this.settle?.resolve(DONE);
    else this.settle?.reject(failure.error);
  }
}
