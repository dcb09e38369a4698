import type { NodeModel, SourceRef, UnitRecord } from './models.js';
import type { Vendor } from './vendor.js';

/**
 * A change the gateway learned of, normalized: what a vendor's webhook receiver or change
 * poller makes of a delivery or a difference, and what the event log appends
 * (events/types.ts adds the seq and the rest of what it stores).
 */

/** The schema's EntityType (ChangeNotice.type answers with it, so a name the schema lacks does not compile). */
export const ENTITY_TYPES = [
  'UNIT', 'LEASE', 'TENANT', 'LOCKBOX', 'LOCKBOX_EVENT', 'PROSPECT', 'SHOWING', 'LEASING_EVENT',
  'LISTING', 'PROTOCOL', 'MULTIFAMILY_PROPERTY', 'FLOORPLAN', 'SUBTEAM', 'PRESCREENING_TEMPLATE',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const CHANGE_KINDS = ['CREATED', 'UPDATED', 'DELETED'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

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
  /** The vendor's old record, as sent (a webhook's previous record, a poller's last snapshot). */
  previous: unknown;
}

