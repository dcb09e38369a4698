import type { Logger } from 'pino';
import { secretsOf, vendorMode, type Config, type VendorMode } from '../config.js';
import type { Vendor } from '../domain/vendor.js';
import type { VendorCache } from '../ports/cache.js';
import { createVendorHttp, type VendorHttp, type VendorHttpOptions } from './http/index.js';
import { createRentrollClient, type RentrollClient } from './rentroll/client.js';
import { createLeaseyClient, type LeaseyClient } from './leasey/client.js';
import { createSturentsClient, type SturentsClient } from './sturents/client.js';
import { createDeeprentClient, type DeeprentClient } from './deeprent/client.js';
import { createRentengineClient, type RentengineClient } from './rentengine/client.js';

/** A configured vendor: its mode, its HTTP layer and its client. */
export interface VendorHandle<C> {
  vendor: Vendor;
  mode: VendorMode;
  http: VendorHttp;
  client: C;
}

export interface VendorClients {
  rentroll: VendorHandle<RentrollClient> | null;
  rentengine: VendorHandle<RentengineClient> | null;
  leasey: VendorHandle<LeaseyClient> | null;
  sturents: VendorHandle<SturentsClient> | null;
  deeprent: VendorHandle<DeeprentClient> | null;
  /** Every configured vendor, for health and shutdown. */
  all(): VendorHandle<unknown>[];
  close(): Promise<void>;
}

type HttpTuning = Omit<VendorHttpOptions, 'vendor' | 'baseUrl' | 'secrets' | 'logger'>;

/**
 * Builds a client for every configured vendor. `config` already points SIMULATED
 * vendors at the built-in simulators (see app.ts), so clients never know the difference.
 * `cache` is the cross-request cache events invalidate; clients of vendors that ask for
 * caching (Leasey, StuRents) keep their reads there.
 */
export function createVendorClients(config: Config, logger: Logger, modes: Partial<Record<Vendor, VendorMode>>, cache: VendorCache): VendorClients {
  const secrets = secretsOf(config);
  const handle = <C>(vendor: Vendor, baseUrl: string | null, tuning: HttpTuning, makeClient: (http: VendorHttp) => C): VendorHandle<C> | null => {
    if (baseUrl === null) return null;
    // With batching off (a benchmark baseline) nothing may be shared, so the N+1 cost reaches the vendor.
    const http = createVendorHttp({ vendor, baseUrl, secrets, logger, shareInFlight: config.batching, ...tuning });
    return { vendor, mode: modes[vendor] ?? vendorMode(config, vendor) ?? 'LIVE', http, client: makeClient(http) };
  };

  const rentroll = handle('RENTROLL', config.rentroll.baseUrl, {}, (http) => createRentrollClient(http, { apiToken: config.rentroll.apiToken }));
  // RentEngine allows 20 requests per 5 s per token; the limiter waits rather than earn a 429.
  const rentengine = handle('RENTENGINE', config.rentengine.baseUrl, { rateLimit: config.rentengine.rateLimit }, (http) =>
    createRentengineClient(http, { apiToken: config.rentengine.apiToken! }),
  );
  // Leasey asks clients to allow 60 s.
  const leasey = handle('LEASEY', config.leasey.baseUrl, { headersTimeoutMillis: 60_000, bodyTimeoutMillis: 60_000 }, (http) =>
    createLeaseyClient(http, { apiToken: config.leasey.apiToken!, companyId: config.leasey.companyId!, companyPassword: config.leasey.companyPassword!, cache }),
  );
  const sturents = handle('STURENTS', config.sturents.baseUrl, {}, (http) =>
    createSturentsClient(http, { landlordId: config.sturents.landlordId!, publicKey: config.sturents.publicKey!, cache }),
  );
  // The PDF call may take up to 60 s on first generation; retrying it would multiply that.
  const deeprent = handle('DEEPRENT', config.deeprent.baseUrl, { maxRetries: 1 }, (http) => createDeeprentClient(http, { apiKey: config.deeprent.apiKey! }));

  const all = (): VendorHandle<unknown>[] => [rentroll, rentengine, leasey, sturents, deeprent].filter((h): h is NonNullable<typeof h> => h !== null);
  return {
    rentroll,
    rentengine,
    leasey,
    sturents,
    deeprent,
    all,
    close: async () => {
      await Promise.all(all().map((h) => h.http.close()));
    },
  };
}
