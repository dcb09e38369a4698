import type { ExecutionResult } from 'graphql';
import type { PushedEventStream } from '../events/stream.js';
import type { StoredEvent } from '../events/types.js';
import type { NoticeWaiter, SharedNotices } from './shared-notices.js';
import type { ConnectionWriter } from './ws-writes.js';

/**
 * A caught-up subscriber in a group: where its notices go, and the seq through which it
 * has every notice (the group sends it only events after that).
 */
export interface GroupMember {
  readonly writer: ConnectionWriter;
  /** `{"id":<id>,"type":"next","payload":` of its subscription. */
  readonly prefix: Buffer;
  through: number;
  group: NoticeGroup | null;
  /** The group let go of it at `through` (its connection is congested, or the group is too far behind). */
  leftGroup(): void;
  /** Its notice of an event after `through` failed. */
  noticeFailed(error: unknown): void;
}

/** What closes a notice frame after its payload. */
export const FRAME_END = Buffer.from('}');

/**
 * One bus listener for the caught-up subscribers of a group (same operation, document,
 * variables and unit routing, so the same filter and the same notice; shared-notices.ts):
 * per event the filter runs once, the notice is got once, and each member costs a loop
 * iteration and a copy into its connection's buffer, instead of a listener, a stream
 * buffer and a pump per subscriber.
 *
 * A member joins at the seq T it is caught up through (`PushedEventStream.handOff`) and
 * is sent only events after T: the group heard every event up to T before it joined
 * (a handoff happens between publishes), so events the group still holds (their notice
 * executing) are ones the member already has, and every later one reaches the group.
 * A member whose connection is congested when an event is due leaves at the seq it has
 * everything through, and its stream takes the events back from there (`takeBack`:
 * replay from the log, then the bus), as a subscriber resuming from a cursor does.
 *
 * Notices go out in seq order: while an event's notice executes, later events wait in
 * the group. If more than a stream's buffer limit wait, the group lets every member go
 * back to its stream, where the limit (and 4413) applies to each as before.
 */
export class NoticeGroup implements NoticeWaiter {
  private readonly members = new Set<GroupMember>();
  /** Delivered from; never mutated once built (a join or leave drops it). */
  private snapshot: readonly GroupMember[] | null = null;
  /** Matching events not yet sent, in seq order; the first one's notice is being awaited when there are any. */
  private queue: StoredEvent[] = [];
  private readonly stop: () => void;
  private readonly matches: (event: StoredEvent) => boolean;
  private readonly bufferLimit: number;

  constructor(
    private readonly key: string,
    private readonly groups: NoticeGroups,
    stream: PushedEventStream,
    private readonly notices: SharedNotices,
    private readonly groupKey: string,
    private readonly run: (event: StoredEvent) => Promise<ExecutionResult>,
  ) {
    this.matches = stream.matches;
    this.bufferLimit = stream.bufferLimit;
    this.stop = stream.follow((event) => this.hear(event));
  }

  add(member: GroupMember): void {
    this.members.add(member);
    member.group = this;
    this.snapshot = null;
  }

  remove(member: GroupMember): void {
    if (!this.members.delete(member)) return;
    member.group = null;
    this.snapshot = null;
    if (this.members.size === 0) {
      this.stop();
      this.queue = [];
      this.groups.forget(this.key, this);
    }
  }

  noticeReady(payload: Buffer): void {
    const event = this.queue.shift();
    if (event === undefined) return;
    this.send(event.seq, payload);
    this.sendQueued();
  }

  noticeFailed(error: unknown): void {
    const event = this.queue.shift();
    if (event === undefined) return;
    for (const member of this.current()) {
      if (member.group === this && member.through < event.seq) {
        this.remove(member);
        member.noticeFailed(error);
      }
    }
    this.sendQueued();
  }

  private hear(event: StoredEvent): void {
    if (this.members.size === 0 || !this.matches(event)) return;
    this.queue.push(event);
    if (this.queue.length > this.bufferLimit) {
      this.dissolve();
      return;
    }
    if (this.queue.length === 1) this.sendQueued();
  }

  /** Sends queued events whose notice is ready, in order, until one has to be awaited. */
  private sendQueued(): void {
    while (this.queue.length > 0) {
      const event = this.queue[0]!;
      const notice = this.notices.noticeFor(event, this.groupKey, () => this.run(event));
      if (notice.payload === null) {
        notice.wait(this);
        return;
      }
      this.queue.shift();
      this.send(event.seq, notice.payload);
    }
  }

  private send(seq: number, payload: Buffer): void {
    for (const member of this.current()) {
      // A member that left during this loop, or joined after this event, is skipped.
      if (member.group !== this || member.through >= seq) continue;
      if (member.writer.congested()) {
        this.remove(member);
        member.leftGroup();
        continue;
      }
      member.writer.sendText(member.prefix, payload, FRAME_END);
      member.through = seq;
    }
  }

  private dissolve(): void {
    for (const member of this.current()) {
      this.remove(member);
      member.leftGroup();
    }
  }

  private current(): readonly GroupMember[] {
    return (this.snapshot ??= [...this.members]);
  }
}

/** The groups of one gateway, by group key and unit routing. */
export class NoticeGroups {
  private readonly byKey = new Map<string, NoticeGroup>();

  constructor(private readonly notices: SharedNotices) {}

  /**
   * Moves `member` from `stream` to its group if the stream is caught up; false when it
   * is not (it stays on its stream). Not during a publish (stream.handOff refuses then).
   */
  join(member: GroupMember, stream: PushedEventStream, groupKey: string, run: (event: StoredEvent) => Promise<ExecutionResult>): boolean {
    const key = `${groupKey}\n${stream.routeKey()}`;
    const through = stream.handOff();
    if (through === null) return false;
    let group = this.byKey.get(key);
    if (group === undefined) this.byKey.set(key, (group = new NoticeGroup(key, this, stream, this.notices, groupKey, run)));
    member.through = through;
    group.add(member);
    return true;
  }

  forget(key: string, group: NoticeGroup): void {
    if (this.byKey.get(key) === group) this.byKey.delete(key);
  }
}
