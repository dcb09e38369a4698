import type { ListingModel, ProspectModel, ShowingModel } from '../../domain/models.js';
import { draftOf, inPages, type RecordDraft, type ResourceSource } from '../../ports/read-model.js';
import type { LeaseyClient, LeaseyProperty } from './client.js';
import { joinApplications } from './people.js';

/** The resources Leasey's records are filed under, by the sync, polls and writes. */
export const LEASEY_RESOURCE = { properties: 'leasey:properties', leads: 'leasey:leads', showings: 'leasey:showings' } as const;

/** Leasey's records as the read model files them, by the sync, polls and writes alike. */
export const leaseyDraft = {
  /** A row of the properties report: its unit record and its listing. */
  property: (property: LeaseyProperty): RecordDraft[] => [draftOf('UNIT', property.unit), leaseyDraft.listing(property.listing)],
  listing: (listing: ListingModel): RecordDraft => draftOf('LISTING', listing, { unitRef: listing.unit }),
  lead: (lead: ProspectModel): RecordDraft => draftOf('PROSPECT', lead, { unitRef: lead.unitOfInterest }),
  showing: (showing: ShowingModel): RecordDraft => draftOf('SHOWING', showing, { unitRef: showing.unit, parentRef: showing.prospect }),
};

/**
 * What the read model keeps of Leasey (docs/vendors.md, Leasey): its properties (a unit
 * record and its listing each), leads and showings. None has a change filter, so every
 * read is complete. The reports are streamed (at 50,000 units the leads and showings
 * reports, at 100,000 the properties report, outgrow a held response), past the client's
 * report cache, which serves the graph's live reads. Leads are what the graph reads live
 * (people.ts): the lead list, which names each lead's property and so the lead
 * (`<Person_ID>@<Property_ID>`), with the application and note of the leads report;
 * unlike a live read, a failing report fails the resource, so stored applications are
 * never dropped.
 */
export function createLeaseyResources(client: Pick<LeaseyClient, 'streamPropertiesReport' | 'propertyLeads' | 'streamLeadsReport' | 'streamShowingsReport'>): ResourceSource[] {
  return [
    {
      vendor: 'LEASEY',
      resource: LEASEY_RESOURCE.properties,
      kinds: ['UNIT', 'LISTING'],
      async read({ onPage, signal }) {
        let readSoFar = 0;
        await client.streamPropertiesReport(async (properties) => {
          signal.throwIfAborted();
          readSoFar += properties.length;
          await onPage({
            upserts: properties.flatMap(leaseyDraft.property),
            readSoFar,
          });
        });
        return { complete: true, watermark: null };
      },
    },
    {
      vendor: 'LEASEY',
      resource: LEASEY_RESOURCE.leads,
      kinds: ['PROSPECT'],
      async read(read) {
        const report: ProspectModel[] = [];
        const [leads] = await Promise.all([client.propertyLeads(), client.streamLeadsReport(async (rows) => {
          read.signal.throwIfAborted();
          for (const row of rows) report.push(row);
        })]);
        await inPages(read, joinApplications(leads, report).map(leaseyDraft.lead));
        return { complete: true, watermark: null };
      },
    },
    {
      vendor: 'LEASEY',
      resource: LEASEY_RESOURCE.showings,
      kinds: ['SHOWING'],
      async read({ onPage, signal }) {
        let readSoFar = 0;
        await client.streamShowingsReport(async (showings) => {
          signal.throwIfAborted();
          readSoFar += showings.length;
          await onPage({ upserts: showings.map(leaseyDraft.showing), readSoFar });
        });
        return { complete: true, watermark: null };
      },
    },
  ];
}
