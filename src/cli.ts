import { startApp, simVendorOf, type App } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { VENDORS } from './domain/vendor.js';
import { IDE_PATH } from './ide/page.js';
import { SIM_VENDORS, startSimulators, type RunningSimulator } from './simulators/index.js';
import { createWorld } from './simulators/world/index.js';
import { runSyncCommand } from './sync-command.js';

/**
 * The CLI: `serve` (default) runs the gateway, with built-in simulators for every
 * vendor that has no base URL; `simulate` runs only the simulators (`--env` prints
 * the variables that point a gateway at them); `sync` builds the identity index once
 * (see sync-command.ts).
 */
function fail(message: string): never {
  process.stderr.write(`rentgraph: ${message}\n`);
  process.exit(1);
}

function readConfig(env: Record<string, string | undefined>): Readonly<Config> {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`rentgraph: error while stopping: ${String(error)}\n`);
          process.exit(1);
        },
      );
    });
  }
}

function startActivity(simulators: readonly RunningSimulator[], everyMillis: number, log: (error: unknown) => void): () => void {
  if (everyMillis <= 0) return () => {};
  const timer = setInterval(() => {
    for (const sim of simulators) sim.activityTick?.().catch(log);
  }, everyMillis);
  timer.unref();
  return () => clearInterval(timer);
}

async function serve(): Promise<void> {
  let app: App;
  try {
    app = await startApp({ env: process.env });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const { config, logger, modes, simulators, url } = app;
  const stopActivity = startActivity(simulators, config.sim.activityMillis, (error) => logger.warn({ err: error }, 'simulated activity step failed'));
  if (config.apiKeys.length === 0) logger.warn('RENTGRAPH_API_KEYS is not set: only loopback clients are served');
  const lines = [`rentgraph listening on ${url}`, `  GraphQL + Apollo Sandbox: ${url}/graphql`];
  // Sandbox loads from Apollo's CDN; GraphiQL is served by the gateway itself.
  if (!config.production) lines.push(`  GraphiQL (works offline): ${url}${IDE_PATH}`);
  for (const vendor of VENDORS) {
    const sim = simulators.find((s) => s.vendor === simVendorOf(vendor));
    lines.push(`  ${vendor.padEnd(10)} ${modes[vendor] ?? 'OFF'}${sim !== undefined ? ` (simulator at ${sim.server.origin})` : ''}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  onShutdown(async () => {
    logger.info('draining connections and stopping');
    stopActivity();
    await app.close();
  });
}

async function simulate(args: readonly string[]): Promise<void> {
  const config = readConfig(process.env);
  const envOnly = args.includes('--env');
  const world = createWorld({ seed: config.sim.seed, rentrollUnits: config.sim.rentrollUnits });
  const simulators = await startSimulators({
    vendors: SIM_VENDORS,
    world,
    webhookBase: `http://127.0.0.1:${config.port}/webhooks`,
    ...(config.sim.latencyMillis > 0 && { faults: { latencyMillis: config.sim.latencyMillis } }),
  });
  const stopActivity = startActivity(simulators, config.sim.activityMillis, () => {});
  if (envOnly) {
    for (const sim of simulators) for (const [name, value] of Object.entries(sim.env)) process.stdout.write(`${name}=${value}\n`);
  } else {
    process.stdout.write(`rentgraph simulators (seed ${config.sim.seed}, ${config.sim.rentrollUnits} rent-roll units); webhooks go to http://127.0.0.1:${config.port}/webhooks/<vendor>\n`);
    for (const sim of simulators) {
      process.stdout.write(`  ${sim.vendor.padEnd(10)} ${sim.server.origin}\n`);
      for (const [name, value] of Object.entries(sim.env)) process.stdout.write(`      ${name}=${value}\n`);
    }
  }
  onShutdown(async () => {
    stopActivity();
    await Promise.allSettled(simulators.map((sim) => sim.close()));
  });
}

const [command = 'serve', ...rest] = process.argv.slice(2);
switch (command) {
  case 'serve':
    await serve();
    break;
  case 'simulate':
    await simulate(rest);
    break;
  case 'sync':
    process.exitCode = await runSyncCommand(process.env);
    break;
  default:
    fail(`unknown command ${JSON.stringify(command)}; expected serve, simulate or sync`);
}
