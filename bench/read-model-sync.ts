import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { freePort, startApp, type App } from '../src/app.js';
import type { ReadModelSyncResult } from '../src/readmodel/read-model-sync.js';
import { startSimulators, type Simulators } from './lib/processes.js';

/**
 * The read-model sync at scale, against the built-in simulators over loopback HTTP, as a
 * gateway runs it: a first full sync into an empty SQLite store, a second (incremental
 * where the vendors allow it), then a restart over the stored read model, timed until
 * /readyz answers 200. Prints the first sync's time beside the least time the vendors'
 * documented limits allow for the requests it made (RentEngine: 20 per 5 s; StuRents
 * only forbids identical requests within 10 s, which a walk of distinct pages never
 * makes), the gateway's CPU seconds and its peak RSS. The simulators run in a process of
 * their own, so CPU and RSS are the gateway's (this process's) alone.
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
const gatewayPort = await freePort();
const simulators: Simulators = await startSimulators({ latencyMillis: 0, units: rentrollUnits, gatewayPort });
const env = {
  ...simulators.env,
  PORT: String(gatewayPort),
  RENTGRAPH_HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  RENTGRAPH_DB: join(dir, 'state.sqlite'),
  RENTGRAPH_SIMULATORS: 'off',
  // The gateway builds a world even with the simulators off; a small one keeps it out of the figures.
  RENTGRAPH_SIM_UNITS: '1',
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
  app = await startApp({ env, logDestination: quiet });
  say(`world: ${rentrollUnits} rent-roll units (simulators in process ${simulators.pid})`);

  const first = await timedRun(app, true);
  const rentengine = app.services.vendors.get('RENTENGINE')!.link.stats().upstreamRequests;
  // A sliding window lets the first 20 go at once, then 20 more every 5 s.
  const boundSeconds = (Math.ceil(rentengine / 20) - 1) * 5;
  say(`first full sync: ${seconds(first.result.durationMillis)} s; least time the limits allow ${boundSeconds} s (RentEngine: ${rentengine} requests at 20 per 5 s), ${boundSeconds === 0 ? 'no bound' : `${(first.result.durationMillis / 1000 / boundSeconds).toFixed(2)}x`}; gateway cpu ${seconds(first.cpuMillis)} s`);
  for (const r of first.result.records.resources) say(`  ${r.resource.padEnd(34)} ${String(r.read).padStart(8)} read in ${seconds(r.durationMillis)} s`);
  say(`  identity ${first.result.identity.units} units in ${seconds(first.result.identity.durationMillis)} s; facts of ${first.result.facts.units} units`);

  const second = await timedRun(app, false);
  say(`second sync: ${seconds(second.result.durationMillis)} s (${((100 * second.result.durationMillis) / first.result.durationMillis).toFixed(1)} % of the first); cpu ${seconds(second.cpuMillis)} s`);
  for (const r of second.result.records.resources) say(`  ${r.resource.padEnd(34)} ${String(r.read).padStart(8)} read in ${seconds(r.durationMillis)} s${r.complete ? '' : ' (incremental)'}`);
  say(`gateway peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);

  await app.close();
  app = null;
  const restarted = performance.now();
  app = await startApp({ env, logDestination: quiet });
  const ready = await request(`${app.url}/readyz`);
  await ready.body.dump();
  say(`restart to ready: ${Math.round(performance.now() - restarted)} ms (readyz ${ready.statusCode})`);
} finally {
  await app?.close();
  await simulators.stop();
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
