import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../src/app.js';

/**
 * The CLI in its own process, as an operator runs it: `node --import tsx src/main.ts
 * <command>` with a fresh SQLite file. The environment is the test's minus every
 * variable of ours and NODE_ENV (vitest sets NODE_ENV=test, and libraries behave
 * differently under it), plus what the test gives.
 */
export const ROOT = new URL('../../', import.meta.url).pathname;

const OWN_VARIABLES = /^(RENTGRAPH_|RENTROLL_|RENTENGINE_|DEEPRENT_|LEASEY_|STURENTS_|QSTASH_|PORT$|LOG_LEVEL$|NODE_ENV$|NODE_OPTIONS$)/;

export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !OWN_VARIABLES.test(name)) env[name] = value;
  return { ...env, ...extra };
}

export interface CliProcess {
  child: ChildProcess;
  /** stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) and when it came. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Resolves once `pattern` appeared on stdout or stderr; rejects on exit or after `timeoutMillis`. */
  waitFor(pattern: RegExp, timeoutMillis?: number): Promise<RegExpMatchArray>;
  /** SIGKILL if still running, and removes the temporary directory. */
  dispose(): Promise<void>;
}

export interface StartCliOptions {
  /** Run this instead of `node --import tsx src/main.ts <command> <args>`, e.g. npm. */
  program?: string;
  programArgs?: readonly string[];
  /** In its own process group, so a test can signal the group as a terminal's Ctrl-C does. */
  detached?: boolean;
}

export function startCli(command: string, args: readonly string[], env: Record<string, string>, options: StartCliOptions = {}): CliProcess {
  const dir = mkdtempSync(join(tmpdir(), 'rentgraph-cli-'));
  const program = options.program ?? process.execPath;
  const programArgs = options.programArgs ?? ['--import', 'tsx', 'src/main.ts', command, ...args];
  const child = spawn(program, programArgs, {
    cwd: ROOT,
    env: cleanEnv({ RENTGRAPH_DB: join(dir, 'rentgraph.sqlite'), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null, at: Date.now() }));
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async waitFor(pattern, timeoutMillis = 60_000) {
      const deadline = Date.now() + timeoutMillis;
      for (;;) {
        const match = (stdout + stderr).match(pattern);
        if (match !== null) return match;
        if (done) throw new Error(`the process exited before printing ${pattern}; output:\n${stdout}\n${stderr}`);
        if (Date.now() > deadline) throw new Error(`expected ${pattern} within ${timeoutMillis} ms; output:\n${stdout}\n${stderr}`);
        await sleep(50);
      }
    },
    async dispose() {
      if (!done) {
        // The whole group when it has one, so nothing it started outlives the test.
        if (options.detached === true) process.kill(-child.pid!, 'SIGKILL');
        else child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Serving extends CliProcess {
  url: string;
  /** Each simulator's origin by vendor, as `serve` printed them. */
  simulators: Record<string, string>;
}

/** `serve` on a free port with background sync and polling off, once it printed its URL. */
export async function startServe(env: Record<string, string> = {}, options: StartCliOptions = {}): Promise<Serving> {
  const port = await freePort();
  const cli = startCli('serve', [], {
    PORT: String(port),
    RENTGRAPH_HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    RENTGRAPH_SYNC_INTERVAL_SECONDS: 'off',
    RENTROLL_POLL_SECONDS: '0',
    LEASEY_POLL_SECONDS: '0',
    STURENTS_POLL_SECONDS: '0',
    DEEPRENT_POLL_SECONDS: '0',
    ...env,
  }, options);
  try {
    await cli.waitFor(/DEEPRENT +\S+/, 120_000);
  } catch (error) {
    await cli.dispose();
    throw error;
  }
  const simulators: Record<string, string> = {};
  for (const [, vendor, origin] of cli.stdout().matchAll(/^ +([A-Z]+) +SIMULATED \(simulator at (\S+)\)$/gm)) simulators[vendor!] = origin!;
  return Object.assign(cli, { url: `http://127.0.0.1:${port}`, simulators });
}
