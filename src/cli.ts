import { startApp, simVendorOf, type App } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { VENDORS } from './domain/vendor.js';
import { IDE_PATH } from './ide/page.js';
import { SIM_VENDORS, startSimulators, type RunningSimulator } from './simulators/index.js';
import { createWorld } from './simulators/world/index.js';
import { exitOnSignals } from './shutdown.js';
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
  exitOnSignals({
    deadlineMillis: config.shutdownTimeoutMillis,
    say: (level, message) => logger[level](message),
    stop: async () => {
      stopActivity();
      const outcome = await app.stop();
      if (outcome.clean) logger.info({ durationMillis: outcome.durationMillis }, 'stopped');
      else logger.warn(outcome, `the ${config.shutdownTimeoutMillis / 1000} s shutdown deadline passed: cut ${outcome.cutConnections} HTTP connections and ${outcome.cutWebsockets} websockets still open`);
      return outcome;
    },
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
  exitOnSignals({
    deadlineMillis: config.shutdownTimeoutMillis,
    say: (level, message) => process.stderr.write(`rentgraph simulate: ${level === 'info' ? '' : `${level}: `}${message}\n`),
    stop: async () => {
      stopActivity();
      await Promise.allSettled(simulators.map((sim) => sim.close()));
      return { clean: true };
    },
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
