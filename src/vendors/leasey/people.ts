import DataLoader from 'dataloader';
import { VendorError } from '../../errors.js';
import type { VendorCache } from '../../ports/cache.js';
import type { ProspectModel, ShowingModel } from '../../domain/models.js';
import type { LeaseyClient } from './client.js';
import { groupLoader, indexLoader, memo, type LoaderOptions } from '../../ports/batching.js';

/**
 * Leasey's people: leads (prospects) and showings. Leasey has no id filters, so each
 * is one whole-list read per request at most, grouped here by person and property.
 *
 * Leads come from GET /properties/leads, the one lead read that names the property
 * (Property_ID) a lead is about; the leads report names it only by its unit name, and
 * adds each lead's application.
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

/** Person and creation time: what a lead row of either list shows that names the lead. */
const sameLead = (personId: string, createdAt: string | null) => `${personId}|${createdAt ?? ''}`;

/**
 * The list's leads with the application and notes the leads report keeps. The list names
 * the property, the report the application; a lead is the same person created at the
 * same time in both. Without the report (it failed), the leads stand without applications.
 */
export async function leadsWithApplications(client: Pick<LeaseyClient, 'propertyLeads' | 'leadsReport'>): Promise<ProspectModel[]> {
  const [leads, report] = await Promise.all([
    client.propertyLeads(),
    client.leadsReport().catch((error: unknown) => {
      if (error instanceof VendorError) return [];
      throw error;
    }),
  ]);
  return joinApplications(leads, report);
}

/** Each lead of the list with the application and note of its row in the leads report (the same person, created at the same time). */
export function joinApplications(leads: readonly ProspectModel[], report: readonly ProspectModel[]): ProspectModel[] {
  const byLead = new Map(report.map((row) => [sameLead(row.externalId, row.createdAt), row]));
  return leads.map((lead) => {
    const row = byLead.get(sameLead(personOf(lead.externalId), lead.createdAt));
    return row === undefined ? lead : { ...lead, application: row.application ?? null, note: row.note ?? null };
  });
}

/** The Person_ID of a lead id (`<Person_ID>@<Property_ID>`, or Person_ID alone). */
const personOf = (leadId: string): string => leadId.split('@')[0]!;

/** Ids made before leads were told apart by property are a Person_ID alone: they name that person's newest lead, one of `<Person_ID>@…`. */
export const formerLeadIdPrefix = (leadId: string): string | null => (leadId.includes('@') ? null : `${leadId}@`);

export function createLeaseyPeopleLoaders(client: LeaseyClient, options: LoaderOptions, cache: VendorCache | null): LeaseyPeopleLoaders {
  const allLeads = memo(options, () => {
    const load = () => leadsWithApplications(client);
    return cache === null ? load() : cache.get('LEASEY', 'people:leads', LEADS_TTL_MILLIS, load);
  });
  const allShowings = memo(options, () => client.showingsReport());
  return {
    allLeads,
    // Ids made before leads were told apart by property are a Person_ID alone: they name that person's newest lead.
    leadById: new DataLoader<string, ProspectModel | null>(async (ids) => {
      const index = new Map<string, ProspectModel>();
      for (const lead of await allLeads()) {
        index.set(lead.externalId, lead);
        const person = personOf(lead.externalId);
        const newest = index.get(person);
        if (person !== lead.externalId && (newest === undefined || (lead.createdAt ?? '') > (newest.createdAt ?? ''))) index.set(person, lead);
      }
      return ids.map((id) => index.get(id) ?? null);
    }, { batch: options.batching, cache: options.batching }),
    leadsByProperty: groupLoader(options, allLeads, (lead) => (lead.unitOfInterest === null ? [] : [lead.unitOfInterest.externalId])),
    allShowings,
    showingById: indexLoader(options, allShowings, (showing) => showing.externalId),
    showingsByProperty: groupLoader(options, allShowings, (showing) => (showing.unit === null ? [] : [showing.unit.externalId])),
    showingsByPerson: groupLoader(options, allShowings, (showing) => (showing.prospect === null ? [] : [showing.prospect.externalId])),
  };
}
