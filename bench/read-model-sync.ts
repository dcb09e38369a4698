import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { startApp, type App } from '../src/app.js';
import type { ReadModelSyncResult } from '../src/readmodel/read-model-sync.js';
import { createWorld, type World } from '../src/simulators/world/index.js';

/**
 * The read-model sync at scale, against the built-in simulators over loopback HTTP, as a
 * gateway runs it: a first full sync into an empty SQLite store, a second (incremental
 * where the vendors allow it), then a restart over the stored read model, timed until
 * /readyz answers 200. Prints the first sync's time beside the least time RentEngine's
 * documented limit allows for the requests it made (20 per 5 s), CPU seconds, peak RSS.
 * The simulators run in this process, so CPU and RSS include theirs.
 *
 *   npx tsx bench/read-model-sync.ts [--units 100000]   (rent-roll units; the world holds ~1.5x physical units)
 */
const { values } = parseArgs({ options: { units: { type: 'string', default: '100000' } } });
const rentrollUnits = Number(values.units);
if (!Number.isInteger(rentrollUnits) || rentrollUnits < 1 || rentrollUnits > 100_000) {
  throw new Error(`--units expected a whole number from 1 to 100000, got ${JSON.stringify(values.units)}`);
}

const dir = mkdtempSync(join(tmpdir(), 'rentgraph-bench-readmodel-'));
const say = (line: string) => process.stdout.write(`${line}\n`);
const env = {
  PORT: '0',
  RENTGRAPH_HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  RENTGRAPH_DB: join(dir, 'state.sqlite'),
  RENTGRAPH_SIM_UNITS: String(rentrollUnits),
  RENTGRAPH_SIM_ACTIVITY_SECONDS: '0',
  RENTGRAPH_SYNC_INTERVAL_SECONDS: 'off',
  RENTROLL_POLL_SECONDS: '0',
  LEASEY_POLL_SECONDS: '0',
  STURENTS_POLL_SECONDS: '0',
  DEEPRENT_POLL_SECONDS: '0',
};
const quiet = { write: () => true };

let app: App | null = null;
try {
  const world: World = createWorld({ rentrollUnits });
  app = await startApp({ env, world, logDestination: quiet });
  say(`world: ${rentrollUnits} rent-roll units, ${world.units.length} physical units`);

  const first = await timedRun(app, true);
  const rentengine = app.services.vendors.get('RENTENGINE')!.link.stats().upstreamRequests;
  const boundSeconds = Math.ceil(rentengine / 20) * 5;
  say(`first full sync: ${seconds(first.result.durationMillis)} s; RentEngine requests ${rentengine}, least time its limit allows ${boundSeconds} s; cpu ${seconds(first.cpuMillis)} s`);
  for (const r of first.result.records.resources) say(`  ${r.resource.padEnd(34)} ${String(r.read).padStart(8)} read in ${seconds(r.durationMillis)} s`);
  say(`  identity ${first.result.identity.units} units in ${seconds(first.result.identity.durationMillis)} s; facts of ${first.result.facts.units} units`);

  const second = await timedRun(app, false);
  say(`second sync: ${seconds(second.result.durationMillis)} s (${((100 * second.result.durationMillis) / first.result.durationMillis).toFixed(1)} % of the first); cpu ${seconds(second.cpuMillis)} s`);
  for (const r of second.result.records.resources) say(`  ${r.resource.padEnd(34)} ${String(r.read).padStart(8)} read in ${seconds(r.durationMillis)} s${r.complete ? '' : ' (incremental)'}`);
  say(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);

  await app.close();
  app = null;
  const restarted = performance.now();
  app = await startApp({ env, world, logDestination: quiet });
  const ready = await request(`${app.url}/readyz`);
  await ready.body.dump();
  say(`restart to ready: ${Math.round(performance.now() - restarted)} ms (readyz ${ready.statusCode})`);
} finally {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
}

async function timedRun(running: App, full: boolean): Promise<{ result: ReadModelSyncResult; cpuMillis: number }> {
  const cpu = process.cpuUsage();
  const result = await running.services.readModel.run({ full });
  const used = process.cpuUsage(cpu);
  return { result, cpuMillis: (used.user + used.system) / 1000 };
}

function seconds(millis: number): string {
  return (millis / 1000).toFixed(1);
}
