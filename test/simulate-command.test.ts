import { execFile } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { freePort } from '../src/app.js';
import { baseUrlOf, loadConfig, vendorMode } from '../src/config.js';
import { VENDORS } from '../src/domain/vendor.js';
import { startCli, type CliProcess } from './gateway/process.js';

/**
 * `rentgraph simulate` as a user runs it: through npm, with `--env` captured and sourced
 * by a shell, and with its webhooks sent where it says.
 */

const run = promisify(execFile);

/** A stand-in gateway that records the webhooks it is sent. */
async function webhookReceiver(): Promise<{ url: string; received: { path: string; body: string }[]; server: Server }> {
  const received: { path: string; body: string }[] = [];
  const server = createServer((incoming: IncomingMessage, response) => {
    let body = '';
    incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
    incoming.on('end', () => {
      received.push({ path: incoming.url ?? '', body });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"accepted"}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/hooks`, received, server };
}

describe('rentgraph simulate', () => {
  const started: CliProcess[] = [];
  const servers: Server[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.allSettled(started.splice(0).map((cli) => cli.dispose()));
    await Promise.allSettled(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('prints with npm run --silent only lines a shell sources into a working gateway configuration, and sends webhooks where --webhook-url says', async () => {
    const receiver = await webhookReceiver();
    servers.push(receiver.server);
    const cli = startCli('simulate', [], { RENTGRAPH_SIM_UNITS: '20', RENTGRAPH_SIM_ACTIVITY_SECONDS: '1' }, {
      program: 'npm',
      programArgs: ['run', '--silent', 'simulate', '--', '--env', '--webhook-url', receiver.url],
    });
    started.push(cli);
    await cli.waitFor(/simulators listening/, 120_000);
    const printed = cli.stdout();

    // Nothing but comments and NAME=value lines: no npm banner, no log line.
    const lines = printed.trimEnd().split('\n');
    expect(lines.filter((line) => !/^(#.*|[A-Z][A-Z0-9_]*=\S*)$/.test(line))).toEqual([]);
    expect(lines[0]).toBe(`# rentgraph simulators (seed 42, 20 rent-roll units); webhooks go to ${receiver.url}/<vendor> (--webhook-url or RENTGRAPH_SIM_WEBHOOK_URL changes this)`);

    // What a shell makes of it, exported as `set -a; . file` does.
    const dir = mkdtempSync(join(tmpdir(), 'rentgraph-simulate-'));
    dirs.push(dir);
    const file = join(dir, 'sim.env');
    writeFileSync(file, printed);
    const { stdout } = await run('sh', ['-c', `set -a; . "${file}"; set +a; env`], { env: { PATH: process.env['PATH'] ?? '' } });
    const sourced = Object.fromEntries(stdout.split('\n').filter((line) => line.includes('=')).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    const config = loadConfig({ ...sourced, RENTGRAPH_SIMULATORS: 'off' });
    expect(VENDORS.map((vendor) => [vendor, vendorMode(config, vendor)])).toEqual(VENDORS.map((vendor) => [vendor, 'LIVE']));
    const openapi = await request(`${new URL(baseUrlOf(config, 'RENTROLL')!).origin}/openapi.json`);
    expect(openapi.statusCode).toBe(200);
    await openapi.body.dump();

    // Live activity goes out as webhooks to the URL given.
    for (let i = 0; i < 100 && receiver.received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received.map((r) => r.path)).toContain('/hooks/rentengine');

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toMatchObject({ code: 0, signal: null });
  }, 150_000);

  it('says where webhooks go by default, and refuses a --webhook-url that is no URL', async () => {
    const port = await freePort();
    const cli = startCli('simulate', [], { PORT: String(port), RENTGRAPH_SIM_UNITS: '10', RENTGRAPH_SIM_ACTIVITY_SECONDS: '0' });
    started.push(cli);
    await cli.waitFor(/STURENTS_API_KEY=/);
    expect(cli.stdout().split('\n')[0]).toBe(`rentgraph simulators (seed 42, 10 rent-roll units); webhooks go to http://127.0.0.1:${port}/webhooks/<vendor> (--webhook-url or RENTGRAPH_SIM_WEBHOOK_URL changes this)`);

    const bad = startCli('simulate', ['--webhook-url', 'gateway:4000'], {});
    started.push(bad);
    expect(await bad.exited).toMatchObject({ code: 1 });
    expect(bad.stderr()).toBe('rentgraph: --webhook-url: expected an http(s) URL such as http://127.0.0.1:4000/webhooks, or off, got "gateway:4000"\n');
  }, 60_000);
});
