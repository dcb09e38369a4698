import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cleanEnv, launch, readyWithTempDir, ROOT, type Child, type Simulators } from './processes.js';

/**
 * The peer gateway (bench/peer/: GraphQL Mesh compose + Hive Gateway). Its packages
 * are installed into bench/peer/node_modules on first use; when that or composing
 * fails, the peer is skipped with the reason.
 */
const run = promisify(execFile);
export const PEER_DIR = join(ROOT, 'bench', 'peer');

export interface Peer extends Child {
  url: string;
}

/** Installs the peer's packages when missing; resolves to null when ready, else the reason it is not. */
export async function preparePeer(log: (line: string) => void): Promise<string | null> {
  const bin = (name: string) => join(PEER_DIR, 'node_modules', '.bin', name);
  if (existsSync(bin('hive-gateway')) && existsSync(bin('mesh-compose'))) return null;
  log('installing the peer (npm install in bench/peer, once)...');
  try {
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: PEER_DIR, timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    return `npm install in bench/peer failed: ${String((error as { stderr?: string }).stderr ?? error).slice(0, 500)}`;
  }
  return existsSync(bin('hive-gateway')) && existsSync(bin('mesh-compose')) ? null : 'npm install in bench/peer did not provide hive-gateway and mesh-compose';
}

/** Composes the supergraph from the rent roll simulator's /openapi.json, then serves it with Hive Gateway (one process, no forked workers). */
export async function startPeer(simulators: Simulators, port: number): Promise<Peer> {
  const dir = mkdtempSync(join(tmpdir(), 'rentgraph-peer-'));
  const supergraph = join(dir, 'supergraph.graphql');
  const env = cleanEnv({ RENTROLL_BASE_URL: simulators.env['RENTROLL_BASE_URL'] ?? '', RENTROLL_API_TOKEN: simulators.env['RENTROLL_API_TOKEN'] ?? '', NODE_ENV: 'production' });
  try {
    await run(process.execPath, [join(PEER_DIR, 'node_modules', '.bin', 'mesh-compose'), '-o', supergraph], { cwd: PEER_DIR, env, timeout: 120_000 });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`mesh-compose failed: ${String((error as { stderr?: string }).stderr ?? error).slice(-1500)}`);
  }
  const { handle } = launch(
    process.execPath,
    [join(PEER_DIR, 'node_modules', '.bin', 'hive-gateway'), 'supergraph', supergraph, '--port', String(port), '--host', '127.0.0.1', '--fork', '1'],
    { cwd: PEER_DIR, env },
  );
  const url = `http://127.0.0.1:${port}`;
  return { ...(await readyWithTempDir(handle, `${url}/healthcheck`, dir)), url };
}
