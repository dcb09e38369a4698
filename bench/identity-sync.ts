import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Vendor } from '../src/domain/vendor.js';
import type { UnitDirectory, UnitFilterInput } from '../src/ports/directory.js';
import { createIndexDirectory } from '../src/identity/index-directory.js';
import { createIdentitySync, type SyncResult } from '../src/identity/sync.js';
import { createWorld } from '../src/simulators/world/index.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { fakeSource, silentLogger, worldUnitRecords } from '../test/identity/fakeSources.js';

/**
 * The identity sync at scale, without HTTP: every vendor's records of a seeded world
 * (spelled as each vendor spells them) are synced into a fresh SQLite store, twice (the
 * second run finds nothing changed), then `units` pages are timed.
 *
 *   npx tsx bench/identity-sync.ts [--units 100000]   (rent-roll units; the world holds ~1.5x physical units)
 */
const { values } = parseArgs({ options: { units: { type: 'string', default: '100000' } } });
const rentrollUnits = Number(values.units);
if (!Number.isInteger(rentrollUnits) || rentrollUnits < 1 || rentrollUnits > 100_000) {
  throw new Error(`--units expected a whole number from 1 to 100000, got ${JSON.stringify(values.units)}`);
}

const VENDORS: Vendor[] = ['RENTROLL', 'RENTENGINE', 'LEASEY', 'STURENTS', 'DEEPRENT'];
const dir = mkdtempSync(join(tmpdir(), 'rentgraph-bench-identity-'));
const store = await openSqliteStore({ path: join(dir, 'index.sqlite') });
const say = (line: string) => process.stdout.write(`${line}\n`);

try {
  let t = performance.now();
  const world = createWorld({ rentrollUnits });
  const records = worldUnitRecords(world);
  const total = VENDORS.reduce((n, v) => n + records[v].length, 0);
  say(`world: ${rentrollUnits} rent-roll units, ${world.units.length} physical units, ${total} vendor records (built in ${ms(t)})`);

  const sync = createIdentitySync({ store, sources: VENDORS.map((v) => fakeSource(v, records[v])), logger: silentLogger });
  const runs: [string, boolean, () => void][] = [
    ['first sync', false, () => {}],
    ['second sync, nothing changed', false, () => {}],
    // The sources hold these arrays: one rent-roll unit leaves, so everything is clustered again.
    ['one record gone', false, () => records.RENTROLL.splice(0, 1)],
    ['full sync (normalizes again)', true, () => {}],
  ];
  for (const [name, full, change] of runs) {
    change();
    const cpu = process.cpuUsage();
    const result = await sync.run({ full });
    say(`${line(name, result)}; cpu ${Math.round(cpuMillis(cpu))} ms`);
  }

  const directory = createIndexDirectory(store);
  const positions = (await directory.page({ first: 500, after: null, filter: {} })).positions;
  const deep = await walkTo(directory, Math.floor(world.units.length / 2));
  for (const [name, filter, after] of [
    ['first page of 50', {}, null],
    ['page of 50 in the middle', {}, deep],
    ['page of 50, vendor STURENTS', { vendor: 'STURENTS' }, null],
    ['page of 50, city Leeds', { city: 'leeds' }, null],
    ['page of 50, postal code prefix V6B', { postalCode: 'V6B' }, positions.at(-1)!],
    ['page of 50, active false', { active: false }, null],
  ] as [string, UnitFilterInput, string | null][]) {
    t = performance.now();
    const rounds = 20;
    for (let i = 0; i < rounds; i++) await directory.page({ first: 50, after, filter });
    say(`${name.padEnd(40)} ${((performance.now() - t) / rounds).toFixed(2)} ms`);
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

function cpuMillis(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function ms(since: number): string {
  return `${Math.round(performance.now() - since)} ms`;
}

function line(name: string, r: SyncResult): string {
  const t = r.timings;
  return `${name.padEnd(30)} ${String(r.durationMillis).padStart(6)} ms (reading+normalizing ${r.durationMillis - t.clusteringMillis - t.writingMillis} ms, clustering ${t.clusteringMillis} ms, writing ${t.writingMillis} ms): ${r.units} units, ${r.multiVendorUnits} multi-vendor`;
}

async function walkTo(directory: UnitDirectory, index: number): Promise<string> {
  let after: string | null = null;
  for (let seen = 0; seen < index;) {
    const page = await directory.page({ first: 500, after, filter: {} });
    seen += page.units.length;
    after = page.positions.at(-1) ?? after;
    if (!page.hasNextPage) break;
  }
  return after ?? '';
}
