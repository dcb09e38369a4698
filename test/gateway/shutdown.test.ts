import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import { request } from 'undici';
import WebSocket from 'ws';
import { freePort } from '../../src/app.js';
import { startCli, startServe, type CliProcess, type Serving } from './process.js';
import { createTestDatabase } from '../utils/postgres.js';

/**
 * Stopping `serve` in its own process, as an orchestrator or a terminal does: the drain,
 * its deadline, a second signal, and a port that is taken.
 */

const QUERY = '{ units(first: 5) { edges { node { id leases { status } } } } }';

/** Sets a simulator's faults through its /__sim/ surface. */
async function faults(origin: string, settings: Record<string, unknown>): Promise<void> {
  const response = await request(`${origin}/__sim/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(settings) });
  expect(response.statusCode).toBe(200);
  await response.body.dump();
}

async function requestsSeen(origin: string): Promise<number> {
  const response = await request(`${origin}/__sim/stats`);
  return ((await response.body.json()) as { total: number }).total;
}

/** A query sent now and settled at once, so a cut connection is an outcome, not an unhandled rejection. */
function queryInFlight(url: string): Promise<{ status: number; body: string; at: number } | { error: string; at: number }> {
  return request(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) }).then(
    async (response) => ({ status: response.statusCode, body: await response.body.text(), at: Date.now() }),
    (error: unknown) => ({ error: String(error), at: Date.now() }),
  );
}

/** A graphql-ws client with one live subscription; resolves once connected, with how its socket closed. */
async function subscriber(url: string): Promise<{ client: Client; closed: Promise<{ code: number; at: number }> }> {
  let resolveClosed!: (event: { code: number; at: number }) => void;
  const closed = new Promise<{ code: number; at: number }>((resolve) => (resolveClosed = resolve));
  const client = createClient({
    url: `${url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
    on: { closed: (event) => resolveClosed({ code: (event as { code: number }).code, at: Date.now() }) },
  });
  const connected = new Promise<void>((resolve) => client.on('connected', () => resolve()));
  client.subscribe({ query: 'subscription { leasingEvents { cursor } }' }, { next: () => {}, error: () => {}, complete: () => {} });
  await connected;
  return { client, closed };
}

/**
 * A query sent once the rent-roll simulator has `settings` (e.g. latency, a hang), returned
 * once the gateway's call to that simulator is under way; `answer` settles with the outcome.
 */
async function queryWaitingOnRentroll(cli: Serving, settings: Record<string, unknown>): Promise<{ answer: ReturnType<typeof queryInFlight> }> {
  const rentroll = cli.simulators['RENTROLL']!;
  await faults(rentroll, settings);
  const before = await requestsSeen(rentroll);
  const answer = queryInFlight(cli.url);
  for (let i = 0; i < 200 && (await requestsSeen(rentroll)) <= before; i++) await sleep(25);
  expect(await requestsSeen(rentroll)).toBeGreaterThan(before);
  // Wrapped: an async function returning the promise itself would wait for the answer.
  return { answer };
}

describe('stopping serve', () => {
  const started: CliProcess[] = [];
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.allSettled(clients.splice(0).map(async (client) => client.dispose()));
    await Promise.allSettled(started.splice(0).map((cli) => cli.dispose()));
  });
  const serve = async (env: Record<string, string>): Promise<Serving> => {
    const cli = await startServe(env);
    started.push(cli);
    return cli;
  };

  it('on SIGTERM lets a slow query finish, closes a subscriber with 1001 and exits 0', async () => {
    const cli = await serve({ RENTGRAPH_SHUTDOWN_TIMEOUT_SECONDS: '5', RENTGRAPH_SIM_ACTIVITY_SECONDS: '1' });
    const { client, closed } = await subscriber(cli.url);
    clients.push(client);
    const { answer } = await queryWaitingOnRentroll(cli, { latencyMillis: 1_500 });
    const signalled = Date.now();
    cli.child.kill('SIGTERM');
    const exit = await cli.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at - signalled).toBeLessThan(5_000);
    const settled = await answer;
    expect(settled).toMatchObject({ status: 200 });
    expect(JSON.parse((settled as { body: string }).body)).toMatchObject({ data: { units: { edges: expect.any(Array) } } });
    expect(await closed).toMatchObject({ code: 1001 });
    expect(cli.stdout()).toContain('draining connections and stopping');
    expect(cli.stdout()).toMatch(/"msg":"stopped"/);
  }, 60_000);

  it('cuts a query waiting on a hanging vendor at the deadline and is gone within the deadline + 2 s, exit 1', async () => {
    const cli = await serve({ RENTGRAPH_SHUTDOWN_TIMEOUT_SECONDS: '2' });
    const { client, closed } = await subscriber(cli.url);
    clients.push(client);
    const { answer } = await queryWaitingOnRentroll(cli, { hang: true });
    const signalled = Date.now();
    cli.child.kill('SIGTERM');
    const exit = await cli.exited;
    expect(exit).toMatchObject({ code: 1, signal: null });
    expect(exit.at - signalled).toBeLessThan(4_000);
    // The subscriber is told at once; the query's connection lasts until the deadline.
    expect((await closed).code).toBe(1001);
    expect((await closed).at - signalled).toBeLessThan(1_000);
    const settled = await answer;
    expect(settled).toHaveProperty('error');
    expect(settled.at - signalled).toBeGreaterThanOrEqual(1_900);
    expect(cli.stdout()).toMatch(/the 2 s shutdown deadline passed: cut 1 HTTP connections and 0 websockets still open/);
  }, 60_000);

  it('exits at once, with 143, on a second SIGTERM during the drain', async () => {
    const cli = await serve({ RENTGRAPH_SHUTDOWN_TIMEOUT_SECONDS: '60' });
    const { answer } = await queryWaitingOnRentroll(cli, { hang: true });
    cli.child.kill('SIGTERM');
    await cli.waitFor(/draining connections and stopping/);
    await sleep(400);
    const second = Date.now();
    cli.child.kill('SIGTERM');
    const exit = await cli.exited;
    expect(exit).toMatchObject({ code: 143, signal: null });
    expect(exit.at - second).toBeLessThan(1_000);
    expect(cli.stdout()).toContain('second SIGTERM: exiting now without finishing the drain');
    await answer;
  }, 60_000);

  it('takes a SIGINT repeated at once (a Ctrl-C npm forwards) as one, and drains', async () => {
    const cli = await serve({ RENTGRAPH_SHUTDOWN_TIMEOUT_SECONDS: '5' });
    cli.child.kill('SIGINT');
    cli.child.kill('SIGINT');
    const exit = await cli.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(cli.stdout()).not.toContain('second SIGINT');
  }, 60_000);
});

describe('npm start', () => {
  const started: CliProcess[] = [];
  afterEach(async () => {
    await Promise.allSettled(started.splice(0).map((cli) => cli.dispose()));
  });
  const npmStart = async (options: { detached: boolean }): Promise<Serving & { nodePid: number }> => {
    const cli = await startServe({ RENTGRAPH_SHUTDOWN_TIMEOUT_SECONDS: '5' }, { program: 'npm', programArgs: ['start'], ...options });
    started.push(cli);
    const nodePid = Number((await cli.waitFor(/"pid":(\d+)/))[1]);
    expect(nodePid).not.toBe(cli.child.pid);
    return Object.assign(cli, { nodePid });
  };
  const running = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('stops the gateway when npm gets SIGTERM, and npm exits 0', async () => {
    const cli = await npmStart({ detached: false });
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toMatchObject({ code: 0, signal: null });
    expect(running(cli.nodePid)).toBe(false);
    expect(cli.stdout()).toContain('SIGTERM: draining connections and stopping');
  }, 120_000);

  it('drains once on a Ctrl-C, which reaches npm and node, and npm forwards again', async () => {
    const cli = await npmStart({ detached: true });
    process.kill(-cli.child.pid!, 'SIGINT');
    expect(await cli.exited).toMatchObject({ code: 0, signal: null });
    expect(running(cli.nodePid)).toBe(false);
    expect(cli.stdout()).toContain('SIGINT: draining connections and stopping');
    expect(cli.stdout()).not.toContain('second SIGINT');
  }, 120_000);
});

describe('starting serve on a port in use', () => {
  it('says which port and which variable in one line on stderr, and exits 1', async () => {
    const port = await freePort();
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    const cli = startCli('serve', [], { PORT: String(port), RENTGRAPH_HOST: '127.0.0.1', LOG_LEVEL: 'warn', RENTGRAPH_SYNC_INTERVAL_SECONDS: 'off' });
    try {
      const exit = await cli.exited;
      expect(exit).toMatchObject({ code: 1, signal: null });
      expect(cli.stderr()).toBe(`rentgraph: port ${port} is in use; set PORT to a free port\n`);
    } finally {
      await cli.dispose();
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  }, 60_000);
});

/** `rentgraph serve` as a process of its own, as `npm start` runs it. */
describe.each(['sqlite', 'postgres'] as const)('rentgraph serve with its state on %s', (engine) => {
  it('stops on SIGTERM: drains, closes the store and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rentgraph-serve-'));
    const store = engine === 'sqlite' ? { RENTGRAPH_DB: join(dir, 'state.sqlite') } : { RENTGRAPH_DATABASE_URL: await createTestDatabase(inject('postgresAdminUrl')) };
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
        env: { ...process.env, NODE_ENV: 'development', PORT: '0', RENTGRAPH_HOST: '127.0.0.1', LOG_LEVEL: 'info', ...store },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      for (let i = 0; i < 300 && !/read-model sync done/.test(output); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(output).toMatch(/rentgraph listening on http:\/\/127\.0\.0\.1:\d+/);
      const url = /rentgraph listening on (\S+)/.exec(output)![1]!;
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const signalled = Date.now();
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 15_000))]);
      if (code === 'hung') child.kill('SIGKILL');
      expect(code).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(15_000);
      expect(output).toMatch(/draining connections and stopping/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('rentgraph sync on postgres', () => {
  it('exits by itself once the sync is written: no pool, listener or leadership connection is left open', async () => {
    const url = await createTestDatabase(inject('postgresAdminUrl'));
    // No process.exit in the sync command: the process ends only when nothing holds the event loop.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'sync'], {
      env: { ...process.env, RENTGRAPH_DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const code = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 30_000))]);
    if (code === 'hung') child.kill('SIGKILL');
    expect(code).toBe(0);
    expect(output).toContain(`into ${new URL(url).protocol}//rentgraph:***@`);
    expect(output).not.toContain('rentgraph-test');
    expect(output).toMatch(/units: \d+/);
  }, 60_000);
});
