import { createServer } from 'node:net';
import type { Logger } from 'pino';
import { baseUrlOf, ConfigError, loadConfig, secretsOf, vendorMode, type Config, type VendorMode } from './config.js';
import { VENDORS, type Vendor } from './domain/vendor.js';
import { createLogger } from './logger.js';
import { createServices, type Services } from './services.js';
import { createGateway, type Gateway } from './server.js';
import { isSimulated, startSimulators, type RunningSimulator, type SimVendor } from './simulators/index.js';
import { createWorld, type World } from './simulators/world/index.js';
import { scheduleIdentitySync } from './identity/schedule.js';
import { startChangePolling } from './events/poll/sources.js';
import type pino from 'pino';
import type { DrainOutcome } from './drain.js';
import { announceServing, type VendorSource } from './presence.js';

/**
 * A running gateway with its simulators: what `npm start` runs and what integration
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

export const simVendorOf = (vendor: Vendor) => vendor.toLowerCase() as SimVendor;

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
    const sim = simulators.find((s) => s.vendor === simVendorOf(vendor));
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
    if (mode === 'LIVE' || (mode === 'SIMULATED' && isSimulated(simVendorOf(vendor)))) modes[vendor] = mode;
  }
  return modes;
}

export async function startApp(options: StartAppOptions): Promise<App> {
  const initial = loadConfig(options.env);
  const world = options.world ?? createWorld({ seed: initial.sim.seed, rentrollUnits: initial.sim.rentrollUnits });
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
  const simulators = await startSimulators({
    vendors: VENDORS.filter((v) => modes[v] === 'SIMULATED').map(simVendorOf),
    world,
    webhookBase: `http://127.0.0.1:${port}/webhooks`,
    ...(initial.sim.latencyMillis > 0 && { faults: { latencyMillis: initial.sim.latencyMillis } }),
  });
  let services: Services | undefined;
  let gateway: Gateway | undefined;
  try {
    const simEnv = Object.assign({}, ...simulators.map((sim) => sim.env)) as Record<string, string>;
    const config = loadConfig({ ...options.env, ...simEnv, PORT: String(port) });
    const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config), ...(options.logDestination !== undefined && { destination: options.logDestination }) });
    const started = await createServices(config, logger, modes);
    services = started;
    const server = await createGateway(started);
    gateway = server;
    const url = await server.listen(port, config.host);
    // The index is built in the background; until its first sync the rent roll serves units.
    const syncSchedule = config.syncIntervalMillis === null
      ? null
      : scheduleIdentitySync(started.identity, { intervalMillis: config.syncIntervalMillis, logger });
    const polling = startChangePolling(started, config.polling, logger);
    // Lets `rentgraph sync` read what this gateway reads (sync-command.ts).
    const presence = announceServing(started.store, { url, vendors: vendorSourcesOf(config, modes, simulators) }, logger);
    let stopping: Promise<DrainOutcome> | null = null;
    const stop = () => {
      stopping ??= (async () => {
        await presence.stop();
        syncSchedule?.stop();
        // Stops scheduling polls; one under way ends when the vendor clients close below.
        const pollsStopped = polling.stop();
        const drained = await server.close();
        await started.close();
        await pollsStopped;
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

export { ConfigError };
