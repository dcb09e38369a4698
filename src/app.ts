import { createServer } from 'node:net';
import type { Logger } from 'pino';
import type pino from 'pino';
import { createAccess, readAccessFiles, type Access } from './access/index.js';
import { baseUrlOf, ConfigError, loadConfig, secretsOf, vendorMode, type Config, type VendorMode } from './config.js';
import { VENDORS, type Vendor } from './domain/vendor.js';
import type { DrainOutcome } from './drain.js';
import { startChangePolling } from './events/poll/start.js';
import { leasingEventByRef, leasingEventsOfProspect } from './events/queries.js';
import { createEventService } from './events/service.js';
import { openEventStream } from './events/stream.js';
import { describeSync } from './identity/sync-progress.js';
import { createIdentitySync, type IdentitySync } from './identity/sync.js';
import { createIndexDirectory } from './identity/index-directory.js';
import { readOverridesFile } from './identity/overrides-file.js';
import { scheduleSync, watchForFirstSync } from './identity/schedule.js';
import { createIdempotencyStore } from './idempotency/store.js';
import { createReadModelReads } from './readmodel/reads.js';
import { ChangeVersions, ResponseCache } from './cache/index.js';
import { createReadModelSync, describeReadModelSync, type ReadModelSync } from './readmodel/read-model-sync.js';
import { createStoredUnitSource } from './readmodel/stored-units.js';
import { createUnitFactsStore } from './readmodel/unit-facts.js';
import { createRecordWriter, type RecordWriter } from './readmodel/write-through.js';
import { createLogger } from './logger.js';
import { createVendorCache } from './ports/cache.js';
import type { VendorSettings } from './ports/config.js';
import type { EventHistory } from './ports/history.js';
import type { VendorConnection, VendorModule } from './ports/vendor-module.js';
import { announceServing, type VendorSource } from './presence.js';
import type { GatewayPorts } from './request/ports.js';
import { leadDuties, repeatEvery, type LeaderDuty } from './replicas/duties.js';
import { createReplicaRole } from './replicas/role.js';
import { createGateway, type Gateway } from './server.js';
import type { ConnectedVendors, Services } from './services.js';
import { envOf, simulatedWorld, simulates, simulatorOf, startSimulatorsOf, type RunningSimulator, type SimVendor } from './simulators/index.js';
import type { World } from './simulators/world/index.js';
import { openStore } from './store/open.js';
import { pingStore } from './store/ping.js';
import { createSharedWindow, pruneSharedWindows } from './store/shared-window.js';
import type { SharedWindow, Store } from './store/store.js';
import { VENDOR_MODULES } from './vendors/registry.js';
import { createWebhookCounts } from './webhooks/outcomes.js';

/**
 * THE composition root: config → store → vendor modules (vendors/registry.ts) →
 * services → request ports → server. Everything app-wide is built here, once, and
 * handed down; nothing below reaches back up for it.
 *
 * A running gateway with its simulators is what `npm start` runs and what integration
 * tests boot. Vendors without a base URL get a built-in simulator (unless
 * RENTGRAPH_SIMULATORS=off); the gateway then talks to it exactly as to the vendor.
 */
export interface App {
  url: string;
  config: Readonly<Config>;
  modes: Partial<Record<Vendor, VendorMode>>;
  services: Services;
  gateway: Gateway;
  logger: Logger;
  world: World;
  simulators: RunningSimulator[];
  simulator(vendor: SimVendor): RunningSimulator;
  /**
   * Stops everything, once however often called: background work stops being scheduled,
   * the gateway drains (within RENTGRAPH_SHUTDOWN_TIMEOUT_SECONDS), vendor clients close
   * (cutting calls still under way after a second), then the simulators. Resolves with
   * what the drain had to cut.
   */
  stop(): Promise<DrainOutcome>;
  close(): Promise<void>;
}

export interface StartAppOptions {
  env: Record<string, string | undefined>;
  /** A world to share with the caller; default one from RENTGRAPH_SIM_SEED and RENTGRAPH_SIM_UNITS. */
  world?: World;
  /** Where logs go; default stdout. */
  logDestination?: pino.DestinationStream;
}

/** A free loopback port, so simulators can be told the gateway's webhook URL before it listens. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Where the gateway reads each vendor, for its presence row (presence.ts). */
function vendorSourcesOf(config: Config, modes: Partial<Record<Vendor, VendorMode>>, simulators: readonly RunningSimulator[]): Partial<Record<Vendor, VendorSource>> {
  const sources: Partial<Record<Vendor, VendorSource>> = {};
  for (const vendor of VENDORS) {
    const baseUrl = baseUrlOf(config, vendor);
    const sim = simulatorOf(simulators, vendor);
    if (modes[vendor] === 'SIMULATED' && sim !== undefined) sources[vendor] = { mode: 'SIMULATED', env: sim.env };
    else if (modes[vendor] === 'LIVE' && baseUrl !== null) sources[vendor] = { mode: 'LIVE', baseUrl };
  }
  return sources;
}

/** Each vendor's mode: LIVE with a base URL, SIMULATED when a built-in simulator stands in; absent = off. */
export function vendorModesOf(config: Config): Partial<Record<Vendor, VendorMode>> {
  const modes: Partial<Record<Vendor, VendorMode>> = {};
  for (const vendor of VENDORS) {
    const mode = vendorMode(config, vendor);
    if (mode === 'LIVE' || (mode === 'SIMULATED' && simulates(vendor))) modes[vendor] = mode;
  }
  return modes;
}

export async function startApp(options: StartAppOptions): Promise<App> {
  const initial = loadConfig(options.env);
  const world = options.world ?? simulatedWorld(initial.sim);
  // PORT=0 picks a free port before anything listens, because the simulators must know the
  // gateway's webhook URL first; another process may take that port in between, so such a
  // start is tried again on a new port.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnPort(options, initial, world, initial.port === 0 ? await freePort() : initial.port);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (initial.port === 0 && code === 'EADDRINUSE' && attempt < 5) continue;
      throw listenProblem(code, initial) ?? error;
    }
  }
}

/** A ConfigError saying which setting to change when the gateway cannot listen; null for other failures. */
function listenProblem(code: unknown, config: Readonly<Config>): ConfigError | null {
  switch (code) {
    case 'EADDRINUSE':
      return new ConfigError(`port ${config.port} is in use; set PORT to a free port`);
    case 'EACCES':
      return new ConfigError(`port ${config.port} needs privileges this process does not have; set PORT to a port above 1023`);
    case 'EADDRNOTAVAIL':
      return new ConfigError(`${config.host} is not an address of this machine; set RENTGRAPH_HOST to one of its addresses, or 0.0.0.0`);
    default:
      return null;
  }
}

async function startOnPort(options: StartAppOptions, initial: Readonly<Config>, world: World, port: number): Promise<App> {
  const modes = vendorModesOf(initial);
  const simulators = await startSimulatorsOf(VENDORS.filter((v) => modes[v] === 'SIMULATED'), {
    world,
    webhookBase: `http://127.0.0.1:${port}/webhooks`,
    ...(initial.sim.latencyMillis > 0 && { faults: { latencyMillis: initial.sim.latencyMillis } }),
  });
  let services: Services | undefined;
  let gateway: Gateway | undefined;
  try {
    const config = loadConfig({ ...options.env, ...envOf(simulators), PORT: String(port) });
    // Every line names the replica, so logs gathered from several tell them apart.
    const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config), ...(options.logDestination !== undefined && { destination: options.logDestination }) }).child({ replica: config.replicaId });
    const started = await createServices(config, logger, modes);
    services = started;
    const server = await createGateway(started);
    gateway = server;
    const url = await server.listen(port, config.host);
    // Lets `rentgraph sync` read what this gateway reads (sync-command.ts).
    const presence = announceServing(started.store, { url, vendors: vendorSourcesOf(config, modes, simulators) }, logger);
    await presence.announced;
    const leader = leadDuties(leaderDutiesOf(config, started, logger), { store: started.store, logger, retryMillis: config.leaderRetryMillis });
    started.replica.follow(leader);
    // The index is built in the background (by the leader); until a first sync is stored a vendor's interim directory serves units.
    const firstSync = watchForFirstSync(
      { recheck: async () => (await started.identity.recheck()) && (await started.readModel.recheck()) },
      { everyMillis: 2_000, logger },
    );
    let stopping: Promise<DrainOutcome> | null = null;
    const stop = () => {
      stopping ??= (async () => {
        await presence.stop();
        firstSync.stop();
        // Stops scheduling the duties and gives the lead up, so another replica takes them
        // over while this one drains; a poll under way ends when the vendor clients close below.
        const ledStopped = leader.close();
        const drained = await server.close();
        await started.close();
        await ledStopped;
        await Promise.allSettled(simulators.map((sim) => sim.close()));
        return drained;
      })();
      return stopping;
    };
    return {
      url,
      config,
      modes,
      services: started,
      gateway: server,
      logger,
      world,
      simulators,
      simulator(vendor) {
        const sim = simulators.find((s) => s.vendor === vendor);
        if (sim === undefined) throw new Error(`no ${vendor} simulator is running`);
        return sim;
      },
      stop,
      close: async () => {
        await stop();
      },
    };
  } catch (error) {
    await gateway?.close().catch(() => undefined);
    await services?.close().catch(() => undefined);
    await Promise.allSettled(simulators.map((sim) => sim.close()));
    throw error;
  }
}

/**
 * What one replica of a store does for all of them, on the leader only (replicas/duties.ts):
 * the identity sync, change polling (one poller per vendor resource, or every change would
 * be announced once per replica) and retention. A new shared duty is one entry here.
 */
function leaderDutiesOf(config: Config, services: Services, logger: Logger): LeaderDuty[] {
  return [
    {
      name: 'read-model sync',
      start: () => {
        if (config.syncIntervalMillis === null) return async () => {};
        const schedule = scheduleSync(services.readModel, { intervalMillis: config.syncIntervalMillis, logger });
        return async () => schedule.stop();
      },
    },
    {
      name: 'change polling',
      start: () => {
        const polling = startChangePolling(services.vendors.all(), services, logger);
        return () => polling.stop();
      },
    },
    {
      name: 'retention',
      start: () => repeatEvery(RETENTION_EVERY_MILLIS, async () => {
        await services.events.prune();
        await services.access.audit.pruneLogged();
        // Vendor windows are seconds long: an hour-old place counts in none of them.
        await pruneSharedWindows(services.store, RETENTION_EVERY_MILLIS).catch((error: unknown) => logger.error({ err: error }, 'clearing old places of the vendor rate windows failed; it runs again later'));
      }),
    },
  ];
}

const RETENTION_EVERY_MILLIS = 3_600_000;
/** How long /readyz waits for the database to answer before it calls it unreachable. */
const READINESS_PING_MILLIS = 1_000;

export interface ComposeOptions {
  /** The vendor modules; default the registry's. */
  modules?: readonly VendorModule[];
}

/**
 * The gateway's services over `config` (whose vendors already point SIMULATED ones at
 * their simulators, so clients never know the difference): the store, the cross-request
 * cache, the event log, each configured vendor connected through its module, the
 * identity index over their unit records, access (client keys, the audit log, rate
 * limits, trusted documents), and the ports every request scope gets.
 */
export async function createServices(config: Config, logger: Logger, modes: Partial<Record<Vendor, VendorMode>>, options: ComposeOptions = {}): Promise<Services> {
  const modules = options.modules ?? VENDOR_MODULES;
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
  const events = await createEventService({ store, logger, cache, ...config.events });
  // On SQLite one process serves the store and counts vendor limits in memory; replicas on Postgres share windows in it (vendors/http/windows.ts).
  const sharedWindow = store.dialect === 'postgres' ? createSharedWindow(store) : null;
  const vendors = connectVendors(modules, config, { logger, modes, cache, store, history: events.log, sharedWindow });
  // The index reads the vendors' unit records from the read model, which the read-model sync has just filled.
  const identity = createIdentitySync({
    store,
    sources: vendors.all().map((connection) => createStoredUnitSource(store, connection.vendor)),
    ...(overridesPath !== null && { overrides: () => readOverridesFile(overridesPath) }),
    logger,
  });
  const leaseVendors = new Set(vendors.all().filter((connection) => connection.resources.some((source) => source.kinds.includes('LEASE'))).map((connection) => connection.vendor));
  const unitFacts = createUnitFactsStore(store, VENDORS, leaseVendors);
  const readModel = createReadModelSync({
    store,
    sources: vendors.all().flatMap((connection) => connection.resources),
    identity,
    unitFacts,
    logger,
    historyRetentionMillis: config.historyDays * 86_400_000,
  });
  const records = createRecordWriter(store, unitFacts);
  const idempotency = createIdempotencyStore(store, {
    onStoreError: (error) => logger.warn({ err: error }, 'could not keep an idempotent result; a repeat of this request will write again'),
  });
  await identity.loaded;
  await readModel.loaded;
  const access = await createAccess(config, accessFiles, store, logger);
  const replica = createReplicaRole(config.replicaId);
  const ports = requestPorts({ config, logger, store, cache, events, identity, idempotency, access, vendors, modules, records, readModel });
  const versions = config.responseCacheBytes === 0 ? null : new ChangeVersions(store);
  return {
    config,
    logger,
    store,
    vendors,
    webhooks: modules.flatMap((module) => (module.webhook === undefined ? [] : [module.webhook(settingsOf(config, module))])),
    cache,
    events,
    webhookCounts: createWebhookCounts(),
    identity,
    readModel,
    records,
    idempotency,
    access,
    ports,
    replica,
    responseCache: versions === null ? null : new ResponseCache({ maxBytes: config.responseCacheBytes, versions }),
    readiness: async () => {
      const reachable = await pingStore(store, READINESS_PING_MILLIS);
      const sync = identity.status();
      const stored = readModel.status();
      return {
        checks: {
          store: reachable,
          schema: true,
          identitySync: sync.firstSyncDone ? true : describeSync(sync),
          readModel: stored.firstSyncDone ? true : describeReadModelSync(stored),
        },
        database: { engine: store.dialect, reachable },
        replica: { id: replica.id, leader: replica.isLeader() },
      };
    },
    close: async () => {
      // A sync in flight stops before writing; its vendor reads end when the clients close.
      const syncClosed = Promise.all([readModel.close(), identity.close()]);
      versions?.close();
      events.close();
      await vendors.close();
      await syncClosed;
      await store.close();
    },
  };
}

/** The settings config.ts made for a module (from the module's own variables). */
function settingsOf(config: Config, module: VendorModule): VendorSettings {
  const settings = config.vendors.get(module.vendor);
  if (settings === undefined) throw new Error(`the configuration holds no settings of the ${module.vendor} module`);
  return settings;
}

interface ConnectDeps {
  logger: Logger;
  modes: Partial<Record<Vendor, VendorMode>>;
  cache: GatewayPorts['cache'];
  store: Store;
  history: EventHistory;
  sharedWindow: SharedWindow | null;
}

/** Connects every module whose vendor has a base URL (its own, or its simulator's). */
function connectVendors(modules: readonly VendorModule[], config: Config, deps: ConnectDeps): ConnectedVendors {
  const secrets = secretsOf(config, modules);
  const connected = new Map<VendorModule, VendorConnection>();
  for (const module of modules) {
    const settings = settingsOf(config, module);
    const baseUrl = settings.baseUrl;
    if (baseUrl === null) continue;
    const mode = deps.modes[module.vendor] ?? vendorMode(config, module.vendor) ?? 'LIVE';
    connected.set(module, module.connect({ ...settings, baseUrl }, { ...deps, mode, secrets, batching: config.batching }));
  }
  const all = [...connected.values()];
  return {
    all: () => all,
    get: (vendor) => all.find((connection) => connection.vendor === vendor) ?? null,
    // A module's connection was made by that module's own connect, over its own client.
    of: <C>(module: VendorModule<VendorSettings, C>) => (connected.get(module as VendorModule) as VendorConnection<C> | undefined) ?? null,
    close: async () => {
      await Promise.all(all.map((connection) => connection.link.close()));
    },
  };
}

interface PortsDeps {
  config: Config;
  logger: Logger;
  store: Store;
  cache: GatewayPorts['cache'];
  events: Services['events'];
  identity: IdentitySync;
  idempotency: GatewayPorts['idempotency'];
  access: Access;
  vendors: ConnectedVendors;
  modules: readonly VendorModule[];
  records: RecordWriter;
  readModel: ReadModelSync;
}

/** What every request scope sees of the gateway (request/ports.ts). */
function requestPorts(deps: PortsDeps): GatewayPorts {
  const { config, events, identity, vendors } = deps;
  const indexDirectory = createIndexDirectory(deps.store);
  return {
    requestTimeoutMillis: config.requestTimeoutMillis,
    batching: config.batching,
    vendors: vendors.all(),
    writers: deps.modules.flatMap((module) =>
      module.writes === undefined ? [] : [{ vendor: module.vendor, baseUrlVariable: module.config.baseUrlVariable, writes: module.writes, connection: vendors.get(module.vendor) }]),
    cache: deps.cache,
    identity: {
      directory: () => (identity.status().firstSyncDone ? indexDirectory : null),
      ready: async () => {
        // The leader may have synced since this replica last looked; only a read model never synced is synced here.
        if (!identity.status().firstSyncDone && !(await identity.recheck())) await deps.readModel.run();
      },
      upsert: (records) => identity.upsert(records),
      edit: (edit, client) => identity.edit(edit, client),
    },
    leasingEvents: {
      ofProspect: (prospect) => leasingEventsOfProspect(events.log, prospect),
      byRef: (ref) => leasingEventByRef(events.log, ref),
    },
    feed: {
      retentionDays: config.events.retentionDays,
      bufferLimit: events.subscriptionBuffer,
      prunedThrough: () => events.log.prunedThrough(),
      lastSeq: () => events.log.lastSeq(),
      open: (options) => openEventStream({ log: events.log, bus: events.bus, bufferLimit: events.subscriptionBuffer, ...options }),
    },
    idempotency: deps.idempotency,
    audit: deps.access.audit,
    readModel: createReadModelReads(deps.store),
    store: deps.store,
    records: {
      write: async (writes) => {
        await deps.store.transaction((tx) => deps.records.apply(tx, writes));
      },
    },
    logger: deps.logger,
  };
}

export { ConfigError };
