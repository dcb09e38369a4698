import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Process control: the simulators and each gateway under test run in processes of
 * their own, so their CPU and memory are measured apart from the load generator's.
 */
export const ROOT = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');

export interface Child {
  pid: number;
  /** Output so far (stdout + stderr), for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMillis`; resolves when the process has exited. */
  stop(graceMillis?: number): Promise<void>;
}

/** Variables that would point a child at something else than what the bench starts. */
const OWN_VARIABLES = /^(RENTGRAPH_|RENTROLL_|RENTENGINE_|DEEPRENT_|LEASEY_|STURENTS_|PORT$|LOG_LEVEL$|NODE_ENV$|NODE_OPTIONS$)/;

export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !OWN_VARIABLES.test(name)) env[name] = value;
  return { ...env, ...extra };
}

export { freePort } from '../../src/app.js';

export function launch(command: string, args: readonly string[], options: { cwd: string; env: Record<string, string> }): { child: ChildProcess; handle: Child } {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 64_000) output = output.slice(-32_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.pid === undefined) throw new Error(`could not start ${command} ${args.join(' ')}`);
  return {
    child,
    handle: {
      pid: child.pid,
      output: () => output,
      async stop(graceMillis = 10_000) {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const done = await Promise.race([exited.then(() => true), sleep(graceMillis, false)]);
        if (!done) {
          child.kill('SIGKILL');
          await exited;
        }
      },
    },
  };
}

export interface Simulators extends Child {
  /** NAME=value lines printed by `simulate --env`: base URLs and credentials. */
  env: Record<string, string>;
  /** Origin of every simulator, by the variable prefix (RENTROLL, RENTENGINE, ...). */
  origins: Record<string, string>;
}

export interface SimulatorSettings {
  latencyMillis: number;
  units: number;
  /** The gateway's port, so the simulators' webhooks have somewhere to go. */
  gatewayPort: number;
}

/** `node --import tsx src/main.ts simulate --env` in its own process; resolves once it printed every vendor's variables. */
export async function startSimulators(settings: SimulatorSettings): Promise<Simulators> {
  const { child, handle } = launch(process.execPath, ['--import', 'tsx', 'src/main.ts', 'simulate', '--env'], {
    cwd: ROOT,
    env: cleanEnv({
      RENTGRAPH_SIM_LATENCY_MS: String(settings.latencyMillis),
      RENTGRAPH_SIM_UNITS: String(settings.units),
      // Live activity would send webhooks and change data under the measurement.
      RENTGRAPH_SIM_ACTIVITY_SECONDS: '0',
      PORT: String(settings.gatewayPort),
      LOG_LEVEL: 'warn',
    }),
  });
  const env: Record<string, string> = {};
  let buffered = '';
  let lastLineAt = 0;
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
      if (match !== null) env[match[1]!] = match[2]!;
    }
    lastLineAt = Date.now();
  });
  const deadline = Date.now() + 60_000;
  // The variables are printed in one loop once every simulator listens; wait for output to settle.
  while (lastLineAt === 0 || Date.now() - lastLineAt < 300) {
    if (child.exitCode !== null) throw new Error(`the simulators exited with ${child.exitCode} before printing their variables:\n${handle.output()}`);
    if (Date.now() > deadline) {
      await handle.stop();
      throw new Error(`expected the simulators to print NAME=value lines within 60 s, got:\n${handle.output()}`);
    }
    await sleep(50);
  }
  const origins: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const match = /^([A-Z]+)_BASE_URL$/.exec(name);
    if (match !== null) origins[match[1]!] = new URL(value).origin;
  }
  if (origins['RENTROLL'] === undefined) {
    await handle.stop();
    throw new Error(`expected RENTROLL_BASE_URL among the simulators' variables, got ${Object.keys(env).join(', ') || 'none'}`);
  }
  return { ...handle, env, origins };
}

export interface Gateway extends Child {
  url: string;
  port: number;
}

export interface GatewaySettings {
  simulators: Simulators;
  port: number;
  batching: boolean;
  /** Compiled execution (RENTGRAPH_JIT); default on, as in production. */
  jit?: boolean;
  /** Whole answers kept until what they read changes (RENTGRAPH_RESPONSE_CACHE_MB); default on, as in production. */
  responseCache?: boolean;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: readonly string[];
  /** Extra environment, e.g. polling switched off. */
  env?: Record<string, string>;
  /** Vendors the gateway is pointed at, by variable prefix (['RENTROLL']); default every simulator. The others are not configured (OFF). */
  vendors?: readonly string[];
}

/** The simulators' variables for the given vendor prefixes only, or all of them. */
function vendorEnv(env: Record<string, string>, vendors: readonly string[] | undefined): Record<string, string> {
  if (vendors === undefined) return env;
  return Object.fromEntries(Object.entries(env).filter(([name]) => vendors.some((vendor) => name.startsWith(`${vendor}_`))));
}

/**
 * The node flags `npm start` gives the gateway (package.json), so the bench measures
 * the process production runs: `node <flags> dist/main.js serve`.
 */
export function startNodeFlags(): string[] {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  // `exec` lets signals reach node instead of the shell npm runs the script in.
  const words = (scripts['start'] ?? '').trim().replace(/^exec\s+/, '').split(/\s+/);
  const entry = words.indexOf('dist/main.js');
  if (words[0] !== 'node' || entry < 0) throw new Error(`expected package.json scripts.start to be "[exec] node [flags] dist/main.js serve", got ${JSON.stringify(scripts['start'])}`);
  return words.slice(1, entry);
}

/** `node <npm start's flags> dist/main.js serve` (build first) against the simulators, with a temporary SQLite file; resolves when /readyz says ready. */
export async function startGateway(settings: GatewaySettings): Promise<Gateway> {
  return spawnGateway(settings).ready(90_000);
}

/** A started gateway process, before it is ready: its pid can be watched while it starts (a first sync). */
export interface StartingGateway {
  pid: number;
  url: string;
  output(): string;
  /** Resolves once /readyz answers 2xx within `timeoutMillis`; on failure the process is stopped. */
  ready(timeoutMillis: number): Promise<Gateway>;
  /** Stops it before it was ready, and removes its temporary folder. */
  stop(): Promise<void>;
}

export function spawnGateway(settings: GatewaySettings): StartingGateway {
  const dir = mkdtempSync(join(tmpdir(), 'rentgraph-bench-'));
  const { handle } = launch(process.execPath, [...startNodeFlags(), ...(settings.nodeArgs ?? []), 'dist/main.js', 'serve'], {
    cwd: ROOT,
    env: cleanEnv({
      ...vendorEnv(settings.simulators.env, settings.vendors),
      PORT: String(settings.port),
      RENTGRAPH_HOST: '127.0.0.1',
      RENTGRAPH_DB: join(dir, 'bench.sqlite'),
      RENTGRAPH_SIMULATORS: 'off',
      RENTGRAPH_SIM_ACTIVITY_SECONDS: '0',
      RENTGRAPH_BATCHING: settings.batching ? 'on' : 'off',
      RENTGRAPH_JIT: settings.jit === false ? 'off' : 'on',
      ...(settings.responseCache === false && { RENTGRAPH_RESPONSE_CACHE_MB: '0' }),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...settings.env,
    }),
  });
  const url = `http://127.0.0.1:${settings.port}`;
  return {
    pid: handle.pid,
    url,
    output: handle.output,
    ready: async (timeoutMillis) => ({ ...(await readyWithTempDir(handle, `${url}/readyz`, dir, timeoutMillis)), url, port: settings.port }),
    async stop() {
      await handle.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until a started server answers `readyUrl`; its `stop` then also removes its
 * temporary folder. On failure the process is stopped and the folder removed.
 */
export async function readyWithTempDir(handle: Child, readyUrl: string, dir: string, timeoutMillis = 90_000): Promise<Child> {
  try {
    await waitUntil(readyUrl, timeoutMillis, handle);
  } catch (error) {
    await handle.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...handle,
    async stop(graceMillis) {
      await handle.stop(graceMillis);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `url` until it answers 2xx. */
export async function waitUntil(url: string, timeoutMillis: number, child: Child): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      last = `${response.status} ${(await response.text()).slice(0, 200)}`;
    } catch (error) {
      last = String(error);
    }
    if (!isAlive(child.pid)) throw new Error(`process ${child.pid} exited before ${url} answered; its output:\n${child.output().slice(-4000)}`);
    await sleep(100);
  }
  throw new Error(`expected ${url} to answer 2xx within ${timeoutMillis} ms, last got ${last}; output:\n${child.output().slice(-4000)}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
