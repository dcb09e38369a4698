import { parseArgs } from 'node:util';
import { runReadModelAtScale } from './lib/read-model-scale.js';

/**
 * The read model at scale on its own, without the rest of `npm run bench` (whose S7 runs
 * the same steps, bench/lib/read-model-scale.ts): a first full sync into an empty store
 * beside the least time the vendors' documented limits allow, the filtered, ordered,
 * counted page of 50, a restart over the stored read model and its second sync; the
 * gateway (the production build: run `npm run build` first) in its own process, its CPU
 * and peak RSS, and what held memory during the first sync.
 *
 *   npx tsx bench/read-model-sync.ts [--units 100000] [--page-seconds 10]   (rent-roll units; the world holds ~1.25x physical units)
 */
const { values } = parseArgs({ options: { units: { type: 'string', default: '100000' }, 'page-seconds': { type: 'string', default: '10' } } });
const units = Number(values.units);
if (!Number.isInteger(units) || units < 1 || units > 100_000) {
  throw new Error(`--units expected a whole number from 1 to 100000, got ${JSON.stringify(values.units)}`);
}
const pageSeconds = Number(values['page-seconds']);
if (!(pageSeconds > 0)) throw new Error(`--page-seconds expected a positive number, got ${JSON.stringify(values['page-seconds'])}`);

const say = (line: string) => process.stdout.write(`${line}\n`);
const r = await runReadModelAtScale({ units, pageSeconds, pageClients: 4, log: say });
const s = (millis: number) => (millis / 1000).toFixed(1);
say(`first full sync: ${s(r.first.durationMillis)} s; least time the limits allow ${r.floorSeconds} s (RentEngine: ${r.first.rentengineRequests} requests at 20 per 5 s)${r.floorSeconds > 0 ? `, ${(r.first.durationMillis / 1000 / r.floorSeconds).toFixed(2)}x` : ''}; gateway CPU ${s(r.first.cpuMillis)} s (start-up included)`);
say(`  ${r.first.written} records written, ${r.first.units} units in the index, facts of ${r.first.facts} units`);
if (r.first.failedVendors.length > 0) say(`  failed in the first sync: ${r.first.failedVendors.join(', ')}`);
for (const warning of r.first.warnings) say(`  gateway: ${warning}`);
say(r.page === null ? `page of 50 not measured: ${r.pageError ?? ''}` : `page of 50: p50 ${r.page.p50Millis.toFixed(1)} ms, p99 ${r.page.p99Millis.toFixed(1)} ms over ${r.page.requests} requests (${r.page.errors} errors, ${r.pageCacheHits} response-cache hits)`);
say(`restart to ready: ${Math.round(r.restartReadyMillis)} ms`);
say(`second sync: ${s(r.second.durationMillis)} s (${((100 * r.second.durationMillis) / r.first.durationMillis).toFixed(1)} % of the first); CPU ${s(r.second.cpuMillis)} s; ${r.second.written} records new or changed, ${r.second.deleted} gone`);
say(`gateway peak RSS: ${Math.round(r.peakRssMb)} MB (first sync ${Math.round(r.peakRssMbBy.firstSync)}, page ${Math.round(r.peakRssMbBy.page)}, restart and second sync ${Math.round(r.peakRssMbBy.restartAndSecondSync)})`);
say('memory during the first sync (s, phase, RSS / heap used / heap total / external MB):');
for (const m of r.memory) say(`  ${(m.atMillis / 1000).toFixed(0).padStart(5)} ${m.phase.padEnd(20)} ${[m.rssMb, m.heapUsedMb, m.heapTotalMb, m.externalMb].map((v) => String(Math.round(v)).padStart(5)).join(' ')}`);
