import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../utils/postgres.js';

/** `rentgraph serve` as a process of its own, as `npm start` runs it. */
describe.each(['sqlite', 'postgres'] as const)('rentgraph serve on %s', (engine) => {
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
      for (let i = 0; i < 300 && !/identity sync done/.test(output); i++) await new Promise((resolve) => setTimeout(resolve, 100));
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
