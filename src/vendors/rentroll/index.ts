import { bindToRequest } from '../../ports/batching.js';
import { baseUrl, optionalText, secondsOrOff, vendorConfig } from '../../ports/config.js';
import type { VendorModule } from '../../ports/vendor-module.js';
import { httpFor } from '../http/index.js';
import { createRentrollClient, type RentrollClient } from './client.js';
import { createRentrollDirectory } from './directory.js';
import { createRentrollLoaders } from './loaders.js';
import { rentrollPollSources } from './pollers.js';
import { createRentrollResources } from './resources.js';

/**
 * The rent roll (docs/vendors.md): the system of record for units, leases and tenants.
 * Two whole-list reads and no change feed, so it is polled; before the identity index's
 * first sync, `units` pages over its units alone.
 */
export interface RentrollSettings {
  baseUrl: string | null;
  /** Sent as a Bearer token when set. */
  apiToken: string | null;
  /** Between two change polls; null = not polled. */
  pollMillis: number | null;
}

export const rentroll: VendorModule<RentrollSettings, RentrollClient> = {
  vendor: 'RENTROLL',
  config: vendorConfig({
    baseUrlVariable: 'RENTROLL_BASE_URL',
    variables: {
      RENTROLL_BASE_URL: baseUrl,
      RENTROLL_API_TOKEN: optionalText,
      RENTROLL_POLL_SECONDS: secondsOrOff(60),
    },
    settings: (e) => ({ baseUrl: e.RENTROLL_BASE_URL ?? null, apiToken: e.RENTROLL_API_TOKEN ?? null, pollMillis: e.RENTROLL_POLL_SECONDS }),
    secrets: (settings) => [settings.apiToken],
  }),
  connect(settings, deps) {
    const http = httpFor('RENTROLL', settings.baseUrl, deps);
    const client = createRentrollClient(http, { apiToken: settings.apiToken });
    return {
      vendor: 'RENTROLL',
      mode: deps.mode,
      link: http,
      client,
      reads(options) {
        const loaders = createRentrollLoaders(bindToRequest(client, options), options);
        return { unitRecord: loaders.unitById, leases: loaders, interimDirectory: createRentrollDirectory(loaders) };
      },
      resources: createRentrollResources(client),
      pollers: () => [{ intervalMillis: settings.pollMillis, sources: rentrollPollSources(client) }],
    };
  },
};
