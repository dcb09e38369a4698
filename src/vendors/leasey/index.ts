import { bindToRequest, loadAll, mapLoader, wholeListLoaders } from '../../ports/batching.js';
import { baseUrl, integer, optionalText, secondsOrOff, vendorConfig } from '../../ports/config.js';
import type { VendorModule } from '../../ports/vendor-module.js';
import { httpFor } from '../http/index.js';
import { createLeaseyClient, type LeaseyClient } from './client.js';
import { leaseyWrites } from './mutations.js';
import { createLeaseyPeopleLoaders, formerLeadIdPrefix } from './people.js';
import { leaseyPollSources } from './pollers.js';
import { createLeaseyResources } from './resources.js';

/**
 * Leasey.AI (docs/vendors.md): properties (a unit record and its listing each), leads and
 * showings from its reports, property writes. No webhooks: its reports are polled, and a
 * status that moved is a leasing event.
 */
export interface LeaseySettings {
  baseUrl: string | null;
  apiToken: string | null;
  companyId: number | null;
  companyPassword: string | null;
  /** Between two change polls; Leasey asks for reports to be cached 5–15 minutes. Null = not polled. */
  pollMillis: number | null;
}

export const leasey: VendorModule<LeaseySettings, LeaseyClient> = {
  vendor: 'LEASEY',
  config: vendorConfig({
    baseUrlVariable: 'LEASEY_BASE_URL',
    variables: {
      LEASEY_BASE_URL: baseUrl,
      LEASEY_API_TOKEN: optionalText,
      LEASEY_COMPANY_ID: integer(1, 2 ** 31).optional(),
      LEASEY_COMPANY_PASSWORD: optionalText,
      LEASEY_POLL_SECONDS: secondsOrOff(300),
    },
    requiredWhenLive: ['LEASEY_API_TOKEN', 'LEASEY_COMPANY_ID', 'LEASEY_COMPANY_PASSWORD'],
    settings: (e) => ({
      baseUrl: e.LEASEY_BASE_URL ?? null,
      apiToken: e.LEASEY_API_TOKEN ?? null,
      companyId: e.LEASEY_COMPANY_ID ?? null,
      companyPassword: e.LEASEY_COMPANY_PASSWORD ?? null,
      pollMillis: e.LEASEY_POLL_SECONDS,
    }),
    secrets: (settings) => [settings.apiToken, settings.companyPassword],
  }),
  connect(settings, deps) {
    // Leasey asks clients to allow 60 s.
    const http = httpFor('LEASEY', settings.baseUrl, deps, { headersTimeoutMillis: 60_000, bodyTimeoutMillis: 60_000 });
    // Leasey asks for its reports to be cached: they live in the cross-request cache events invalidate.
    const client = createLeaseyClient(http, { apiToken: settings.apiToken!, companyId: settings.companyId!, companyPassword: settings.companyPassword!, cache: deps.cache });
    return {
      vendor: 'LEASEY',
      mode: deps.mode,
      link: http,
      client,
      reads(options) {
        const bound = bindToRequest(client, options);
        const properties = wholeListLoaders(options, () => bound.propertiesReport(), (property) => property.propertyId);
        const people = createLeaseyPeopleLoaders(bound, options, bindToRequest(deps.cache, options));
        return {
          unitRecord: mapLoader(options, properties.byId, (property) => property.unit),
          listings: {
            all: async () => (await properties.all()).map((property) => property.listing),
            byId: async (id) => (await properties.byId.load(id))?.listing ?? null,
          },
          // The lead list is read whole; callers filter by window, so one cached read serves every window.
          prospects: { list: () => people.allLeads(), byId: people.leadById, byUnit: people.leadsByProperty, formerIdPrefix: formerLeadIdPrefix },
          showings: {
            all: () => people.allShowings(),
            byId: (id) => people.showingById.load(id),
            atUnits: async (ids) => (await loadAll(people.showingsByProperty, ids)).flat(),
            ofProspect: (id) => people.showingsByPerson.load(id),
          },
        };
      },
      resources: createLeaseyResources(client),
      pollers: () => [{ intervalMillis: settings.pollMillis, sources: leaseyPollSources(client) }],
    };
  },
  writes: leaseyWrites,
};
