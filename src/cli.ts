import { parseArgs } from 'node:util';
import { startApp, type App } from './app.js';
import { ConfigError, loadConfig, parseSimWebhookUrl, type Config } from './config.js';
import { VENDORS } from './domain/vendor.js';
import { IDE_PATH } from './ide/page.js';
import { describeWorld, SIM_VENDORS, simulatedWorld, simulatorOf, startSimulators, type RunningSimulator } from './simulators/index.js';
import { exitOnSignals } from './shutdown.js';
import { runSyncCommand } from './sync-command.js';
import { reloadAccessOnSighup } from './access/index.js';

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
  if (!app.services.access.keyring.configured) logger.warn('neither RENTGRAPH_API_KEYS nor RENTGRAPH_API_KEYS_FILE is set: only loopback clients are served');
  reloadAccessOnSighup(app.services.access, logger, config.access);
  const lines = [`rentgraph listening on ${url}`, `  GraphQL + Apollo Sandbox: ${url}/graphql`];
  // Sandbox loads from Apollo's CDN; GraphiQL is served by the gateway itself.
  if (!config.production) lines.push(`  GraphiQL (works offline): ${url}${IDE_PATH}`);
  for (const vendor of VENDORS) {
    const sim = simulatorOf(simulators, vendor);
    lines.push(`  ${vendor.padEnd(10)} ${modes[vendor] ?? 'OFF'}${sim !== undefined ? ` (simulator at ${sim.server.origin})` : ''}`);
  }
  // Signals are handled before the lines saying the gateway listens go out: whoever reads them may signal at once.
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
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** A value as the shell reads it back: bare when it is plain, else in single quotes. */
function shellValue(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]*$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

async function simulate(args: readonly string[]): Promise<void> {
  const config = readConfig(process.env);
  let flags: { env: boolean; webhookUrl: string | undefined };
  try {
    const { values } = parseArgs({ args: [...args], options: { env: { type: 'boolean', default: false }, 'webhook-url': { type: 'string' } }, strict: true });
    flags = { env: values.env, webhookUrl: values['webhook-url'] };
  } catch (error) {
    fail(`simulate: ${(error as Error).message}; expected [--env] [--webhook-url <url>|off]`);
  }
  // The flag wins over RENTGRAPH_SIM_WEBHOOK_URL; both are checked the same way.
  let webhookBase = config.sim.webhookUrl;
  try {
    if (flags.webhookUrl !== undefined) webhookBase = parseSimWebhookUrl(flags.webhookUrl, '--webhook-url');
  } catch (error) {
    fail((error as Error).message);
  }
  const world = simulatedWorld(config.sim);
  const simulators = await startSimulators({
    vendors: SIM_VENDORS,
    world,
    ...(webhookBase !== null && { webhookBase }),
    ...(config.sim.latencyMillis > 0 && { faults: { latencyMillis: config.sim.latencyMillis } }),
  });
  const stopActivity = startActivity(simulators, config.sim.activityMillis, () => {});
  const target = webhookBase === null
    ? 'webhooks are not sent (--webhook-url off)'
    : `webhooks go to ${webhookBase}/<vendor> (--webhook-url or RENTGRAPH_SIM_WEBHOOK_URL changes this)`;
  const heading = `rentgraph simulators (${describeWorld(config.sim)}); ${target}`;
  // With --env, stdout carries only what a shell can source: comments and NAME=value lines.
  const lines = flags.env
    ? [`# ${heading}`, ...simulators.flatMap((sim) => Object.entries(sim.env).map(([name, value]) => `${name}=${shellValue(value)}`))]
    : [heading, ...simulators.flatMap((sim) => [`  ${sim.vendor.padEnd(10)} ${sim.server.origin}`, ...Object.entries(sim.env).map(([name, value]) => `      ${name}=${value}`)])];
  process.stdout.write(`${lines.join('\n')}\n`);
  // stdout may be a file the variables are captured in; the terminal still hears that they are there.
  if (flags.env) process.stderr.write(`rentgraph simulate: ${simulators.length} simulators listening, their variables printed; ${target}; Ctrl-C stops them\n`);
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
