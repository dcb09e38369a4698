import type { LeasingStage, NodeModel, SourceRef, UnitRecord } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';
import { decodeCursor, encodeCursor, InvalidIdError } from '../domain/ids.js';

/**
 * The event model. Every change the gateway learns of (a webhook, or a difference found
 * by polling) becomes one `NewEvent`; the log gives it a `seq`, the position subscribers
 * resume from. The seq is the only order: it is the order events were acknowledged in.
 */

/** The schema's EntityType. */
export type EntityType =
  | 'UNIT' | 'LEASE' | 'TENANT' | 'LOCKBOX' | 'LOCKBOX_EVENT' | 'PROSPECT' | 'SHOWING' | 'LEASING_EVENT'
  | 'LISTING' | 'PROTOCOL' | 'MULTIFAMILY_PROPERTY' | 'FLOORPLAN' | 'SUBTEAM' | 'PRESCREENING_TEMPLATE';

export type ChangeKind = 'CREATED' | 'UPDATED' | 'DELETED';

/**
 * The normalized object an event is about, as stored. Node models carry `__typename`, so
 * a notice resolves them as they are; a unit is stored as the vendor's `UnitRecord` and
 * resolved to the merged Unit through the identity index.
 */
export type EventNode = NodeModel | UnitRecord;

export interface NewEvent {
  vendor: Vendor;
  entityType: EntityType;
  change: ChangeKind;
  /** The vendor's id of the record the event is about. */
  externalId: string;
  /** The vendor's unit-like record the event concerns, for unit filters. */
  unitRef: SourceRef | null;
  /** The prospect the event concerns, for prospect filters. */
  prospectRef: SourceRef | null;
  /** The record as it is now (as it was, for DELETED); null when nothing was sent. */
  node: EventNode | null;
  /** The vendor's old record, as sent (RentEngine `old_record`, a poller's last snapshot). */
  previous: unknown;
}

export interface StoredEvent extends NewEvent {
  seq: number;
  /** ISO 8601, when the gateway acknowledged it. */
  receivedAt: string;
  /** The delivery id or content hash that made it unique. */
  dedupeKey: string;
  /** The leasing stage of a LEASING_EVENT (copied from the node, for filters). */
  stage: LeasingStage | null;
}

/** One delivery: its events are appended together, once per dedupe key. */
export interface Delivery {
  dedupeKey: string;
  events: readonly NewEvent[];
}

export const EVENTS_ORDERING = 'events';

export function cursorOfSeq(seq: number): string {
  return encodeCursor(EVENTS_ORDERING, String(seq));
}

/** The seq inside a cursor from `cursorOfSeq`; throws InvalidIdError for anything else. */
export function seqOfCursor(cursor: string): number {
  const position = decodeCursor(cursor, EVENTS_ORDERING);
  if (!/^\d{1,15}$/.test(position)) throw new InvalidIdError(`expected a cursor returned by a subscription notice, got ${JSON.stringify(cursor.slice(0, 60))}`);
  return Number(position);
}
