import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cleanEnv, launch, readyWithTempDir, ROOT, type Child, type Simulators } from './processes.js';

/**
 * The peer gateways, both in bench/peer/ with packages of their own (never the
 * gateway's): GraphQL Mesh compose + Hive Gateway, and Tailcall. Their packages are
 * installed into bench/peer/node_modules on first use; a peer that cannot be
 * installed or started is skipped with the reason.
 */
const run = promisify(execFile);
export const PEER_DIR = join(ROOT, 'bench', 'peer');
const TAILCALL_DIR = join(PEER_DIR, 'tailcall');
const bin = (name: string) => join(PEER_DIR, 'node_modules', '.bin', name);
/** Tailcall is an optional dependency: its binary is for Linux x64 with glibc; 1.0.0 runs on glibc 2.36, later builds need 2.38 or newer. */
const TAILCALL_PACKAGE = '@tailcallhq/core-linux-x64-gnu@1.0.0';

export interface Peer extends Child {
  url: string;
}

export interface PeerAvailability {
  /** Null when Mesh + Hive Gateway can run, else why not. */
  hive: string | null;
  /** Null when Tailcall can run, else why not. */
  tailcall: string | null;
}

function availability(): PeerAvailability {
  return {
    hive: existsSync(bin('hive-gateway')) && existsSync(bin('mesh-compose')) ? null : 'npm install in bench/peer did not provide hive-gateway and mesh-compose',
    tailcall: existsSync(bin('tailcall')) ? null : `npm install in bench/peer did not provide tailcall (${TAILCALL_PACKAGE} installs on Linux x64 with glibc only)`,
  };
}

/** Installs the peers' packages when one is missing; says which peers can run. */
export async function preparePeers(log: (line: string) => void): Promise<PeerAvailability> {
  const before = availability();
  if (before.hive === null && before.tailcall === null) return before;
  log('installing the peers (npm install in bench/peer)...');
  try {
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: PEER_DIR, timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const reason = `npm install in bench/peer failed: ${String((error as { stderr?: string }).stderr ?? error).slice(0, 500)}`;
    return { hive: reason, tailcall: reason };
  }
  return availability();
}

const rentrollEnv = (simulators: Simulators) => ({
  RENTROLL_BASE_URL: simulators.env['RENTROLL_BASE_URL'] ?? '',
  RENTROLL_API_TOKEN: simulators.env['RENTROLL_API_TOKEN'] ?? '',
});

/** Composes the supergraph from the rent roll simulator's /openapi.json, then serves it with Hive Gateway (one process, no forked workers). */
export async function startHive(simulators: Simulators, port: number): Promise<Peer> {
  const dir = mkdtempSync(join(tmpdir(), 'rentgraph-peer-'));
  const supergraph = join(dir, 'supergraph.graphql');
  const env = cleanEnv({ ...rentrollEnv(simulators), NODE_ENV: 'production' });
  try {
    await run(process.execPath, [bin('mesh-compose'), '-o', supergraph], { cwd: PEER_DIR, env, timeout: 120_000 });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`mesh-compose failed: ${String((error as { stderr?: string }).stderr ?? error).slice(-1500)}`);
  }
  const { handle } = launch(
    process.execPath,
    [bin('hive-gateway'), 'supergraph', supergraph, '--port', String(port), '--host', '127.0.0.1', '--fork', '1'],
    { cwd: PEER_DIR, env },
  );
  const url = `http://127.0.0.1:${port}`;
  return { ...(await readyWithTempDir(handle, `${url}/healthcheck`, dir)), url };
}

export interface TailcallSettings {
  /** Also give bench/peer/tailcall/cache.graphql: every vendor read kept for 60 s. */
  cache: boolean;
}

/**
 * `tailcall start rentroll.graphql [cache.graphql] <server.graphql>` from
 * bench/peer/tailcall: the user's config as written, then a file the bench writes with
 * the listen address (Tailcall merges config files, the last one winning). Tailcall
 * runs its default worker threads (one per core) in this one process. Usage tracking
 * is off (TAILCALL_TRACKER=false).
 */
export async function startTailcall(simulators: Simulators, port: number, settings: TailcallSettings): Promise<Peer> {
  const dir = mkdtempSync(join(tmpdir(), 'rentgraph-tailcall-'));
  const server = join(dir, 'server.graphql');
  writeFileSync(server, `schema @server(hostname: "127.0.0.1", port: ${port}) {\n  query: Query\n}\n`);
  const files = ['rentroll.graphql', ...(settings.cache ? ['cache.graphql'] : []), server];
  const { handle } = launch(bin('tailcall'), ['start', ...files], {
    cwd: TAILCALL_DIR,
    env: cleanEnv({ ...rentrollEnv(simulators), TAILCALL_TRACKER: 'false', TAILCALL_LOG_LEVEL: 'warn' }),
  });
  const url = `http://127.0.0.1:${port}`;
  return { ...(await readyWithTempDir(handle, `${url}/status`, dir)), url };
}
