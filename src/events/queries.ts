import type { LeasingEventModel, SourceRef } from '../domain/models.js';
import { latestLeasingEvents } from '../ports/history.js';
import type { EventLog } from './log.js';

/**
 * Reads of the event log for the query graph: a prospect's or a unit's leasing events
 * (Prospect.leasingEvents). The log keeps RENTGRAPH_EVENT_RETENTION_DAYS, so these cover
 * that window.
 */

export async function leasingEventsOfProspect(log: EventLog, prospect: SourceRef): Promise<LeasingEventModel[]> {
  return latestLeasingEvents(await log.byRef('LEASING_EVENT', 'prospect', [prospect]));
}

/** `units` are the vendor records of one merged unit. */
export async function leasingEventsOfUnit(log: EventLog, units: readonly SourceRef[]): Promise<LeasingEventModel[]> {
  return latestLeasingEvents(await log.byRef('LEASING_EVENT', 'unit', units));
}

/** The latest version of one leasing event as the log keeps it; null when the log has none. */
export async function leasingEventByRef(log: EventLog, ref: SourceRef): Promise<LeasingEventModel | null> {
  const node = (await log.latestOf('LEASING_EVENT', ref))?.node ?? null;
  return node?.__typename === 'LeasingEvent' ? node : null;
}
