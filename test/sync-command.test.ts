import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/app.js';
import { runSyncCommand } from '../src/sync-command.js';

function capture(): Writable & { text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join('') });
}

describe('rentgraph sync', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rentgraph-sync-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('syncs the built-in simulators, prints progress lines and counts, and exits 0', async () => {
    const stdout = capture();
    const stderr = capture();
    const code = await runSyncCommand({ RENTGRAPH_DB: join(dir, 'a.sqlite'), RENTGRAPH_SIM_UNITS: '60' }, { stdout, stderr });
    expect(stderr.text()).toBe('');
    expect(code).toBe(0);
    const out = stdout.text();
    expect(out).toMatch(/^identity sync of RENTROLL \(SIMULATED\)/);
    expect(out).toMatch(/^reading$/m);
    expect(out).toMatch(/^clustering \d+ records$/m);
    expect(out).toMatch(/^ {2}RENTROLL +60 records \(read 60: 60 new, 0 changed, 0 gone\)$/m);
    const units = /^ {2}units: (\d+) \(\1 new, 0 gone\); multi-vendor units: (\d+)$/m.exec(out);
    expect(Number(units?.[1])).toBeGreaterThanOrEqual(60);
    expect(Number(units?.[2])).toBeGreaterThan(0);
  });

  it('exits 1 and says why when every vendor fails', async () => {
    const stdout = capture();
    const stderr = capture();
    const port = await freePort();
    const env = { RENTGRAPH_DB: join(dir, 'b.sqlite'), RENTGRAPH_SIMULATORS: 'off', RENTROLL_BASE_URL: `http://127.0.0.1:${port}` };
    const code = await runSyncCommand(env, { stdout, stderr });
    expect(code).toBe(1);
    expect(stdout.text()).toMatch(/^ {2}RENTROLL +failed: .+ \(kept 0 records\)$/m);
  });

  it('exits 1 naming the variable when the configuration is bad', async () => {
    const stdout = capture();
    const stderr = capture();
    expect(await runSyncCommand({ RENTGRAPH_SYNC_INTERVAL_SECONDS: 'soon' }, { stdout, stderr })).toBe(1);
    expect(stderr.text()).toMatch(/^rentgraph sync: RENTGRAPH_SYNC_INTERVAL_SECONDS: expected/);
  });
});
