import { draftOf, inPages, type ResourceSource } from '../../ports/read-model.js';
import type { LeaseyClient } from './client.js';
import { leadsWithApplications } from './people.js';

/**
 * What the read model keeps of Leasey (docs/vendors.md, Leasey): its properties (a unit
 * record and its listing each), leads and showings. None has a change filter, so every
 * read is complete. The properties report is streamed (at 100,000 units it outgrows a
 * held response). Leads are the lead list with the report's applications, as the live
 * read and the lead poll have them (people.ts): only the list names each lead's
 * property, and so the lead. The reports are read through the client's report cache,
 * which Leasey asks for.
 */
export function createLeaseyResources(client: Pick<LeaseyClient, 'streamPropertiesReport' | 'propertyLeads' | 'leadsReport' | 'showingsReport'>): ResourceSource[] {
  return [
    {
      vendor: 'LEASEY',
      resource: 'leasey:properties',
      kinds: ['UNIT', 'LISTING'],
      async read({ onPage, signal }) {
        let readSoFar = 0;
        await client.streamPropertiesReport(async (properties) => {
          signal.throwIfAborted();
          readSoFar += properties.length;
          await onPage({
            upserts: properties.flatMap((property) => [
              draftOf('UNIT', property.unit),
              draftOf('LISTING', property.listing, { unitRef: { vendor: 'LEASEY', externalId: property.propertyId } }),
            ]),
            readSoFar,
          });
        });
        return { complete: true, watermark: null };
      },
    },
    {
      vendor: 'LEASEY',
      resource: 'leasey:leads',
      kinds: ['PROSPECT'],
      async read(read) {
        const leads = await leadsWithApplications(client);
        await inPages(read, leads.map((lead) => draftOf('PROSPECT', lead, { unitRef: lead.unitOfInterest })));
        return { complete: true, watermark: null };
      },
    },
    {
      vendor: 'LEASEY',
      resource: 'leasey:showings',
      kinds: ['SHOWING'],
      async read(read) {
        const showings = await client.showingsReport();
        await inPages(read, showings.map((showing) => draftOf('SHOWING', showing, { unitRef: showing.unit, parentRef: showing.prospect })));
        return { complete: true, watermark: null };
      },
    },
  ];
}
