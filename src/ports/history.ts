import type { EntityType, NewEvent } from '../domain/events.js';
import type { LeasingEventModel, LeasingStage, SourceRef } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';

/**
 * The event log as a vendor module may read it: for records a vendor has no read
 * endpoint for and announces only by webhook (its leasing events, and what can be
 * derived from them). The log keeps RENTGRAPH_EVENT_RETENTION_DAYS, so such reads cover
 * that window.
 */
export interface RecordedEvent extends NewEvent {
  /** The log's position; the order events were acknowledged in. */
  seq: number;
}

export interface EventHistory {
  /** Events of one entity type touching any of these unit or prospect refs, oldest first. */
  byRef(entityType: EntityType, column: 'unit' | 'prospect', refs: readonly SourceRef[]): Promise<RecordedEvent[]>;
  /** The latest event about one vendor record. */
  latestOf(entityType: EntityType, ref: SourceRef): Promise<RecordedEvent | null>;
  /** One vendor's leasing events at one stage, oldest first. */
  leasingEventsAtStage(vendor: Vendor, stage: LeasingStage): Promise<RecordedEvent[]>;
}

/** The leasing event a recorded event carries; null for any other node. */
export function leasingEventOf(event: NewEvent): LeasingEventModel | null {
  return event.node !== null && event.node.__typename === 'LeasingEvent' ? event.node : null;
}

/** Each leasing event once (its latest version; deleted ones left out), oldest first. */
export function latestLeasingEvents(events: readonly RecordedEvent[]): LeasingEventModel[] {
  const latest = new Map<string, RecordedEvent>();
  for (const event of events) latest.set(`${event.vendor}:${event.externalId}`, event);
  return [...latest.values()]
    .filter((event) => event.change !== 'DELETED')
    .map(leasingEventOf)
    .filter((event): event is LeasingEventModel => event !== null)
    .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
}
