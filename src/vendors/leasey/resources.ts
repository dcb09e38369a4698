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
 * read is complete. The properties report is streamed (at 100,000 units it outgrows a
 * held response). Leads are what the graph reads live (people.ts): the lead list, which
 * names each lead's property and so the lead (`<Person_ID>@<Property_ID>`), with the
 * application and note of the leads report; unlike a live read, a failing report fails
 * the resource, so stored applications are never dropped. The reports are read through
 * the client's report cache, which Leasey asks for.
 */
export function createLeaseyResources(client: Pick<LeaseyClient, 'streamPropertiesReport' | 'propertyLeads' | 'leadsReport' | 'showingsReport'>): ResourceSource[] {
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
        const [leads, report] = await Promise.all([client.propertyLeads(), client.leadsReport()]);
        await inPages(read, joinApplications(leads, report).map(leaseyDraft.lead));
        return { complete: true, watermark: null };
      },
    },
    {
      vendor: 'LEASEY',
      resource: LEASEY_RESOURCE.showings,
      kinds: ['SHOWING'],
      async read(read) {
        const showings = await client.showingsReport();
        await inPages(read, showings.map(leaseyDraft.showing));
        return { complete: true, watermark: null };
      },
    },
  ];
}
