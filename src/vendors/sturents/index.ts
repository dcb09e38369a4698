import { mapLoader, wholeListLoaders } from '../../ports/batching.js';
import { baseUrl, optionalText, secondsOrOff, vendorConfig } from '../../ports/config.js';
import { bindToDeadline } from '../../ports/deadline.js';
import type { VendorModule } from '../../ports/vendor-module.js';
import { httpFor } from '../http/index.js';
import { createSturentsClient, type SturentsClient } from './client.js';
import { sturentsPollSource } from './pollers.js';
import { createSturentsResources } from './resources.js';
import { createSturentsUnitSource } from './units.js';

/**
 * StuRents (docs/vendors.md): student houses, each a unit record and its listing. GET
 * only, no webhooks: polled, with added-since between full reads.
 */
export interface SturentsSettings {
  /** The site root; paths start /api/. */
  baseUrl: string | null;
  landlordId: string | null;
  publicKey: string | null;
  apiKey: string | null;
  /** Between two change polls (houses added since the last); null = not polled. */
  pollMillis: number | null;
  /** A poll reads every house this often, to find edits and removals. */
  fullPollMillis: number | null;
}

export const sturents: VendorModule<SturentsSettings, SturentsClient> = {
  vendor: 'STURENTS',
  config: vendorConfig({
    baseUrlVariable: 'STURENTS_BASE_URL',
    variables: {
      STURENTS_BASE_URL: baseUrl,
      STURENTS_LANDLORD_ID: optionalText,
      STURENTS_PUBLIC_KEY: optionalText,
      STURENTS_API_KEY: optionalText,
      STURENTS_POLL_SECONDS: secondsOrOff(60),
      STURENTS_FULL_POLL_SECONDS: secondsOrOff(1800),
    },
    requiredWhenLive: ['STURENTS_LANDLORD_ID', 'STURENTS_PUBLIC_KEY'],
    settings: (e) => ({
      baseUrl: e.STURENTS_BASE_URL ?? null,
      landlordId: e.STURENTS_LANDLORD_ID ?? null,
      publicKey: e.STURENTS_PUBLIC_KEY ?? null,
      apiKey: e.STURENTS_API_KEY ?? null,
      pollMillis: e.STURENTS_POLL_SECONDS,
      fullPollMillis: e.STURENTS_FULL_POLL_SECONDS,
    }),
    secrets: (settings) => [settings.publicKey, settings.apiKey],
  }),
  connect(settings, deps) {
    const http = httpFor('STURENTS', settings.baseUrl, deps);
    // StuRents rate-limits identical requests and asks clients to keep answers: its reads live in the cross-request cache.
    const client = createSturentsClient(http, { landlordId: settings.landlordId!, publicKey: settings.publicKey!, cache: deps.cache });
    return {
      vendor: 'STURENTS',
      mode: deps.mode,
      link: http,
      client,
      reads(options) {
        const bound = bindToDeadline(client, options.deadline);
        const houses = wholeListLoaders(options, async () => (await bound.houses()).houses, (house) => house.reference);
        return {
          unitRecord: mapLoader(options, houses.byId, (house) => house.unit),
          listings: {
            all: async () => (await houses.all()).map((house) => house.listing),
            byId: async (id) => (await houses.byId.load(id))?.listing ?? null,
          },
        };
      },
      unitRecords: createSturentsUnitSource(client),
      resources: createSturentsResources(client),
      pollers: () => [{ intervalMillis: settings.pollMillis, sources: [sturentsPollSource(client, settings.fullPollMillis)] }],
    };
  },
};
