import type { Logger } from 'pino';
import type { Config, VendorMode } from './config.js';
import type { Vendor } from './domain/vendor.js';
import { openStore, type Store } from './store/sqlite.js';
import { createVendorClients, type VendorClients } from './vendors/registry.js';
import type { Loaders } from './loaders/index.js';
import type { UnitDirectory } from './identity/directory.js';
import { createRentrollDirectory } from './identity/rentroll-directory.js';
import { createVendorCache, type VendorCache } from './cache/ttl-cache.js';

/** App-wide singletons shared by every request, built once at start and closed at stop. */
export interface Services {
  config: Config;
  logger: Logger;
  store: Store;
  vendors: VendorClients;
  /** Cross-request cache of vendor reads; events invalidate it. */
  cache: VendorCache;
  /** The unit directory over this request's loaders. */
  directoryFor(loaders: Loaders): UnitDirectory;
  /** Readiness checks for /readyz; all true = ready. */
  readiness(): Record<string, boolean | string>;
  close(): Promise<void>;
}

export function createServices(config: Config, logger: Logger, modes: Partial<Record<Vendor, VendorMode>>): Services {
  const store = openStore(config.dbPath);
  const vendors = createVendorClients(config, logger, modes);
  return {
    config,
    logger,
    store,
    vendors,
    cache: createVendorCache(),
    directoryFor: (loaders) => createRentrollDirectory(loaders.rentroll),
    readiness: () => ({ store: store.isOpen(), schema: true }),
    close: async () => {
      await vendors.close();
      store.close();
    },
  };
}
