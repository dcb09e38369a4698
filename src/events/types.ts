import type { LeasingStage } from '../domain/models.js';
import type { NewEvent } from '../domain/events.js';
import { decodeCursor, encodeCursor, InvalidIdError } from '../domain/ids.js';

export type { ChangeKind, EntityType, EventNode, NewEvent } from '../domain/events.js';

/**
 * Events as the log keeps them. Every change the gateway learns of (a webhook, or a
 * difference found by polling) becomes one `NewEvent` (domain/events.ts); the log gives
 * it a `seq`, the position subscribers resume from. The seq is the only order: it is the
 * order events were acknowledged in.
 */

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
