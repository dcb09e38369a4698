import type DataLoader from 'dataloader';
import type { VendorCache } from '../../ports/cache.js';
import type { ProspectModel, ShowingModel } from '../../domain/models.js';
import type { LeaseyClient } from './client.js';
import { groupLoader, indexLoader, memo, type LoaderOptions } from '../../ports/batching.js';

/**
 * Leasey's people: leads (prospects) and showings. Leasey has no id filters, so each
 * is one whole-list read per request at most, grouped here by person and property.
 *
 * Leads come from GET /properties/leads, the one lead read that names the property
 * (Property_ID) a lead is about; the leads report names it only by its unit name.
 * That list is not cached by the client, so it is kept here in the cross-request
 * cache for LEADS_TTL_MILLIS (a Leasey change found by polling drops it). Showings
 * come from the showings report, which the client caches as Leasey asks.
 */
export interface LeaseyPeopleLoaders {
  allLeads: () => Promise<ProspectModel[]>;
  leadById: DataLoader<string, ProspectModel | null>;
  /** Leads whose property is this Property_ID. */
  leadsByProperty: DataLoader<string, ProspectModel[]>;
  allShowings: () => Promise<ShowingModel[]>;
  showingById: DataLoader<string, ShowingModel | null>;
  /** Showings at this Property_ID. */
  showingsByProperty: DataLoader<string, ShowingModel[]>;
  /** Showings of this Person_ID. */
  showingsByPerson: DataLoader<string, ShowingModel[]>;
}

export const LEADS_TTL_MILLIS = 60_000;

export function createLeaseyPeopleLoaders(client: LeaseyClient, options: LoaderOptions, cache: VendorCache | null): LeaseyPeopleLoaders {
  const allLeads = memo(options, () => {
    const load = () => client.propertyLeads();
    return cache === null ? load() : cache.get('LEASEY', 'people:leads', LEADS_TTL_MILLIS, load);
  });
  const allShowings = memo(options, () => client.showingsReport());
  return {
    allLeads,
    leadById: indexLoader(options, allLeads, (lead) => lead.externalId),
    leadsByProperty: groupLoader(options, allLeads, (lead) => (lead.unitOfInterest === null ? [] : [lead.unitOfInterest.externalId])),
    allShowings,
    showingById: indexLoader(options, allShowings, (showing) => showing.externalId),
    showingsByProperty: groupLoader(options, allShowings, (showing) => (showing.unit === null ? [] : [showing.unit.externalId])),
    showingsByPerson: groupLoader(options, allShowings, (showing) => (showing.prospect === null ? [] : [showing.prospect.externalId])),
  };
}
