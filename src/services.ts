import type { Logger } from 'pino';
import type { Config, VendorMode } from './config.js';
import type { Vendor } from './domain/vendor.js';
import { openStore } from './store/open.js';
import type { Store } from './store/store.js';
import { createVendorClients, type VendorClients } from './vendors/registry.js';
import type { Loaders } from './loaders/index.js';
import type { UnitDirectory } from './identity/directory.js';
import { createRentrollDirectory } from './identity/rentroll-directory.js';
import { createVendorCache, type VendorCache } from './cache/ttl-cache.js';
import { createEventService, type EventService } from './events/service.js';
import { ConfigError } from './config.js';
import { createIdentitySync, type IdentitySync } from './identity/sync.js';
import { createIndexDirectory } from './identity/index-directory.js';
import { describeSync } from './identity/sync-progress.js';
import { readOverridesFile } from './identity/overrides-file.js';
import type { UnitRecordSource } from './identity/sources.js';
import { createRentrollUnitSource } from './vendors/rentroll/units.js';
import { createRentengineUnitSource } from './vendors/rentengine/units.js';
import { createLeaseyUnitSource } from './vendors/leasey/units.js';
import { createSturentsUnitSource } from './vendors/sturents/units.js';
import { createDeeprentUnitSource } from './vendors/deeprent/units.js';
import { createAccess, readAccessFiles, type Access } from './access/index.js';

/** App-wide singletons shared by every request, built once at start and closed at stop. */
export interface Services {
  config: Config;
  logger: Logger;
  store: Store;
  vendors: VendorClients;
  /** Cross-request cache of vendor reads; events invalidate it. */
  cache: VendorCache;
  /** The event log and live bus behind webhooks, polling and subscriptions. */
  events: EventService;
  /** The unit identity index's sync: startApp schedules it, `npm run sync` runs it once. */
  identity: IdentitySync;
  /**
   * Where this request finds units: the identity index once its first sync is done,
   * until then the rent roll alone, so the gateway serves while the index is built.
   */
  directoryFor(loaders: Loaders): UnitDirectory;
  /** Client keys and scopes, the audit log, client rate limits, trusted documents. */
  access: Access;
  /** Readiness checks for /readyz; all true = ready. */
  readiness(): Record<string, boolean | string>;
  close(): Promise<void>;
}

/** Each configured vendor's unit records for the identity index: one line per vendor. */
export function unitSourcesOf(vendors: VendorClients): UnitRecordSource[] {
  const sources: (UnitRecordSource | null)[] = [
    vendors.rentroll && createRentrollUnitSource(vendors.rentroll.client),
    vendors.rentengine && createRentengineUnitSource(vendors.rentengine.client),
    vendors.leasey && createLeaseyUnitSource(vendors.leasey.client),
    vendors.sturents && createSturentsUnitSource(vendors.sturents.client),
    vendors.deeprent && createDeeprentUnitSource(vendors.deeprent.client),
  ];
  return sources.filter((source): source is UnitRecordSource => source !== null);
}

export async function createServices(config: Config, logger: Logger, modes: Partial<Record<Vendor, VendorMode>>): Promise<Services> {
  const { overridesPath } = config;
  // Read once now so a bad file stops start-up; then again before every sync, so edits apply.
  if (overridesPath !== null) {
    try {
      readOverridesFile(overridesPath);
    } catch (error) {
      throw new ConfigError(`RENTGRAPH_OVERRIDES: ${(error as Error).message}`);
    }
  }
  // Checked before anything opens, so a bad keys file or manifest stops start-up at once.
  const accessFiles = readAccessFiles(config);
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    sqlitePath: config.dbPath,
    onError: (error, what) => logger.warn({ err: error, what }, 'a connection to the database failed; it is opened again'),
  });
  const cache = createVendorCache();
  const vendors = createVendorClients(config, logger, modes, cache);
  const identity = createIdentitySync({
    store,
    sources: unitSourcesOf(vendors),
    ...(overridesPath !== null && { overrides: () => readOverridesFile(overridesPath) }),
    logger,
  });
  const indexDirectory = createIndexDirectory(store);
  const events = await createEventService({ store, logger, cache, ...config.events });
  await identity.loaded;
  const access = await createAccess(config, accessFiles, store, logger);
  return {
    config,
    logger,
    store,
    vendors,
    cache,
    events,
    identity,
    access,
    directoryFor: (loaders) => (identity.status().firstSyncDone ? indexDirectory : createRentrollDirectory(loaders.rentroll)),
    readiness: () => {
      const sync = identity.status();
      return { store: store.isOpen(), schema: true, identitySync: sync.firstSyncDone ? true : describeSync(sync) };
    },
    close: async () => {
      // A sync in flight stops before writing; its vendor reads end when the clients close.
      const syncClosed = identity.close();
      events.close();
      access.close();
      await vendors.close();
      await syncClosed;
      await store.close();
    },
  };
}
