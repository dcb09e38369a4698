import { stringify } from 'safe-stable-stringify';
import { createHash } from 'node:crypto';
import type { ChangeKind, EntityType, EventNode, NewEvent } from '../domain/events.js';
import type { LeasingEventModel, SourceRef } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';
import { deleteOf, draftOf, type RecordDraft, type RecordKind, type RecordWrite } from './read-model.js';

/**
 * Change polling, for what a vendor announces by no webhook: a vendor module says what to
 * fetch and what a difference means (PollSource); the gateway's poller (events/poll/)
 * compares each snapshot with the stored one and appends the events to the same log
 * webhooks use.
 */
export interface PollDiff<T> {
  change: ChangeKind;
  key: string;
  /** The record now; null when DELETED. */
  record: T | null;
  /** The record at the last poll; null when CREATED. */
  previous: T | null;
}

export interface PollSnapshot<T> {
  records: readonly T[];
  /** True when `records` is the vendor's whole set: keys missing from it are DELETED. */
  complete: boolean;
}

export interface PollSource<T> {
  /** Names the stored snapshot, "<vendor>:<records>"; unique per source and never renamed. */
  name: string;
  fetch(): Promise<PollSnapshot<T>>;
  keyOf(record: T): string;
  /** The events one difference means: a change notice, and for some a leasing event too. */
  toEvents(diff: PollDiff<T>): NewEvent[] | Promise<NewEvent[]>;
  /**
   * What one difference changes in the read model (written in the transaction that
   * appends its events and stores the snapshot, on the first poll too). Leasing events
   * a poll derives are kept by the poller itself.
   */
  toRecords?(diff: PollDiff<T>): RecordWrite[];
  /** Announce every record as CREATED on the first poll. Default false. */
  announceInitial?: boolean;
  /** Default: SHA-256 of the record's JSON with keys sorted. */
  hashOf?(record: T): string;
}

/** Sources polled on one interval (a vendor's setting, in milliseconds; null = not polled). */
export interface PollGroup {
  intervalMillis: number | null;
  /** Sources of different record types side by side (methods take their records bivariantly). */
  sources: readonly PollSource<unknown>[];
}

/** What a vendor's pollers may ask the gateway. */
export interface PollContext {
  /** The kind of the latest change the log holds about a record (from a webhook or an earlier poll); null when none. */
  latestChange(entityType: EntityType, ref: SourceRef): Promise<ChangeKind | null>;
}

/** Keys sorted (safe-stable-stringify), so equal records hash equally whatever their key order. */
export const hashOfRecord = (record: unknown) => createHash('sha256').update(stringify(record) ?? 'null').digest('hex');

/** Hash of the normalized record only: a vendor field the graph does not map (a counter ticking daily) is not a change. */
export const hashOfModel = (record: { raw: unknown }) => hashOfRecord({ ...record, raw: null });

/** A source of domain models, hashed without their raw payload. */
export function modelSource<T extends { raw: unknown }>(spec: Omit<PollSource<T>, 'hashOf'>): PollSource<T> {
  return { ...spec, hashOf: hashOfModel };
}

/** The vendor's old record for `previous`: a domain model's `raw`, else the record itself. */
function previousOf(previous: unknown): unknown {
  return previous !== null && typeof previous === 'object' && 'raw' in previous ? (previous as { raw: unknown }).raw : previous;
}

/**
 * The change event for a polled domain record (a node model or a unit record): its
 * node is the record as it is now (as it was, when DELETED).
 */
export function changeEventOf<T extends EventNode & SourceRef>(
  vendor: Vendor,
  entityType: EntityType,
  diff: PollDiff<T>,
  refs: { unit?: (record: T) => SourceRef | null; prospect?: (record: T) => SourceRef | null } = {},
): NewEvent {
  const node = (diff.record ?? diff.previous)!;
  return {
    vendor,
    entityType,
    change: diff.change,
    externalId: node.externalId,
    unitRef: refs.unit?.(node) ?? null,
    prospectRef: refs.prospect?.(node) ?? null,
    node,
    previous: previousOf(diff.previous),
  };
}

/** A leasing event a poll derived, as a log event (always CREATED: each step is a new event). */
export function leasingEventToNew(event: LeasingEventModel): NewEvent {
  return {
    vendor: event.vendor,
    entityType: 'LEASING_EVENT',
    change: 'CREATED',
    externalId: event.externalId,
    unitRef: event.unit,
    prospectRef: event.prospect,
    node: event,
    previous: null,
  };
}

/**
 * The write of one difference of a source whose records map to drafts one for one (or a
 * few): the record's drafts upserted, or on DELETED the previous record's keys removed.
 */
export function recordsOfDiff<T>(resource: string, diff: PollDiff<T>, draftsOf: (record: T) => RecordDraft[]): RecordWrite[] {
  if (diff.record !== null) return [{ resource, upserts: draftsOf(diff.record) }];
  return [{ resource, deletes: draftsOf(diff.previous!).map(deleteOf) }];
}

/** The records of leasing events a poll derived (kept under their prospect), by vendor. */
export function leasingEventRecords(events: readonly NewEvent[]): RecordWrite[] {
  const byVendor = new Map<Vendor, RecordDraft[]>();
  for (const event of events) {
    if (event.entityType !== 'LEASING_EVENT' || event.change === 'DELETED' || event.node === null) continue;
    const model = event.node as LeasingEventModel;
    const kind: RecordKind = 'LEASING_EVENT';
    byVendor.set(event.vendor, [...(byVendor.get(event.vendor) ?? []), draftOf(kind, model, { unitRef: model.unit, parentRef: model.prospect })]);
  }
  return [...byVendor].map(([vendor, upserts]) => ({ resource: `${vendor.toLowerCase()}:leasing-events`, upserts }));
}
