import type { ListingModel, ProspectModel, ShowingModel } from '../../domain/models.js';
import type { NewEvent } from '../../domain/events.js';
import { changeEventOf, leasingEventToNew, modelSource, recordsOfDiff, type PollSource } from '../../ports/polling.js';
import type { LeaseyClient } from './client.js';
import { leaseyLeadLeasingEvent, leaseyShowingLeasingEvent } from './funnel.js';
import { joinApplications } from './people.js';
import { LEASEY_RESOURCE, leaseyDraft } from './resources.js';

const withLeasingEvent = (change: NewEvent, leasing: ReturnType<typeof leaseyLeadLeasingEvent>): NewEvent[] =>
  leasing === null ? [change] : [change, leasingEventToNew(leasing)];

/**
 * Leasey has no webhooks: its properties, leads and showings reports are polled whole,
 * and a lead's or showing's status that moved is a leasing event too (funnel.ts).
 */
export function leaseyPollSources(client: LeaseyClient): [PollSource<ListingModel>, PollSource<ProspectModel>, PollSource<ShowingModel>] {
  // The client caches reports for minutes (as Leasey asks); a poll must see the vendor's state now.
  const fresh = async <R>(read: () => Promise<R>): Promise<R> => {
    client.invalidate();
    return read();
  };
  const observedAt = () => new Date().toISOString();
  const properties = modelSource<ListingModel>({
    name: 'leasey:properties',
    fetch: async () => ({ records: (await fresh(() => client.propertiesReport())).map((p) => p.listing), complete: true }),
    keyOf: (listing) => listing.externalId,
    toEvents: (diff) => [changeEventOf('LEASEY', 'LISTING', diff, { unit: (l) => l.unit })],
    toRecords: (diff) => recordsOfDiff(LEASEY_RESOURCE.properties, diff, (listing) => [leaseyDraft.listing(listing)]),
  });
  const leads = modelSource<ProspectModel>({
    name: 'leasey:leads',
    // The lead list names each lead's property, and so the lead; the report adds its application, as the graph and the sync show it.
    fetch: async () => {
      const [leads, report] = await fresh(() => Promise.all([client.propertyLeads(), client.leadsReport()]));
      return { records: joinApplications(leads, report), complete: true };
    },
    keyOf: (lead) => lead.externalId,
    toEvents: (diff) =>
      withLeasingEvent(changeEventOf('LEASEY', 'PROSPECT', diff, { unit: (l) => l.unitOfInterest, prospect: (l) => ({ vendor: 'LEASEY', externalId: l.externalId }) }), leaseyLeadLeasingEvent(diff, observedAt())),
    toRecords: (diff) => recordsOfDiff(LEASEY_RESOURCE.leads, diff, (lead) => [leaseyDraft.lead(lead)]),
  });
  const showings = modelSource<ShowingModel>({
    name: 'leasey:showings',
    fetch: async () => ({ records: await fresh(() => client.showingsReport()), complete: true }),
    keyOf: (showing) => showing.externalId,
    toEvents: (diff) =>
      withLeasingEvent(changeEventOf('LEASEY', 'SHOWING', diff, { unit: (s) => s.unit, prospect: (s) => s.prospect }), leaseyShowingLeasingEvent(diff, observedAt())),
    toRecords: (diff) => recordsOfDiff(LEASEY_RESOURCE.showings, diff, (showing) => [leaseyDraft.showing(showing)]),
  });
  return [properties, leads, showings];
}
