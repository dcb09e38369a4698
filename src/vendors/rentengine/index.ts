import { bindToRequest, mapLoader } from '../../ports/batching.js';
import { baseUrl, optionalText, rateLimit, vendorConfig, type RateLimit } from '../../ports/config.js';
import { z } from 'zod';
import type { VendorModule } from '../../ports/vendor-module.js';
import { httpFor } from '../http/index.js';
import { createRentengineClient, type RentengineClient } from './client.js';
import { createRentengineLoaders, createRentengineUnitLoaders } from './loaders.js';
import { rentengineWrites } from './mutations/index.js';
import { createRentengineResources } from './resources.js';
import { createRentengineShowings } from './showings.js';
import { createRentengineReceiver } from './webhook.js';

/**
 * RentEngine (docs/vendors.md): units (each also marketed as a listing), lockboxes,
 * prospects, showings, the portfolio, and most of the graph's writes. Changes arrive by
 * webhook (through QStash); showings are known only from its leasing events.
 */
export interface RentengineSettings {
  /** Includes /api/public/v1. */
  baseUrl: string | null;
  apiToken: string | null;
  /** The key set up for the webhook in RentEngine (sent as x-api-token); null = every delivery is refused. */
  webhookToken: string | null;
  /** RentEngine allows 20 requests per 5 s per token; the limiter waits rather than earn a 429. */
  rateLimit: RateLimit | null;
  /** QStash signing keys (current, then next); when any is set, webhooks must carry a valid Upstash-Signature. */
  qstashSigningKeys: readonly string[];
}

export const rentengine: VendorModule<RentengineSettings, RentengineClient> = {
  vendor: 'RENTENGINE',
  config: vendorConfig({
    baseUrlVariable: 'RENTENGINE_BASE_URL',
    variables: {
      RENTENGINE_BASE_URL: baseUrl,
      RENTENGINE_API_TOKEN: optionalText,
      RENTENGINE_WEBHOOK_TOKEN: optionalText,
      RENTENGINE_RATE_LIMIT: z.string().default('20/5s').pipe(rateLimit),
      QSTASH_CURRENT_SIGNING_KEY: optionalText,
      QSTASH_NEXT_SIGNING_KEY: optionalText,
    },
    requiredWhenLive: ['RENTENGINE_API_TOKEN'],
    settings: (e) => ({
      baseUrl: e.RENTENGINE_BASE_URL ?? null,
      apiToken: e.RENTENGINE_API_TOKEN ?? null,
      webhookToken: e.RENTENGINE_WEBHOOK_TOKEN ?? null,
      rateLimit: e.RENTENGINE_RATE_LIMIT,
      qstashSigningKeys: [e.QSTASH_CURRENT_SIGNING_KEY, e.QSTASH_NEXT_SIGNING_KEY].filter((key): key is string => key !== undefined),
    }),
    secrets: (settings) => [settings.apiToken, settings.webhookToken, ...settings.qstashSigningKeys],
  }),
  connect(settings, deps) {
    const http = httpFor('RENTENGINE', settings.baseUrl, deps, { rateLimit: settings.rateLimit });
    const client = createRentengineClient(http, { apiToken: settings.apiToken! });
    const showings = createRentengineShowings(deps.history);
    return {
      vendor: 'RENTENGINE',
      mode: deps.mode,
      link: http,
      client,
      reads(options) {
        const bound = bindToRequest(client, options);
        const units = createRentengineUnitLoaders(bound, options);
        const loaders = createRentengineLoaders(bound, options, bindToRequest(deps.cache, options));
        return {
          unitRecord: mapLoader(options, units.byId, (unit) => unit.record),
          listings: {
            // RentEngine markets every unit it has (published when its status is Available).
            all: async () => (await units.all()).map((unit) => unit.listing),
            byId: async (id) => (await units.byId.load(id))?.listing ?? null,
          },
          lockboxes: loaders,
          portfolio: loaders,
          prospects: { list: (window) => loaders.prospects(window), byId: loaders.prospectById, byUnit: loaders.prospectsByUnit },
          showings,
          showingAvailability: loaders.availabilityByUnit,
        };
      },
      resources: createRentengineResources(http, { apiToken: settings.apiToken! }),
    };
  },
  webhook: (settings) => createRentengineReceiver({ token: settings.webhookToken, qstashSigningKeys: settings.qstashSigningKeys }),
  writes: rentengineWrites,
};
