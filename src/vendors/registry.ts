import type { Logger } from 'pino';
import { secretsOf, vendorMode, type Config, type VendorMode } from '../config.js';
import type { Vendor } from '../domain/vendor.js';
import { createVendorHttp, type VendorHttp } from './http.js';
import { createRentrollClient, type RentrollClient } from './rentroll/client.js';

/** A configured vendor: its mode, its HTTP layer and its client. */
export interface VendorHandle<C> {
  vendor: Vendor;
  mode: VendorMode;
  http: VendorHttp;
  client: C;
}

export interface VendorClients {
  rentroll: VendorHandle<RentrollClient> | null;
  /** Every configured vendor, for health and shutdown. */
  all(): VendorHandle<unknown>[];
  close(): Promise<void>;
}

/**
 * Builds a client for every configured vendor. `config` already points SIMULATED
 * vendors at the built-in simulators (see main.ts), so clients never know the difference.
 */
export function createVendorClients(config: Config, logger: Logger, modes: Partial<Record<Vendor, VendorMode>> = {}): VendorClients {
  const secrets = secretsOf(config);
  const modeOf = (vendor: Vendor): VendorMode => modes[vendor] ?? vendorMode(config, vendor) ?? 'LIVE';
  const rentroll = config.rentroll.baseUrl === null
    ? null
    : (() => {
        const http = createVendorHttp({ vendor: 'RENTROLL', baseUrl: config.rentroll.baseUrl, secrets, logger });
        return { vendor: 'RENTROLL' as const, mode: modeOf('RENTROLL'), http, client: createRentrollClient(http, { apiToken: config.rentroll.apiToken }) };
      })();
  const all = (): VendorHandle<unknown>[] => [rentroll].filter((h): h is NonNullable<typeof h> => h !== null);
  return {
    rentroll,
    all,
    close: async () => {
      await Promise.all(all().map((handle) => handle.http.close()));
    },
  };
}
