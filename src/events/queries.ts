import { refKey } from '../domain/ids.js';
import type { LeasingEventModel, ShowingModel, SourceRef } from '../domain/models.js';
import { rawLeasingEvent } from '../vendors/rentengine/raw.js';
import { showingFromLeasingEvent } from '../vendors/rentengine/map.js';
import type { EventLog } from './log.js';
import type { StoredEvent } from './types.js';

/**
 * Reads of the event log for the query graph: a prospect's or a unit's leasing events
 * (Prospect.leasingEvents), and RentEngine showings, which RentEngine only announces as
 * "Showing Scheduled" leasing events (Unit.showings, Prospect.showings). The log keeps
 * RENTGRAPH_EVENT_RETENTION_DAYS, so these cover that window.
 */

/** Each leasing event once (its latest version; deleted ones left out), oldest first. */
function latestLeasingEvents(events: readonly StoredEvent[]): LeasingEventModel[] {
  const latest = new Map<string, StoredEvent>();
  for (const event of events) latest.set(`${event.vendor}:${event.externalId}`, event);
  return [...latest.values()]
    .filter((event) => event.change !== 'DELETED' && event.node !== null && '__typename' in event.node && event.node.__typename === 'LeasingEvent')
    .map((event) => event.node as LeasingEventModel)
    .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
}

export async function leasingEventsOfProspect(log: EventLog, prospect: SourceRef): Promise<LeasingEventModel[]> {
  return latestLeasingEvents(await log.byRef('LEASING_EVENT', 'prospect', [prospect]));
}

/** `units` are the vendor records of one merged unit. */
export async function leasingEventsOfUnit(log: EventLog, units: readonly SourceRef[]): Promise<LeasingEventModel[]> {
  return latestLeasingEvents(await log.byRef('LEASING_EVENT', 'unit', units));
}

/** Steps that say what became of a scheduled showing; the showing's status is the latest one's label. */
const SHOWING_STEPS: ReadonlySet<string> = new Set([
  'Showing Confirmed', 'Arrived for Showing', 'Showing Started', 'Showing Complete', 'Missed Showing', 'Showing Failed', 'Showing Canceled',
]);

/**
 * Showings from one prospect's leasing events, oldest first. A "Showing Scheduled" with
 * a planned time opens a showing; later showing steps of that prospect set its status
 * to their label, until the next "Showing Scheduled" (a reschedule) opens another.
 */
export function showingsFromLeasingEvents(events: readonly LeasingEventModel[]): ShowingModel[] {
  const showings: ShowingModel[] = [];
  const open = new Map<string, ShowingModel>();
  for (const event of [...events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt))) {
    const prospect = event.prospect === null ? '' : refKey(event.prospect);
    if (event.eventType === 'Showing Scheduled') {
      const raw = rawLeasingEvent.safeParse(event.raw);
      const showing = raw.success ? showingFromLeasingEvent(raw.data, event.raw) : null;
      if (showing !== null) {
        showings.push(showing);
        open.set(prospect, showing);
      }
    } else if (SHOWING_STEPS.has(event.eventType)) {
      const showing = open.get(prospect);
      if (showing !== undefined) showing.status = event.eventType;
    }
  }
  return showings;
}

export async function showingsOfProspect(log: EventLog, prospect: SourceRef): Promise<ShowingModel[]> {
  return showingsFromLeasingEvents(await leasingEventsOfProspect(log, prospect));
}

/** Showings at one merged unit (its vendor records), with each prospect's later steps applied. */
export async function showingsOfUnit(log: EventLog, units: readonly SourceRef[]): Promise<ShowingModel[]> {
  const unitKeys = new Set(units.map(refKey));
  const prospects = (await leasingEventsOfUnit(log, units))
    .filter((event) => event.eventType === 'Showing Scheduled' && event.prospect !== null)
    .map((event) => event.prospect!);
  const events = latestLeasingEvents(await log.byRef('LEASING_EVENT', 'prospect', prospects));
  return showingsFromLeasingEvents(events).filter((showing) => showing.unit !== null && unitKeys.has(refKey(showing.unit)));
}

/** Every RentEngine showing in the log, with each prospect's later steps applied, oldest first. */
export async function rentengineShowings(log: EventLog): Promise<ShowingModel[]> {
  const prospects = latestLeasingEvents(await log.leasingEventsAtStage('RENTENGINE', 'SHOWING_SCHEDULED'))
    .filter((event) => event.eventType === 'Showing Scheduled' && event.prospect !== null)
    .map((event) => event.prospect!);
  return showingsFromLeasingEvents(latestLeasingEvents(await log.byRef('LEASING_EVENT', 'prospect', prospects)));
}

/** A RentEngine showing by its id (the id of the "Showing Scheduled" event that opened it). */
export async function rentengineShowingById(log: EventLog, externalId: string): Promise<ShowingModel | null> {
  const node = (await log.latestOf('LEASING_EVENT', { vendor: 'RENTENGINE', externalId }))?.node ?? null;
  if (node === null || !('__typename' in node) || node.__typename !== 'LeasingEvent' || node.prospect === null) return null;
  return (await showingsOfProspect(log, node.prospect)).find((showing) => showing.externalId === externalId) ?? null;
}
