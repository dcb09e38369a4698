import { createServer } from 'node:net';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, secretsOf, vendorMode, type Config, type VendorMode } from './config.js';
import { VENDORS, type Vendor } from './domain/vendor.js';
import { createLogger } from './logger.js';
import { createServices, type Services } from './services.js';
import { createGateway, type Gateway } from './server.js';
import { isSimulated, startSimulators, type RunningSimulator, type SimVendor } from './simulators/index.js';
import { createWorld, type World } from './simulators/world/index.js';
import { scheduleIdentitySync } from './identity/schedule.js';
import { startChangePolling } from './events/poll/sources.js';
import type pino from 'pino';

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
      const addressInUse = (error as { code?: unknown }).code === 'EADDRINUSE';
      if (!(initial.port === 0 && addressInUse && attempt < 5)) throw error;
    }
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
    let closing: Promise<void> | null = null;
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
      close() {
        closing ??= (async () => {
          syncSchedule?.stop();
          await polling.stop();
          await server.close();
          await started.close();
          await Promise.allSettled(simulators.map((sim) => sim.close()));
        })();
        return closing;
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
