import { refKey } from '../../domain/ids.js';
import type { LeasingEventModel, ShowingModel, SourceRef } from '../../domain/models.js';
import { latestLeasingEvents, type EventHistory } from '../../ports/history.js';
import type { ShowingReads } from '../../ports/reads.js';

/**
 * RentEngine has no showing to read: a showing is its "Showing Scheduled" leasing event,
 * which its webhooks deliver to the event log (webhook.ts keeps what the event says of
 * the showing with it), and the prospect's later showing steps say what became of it.
 * So its showings are read from the log and cover the log's retention.
 */

const VENDOR = 'RENTENGINE' as const;
const ref = (externalId: string): SourceRef => ({ vendor: VENDOR, externalId });

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
      if (event.showing !== undefined && event.showing !== null) {
        const showing = { ...event.showing, raw: event.raw };
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

/** The prospects whose "Showing Scheduled" events are among these. */
const schedulingProspects = (events: readonly LeasingEventModel[]): SourceRef[] =>
  events.filter((event) => event.eventType === 'Showing Scheduled' && event.prospect !== null).map((event) => event.prospect!);

export function createRentengineShowings(history: EventHistory): ShowingReads {
  const ofProspects = async (prospects: readonly SourceRef[]) =>
    showingsFromLeasingEvents(latestLeasingEvents(await history.byRef('LEASING_EVENT', 'prospect', prospects)));
  const ofProspect = (id: string) => ofProspects([ref(id)]);
  return {
    /** Every showing in the log, with each prospect's later steps applied, oldest first. */
    all: async () => ofProspects(schedulingProspects(latestLeasingEvents(await history.leasingEventsAtStage(VENDOR, 'SHOWING_SCHEDULED')))),
    /** By the id of the "Showing Scheduled" event that opened it. */
    byId: async (id) => {
      const node = (await history.latestOf('LEASING_EVENT', ref(id)))?.node ?? null;
      if (node === null || node.__typename !== 'LeasingEvent' || node.prospect === null) return null;
      return (await ofProspects([node.prospect])).find((showing) => showing.externalId === id) ?? null;
    },
    /** At one merged unit's RentEngine records, with each prospect's later steps applied. */
    atUnits: async (ids) => {
      if (ids.length === 0) return [];
      const units = ids.map(ref);
      const unitKeys = new Set(units.map(refKey));
      const prospects = schedulingProspects(latestLeasingEvents(await history.byRef('LEASING_EVENT', 'unit', units)));
      return (await ofProspects(prospects)).filter((showing) => showing.unit !== null && unitKeys.has(refKey(showing.unit)));
    },
    ofProspect,
  };
}
