import DataLoader from 'dataloader';
import { bindToRequest, mapLoader, wholeListLoaders } from '../../ports/batching.js';
import { baseUrl, optionalText, secondsOrOff, vendorConfig } from '../../ports/config.js';
import type { VendorModule } from '../../ports/vendor-module.js';
import { httpFor } from '../http/index.js';
import { createSturentsClient, type SturentsClient, type SturentsHouse } from './client.js';
import { sturentsPollSource } from './pollers.js';
import { createSturentsResources } from './resources.js';

/** StuRents refuses the same request again within 10 s (docs/vendors.md). */
const IDENTICAL_REQUEST_GAP_MILLIS = 10_000;

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

/** Up to this many houses wanted at once are read one by one; more, from the list. */
const FEW_HOUSES = 3;

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
    const http = httpFor('STURENTS', settings.baseUrl, deps, {
      identicalRequestGapMillis: deps.sharedWindow === null ? null : IDENTICAL_REQUEST_GAP_MILLIS,
      // A read that failed (a timeout, a 5xx) is not cached; retried within the gap it would be refused with 429.
      retryGapMillis: IDENTICAL_REQUEST_GAP_MILLIS,
    });
    // StuRents rate-limits identical requests and asks clients to keep answers: its reads live in the cross-request cache
    // (kept at least 15 s), which is enough in one process. Replicas each have a cache of their own, so with a shared
    // store a read another replica made less than 10 s ago waits out the vendor's gap in the store's window.
    const client = createSturentsClient(http, { landlordId: settings.landlordId!, publicKey: settings.publicKey!, cache: deps.cache });
    return {
      vendor: 'STURENTS',
      mode: deps.mode,
      link: http,
      client,
      reads(options) {
        const bound = bindToRequest(client, options);
        const houses = wholeListLoaders(options, async () => (await bound.houses()).houses, (house) => house.reference);
        let listAsked = false;
        const allHouses = () => {
          listAsked = true;
          return houses.all();
        };
        // A few houses wanted, and the list not read in this request: GET /api/houses/{reference}
        // for each, rather than walking every page of the list.
        const houseById = new DataLoader<string, SturentsHouse | null>(
          async (ids) => (listAsked || ids.length > FEW_HOUSES ? houses.byId.loadMany(ids) : Promise.all(ids.map((id) => bound.house(id)))),
          { batch: options.batching, cache: options.batching },
        );
        return {
          unitRecord: mapLoader(options, houseById, (house) => house.unit),
          listings: {
            all: async () => (await allHouses()).map((house) => house.listing),
            byId: async (id) => (await houseById.load(id))?.listing ?? null,
          },
        };
      },
      resources: createSturentsResources(client),
      pollers: () => [{ intervalMillis: settings.pollMillis, sources: [sturentsPollSource(client, settings.fullPollMillis)] }],
    };
  },
};
