import { parseArgs } from 'node:util';
import { SIM_CREDENTIALS } from '../src/simulators/credentials.js';
import { startDeeprentSimulator } from '../src/simulators/deeprent/server.js';
import { startLeaseySimulator } from '../src/simulators/leasey/server.js';
import { startSturentsSimulator } from '../src/simulators/sturents/server.js';
import type { RunningSimulator } from '../src/simulators/types.js';
import { createWorld, type World } from '../src/simulators/world/index.js';
import { median, percentile } from './lib/stats.js';

/**
 * The simulators at the size of a large portfolio: how long each takes to start, and
 * the median and p99 of its list pages, deep cursor pages and single lookups. Nothing in
 * a simulator may be quadratic in the portfolio, or every scale measurement of the
 * gateway would measure the simulator instead.
 *
 *   npx tsx bench/simulators-scale.ts [--units 100000]   (rent-roll units)
 */
const { values } = parseArgs({ options: { units: { type: 'string', default: '100000' } } });
const rentrollUnits = Number(values.units);
if (!Number.isInteger(rentrollUnits) || rentrollUnits < 1 || rentrollUnits > 100_000) {
  throw new Error(`--units expected a whole number from 1 to 100000, got ${JSON.stringify(values.units)}`);
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const world = createWorld({ rentrollUnits });
say(`world: ${rentrollUnits} rent-roll units, ${world.units.length} physical units`);

/** Each sample is one request's wall time in milliseconds, read to the end of its body. */
async function sample(url: string, headers: Record<string, string> = {}): Promise<{ millis: number; body: unknown }> {
  const started = performance.now();
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`expected 2xx from ${url.replace(/\?.*/, '')}, got ${response.status}`);
  const body: unknown = await response.json();
  return { millis: performance.now() - started, body };
}

function report(name: string, millis: readonly number[]): void {
  const sorted = [...millis].sort((a, b) => a - b);
  say(`  ${name.padEnd(44)} n=${String(sorted.length).padStart(4)}  median ${median(sorted).toFixed(1)} ms  p99 ${percentile(sorted, 99).toFixed(1)} ms`);
}

async function started<T extends RunningSimulator>(name: string, start: (world: World) => Promise<T>): Promise<T> {
  const before = performance.now();
  const sim = await start(world);
  say(`${name}: started in ${(performance.now() - before).toFixed(0)} ms`);
  return sim;
}

{
  const { landlordId, publicKey } = SIM_CREDENTIALS.sturents;
  const auth = `landlord=${landlordId}&public=${publicKey}&version=1.3`;
  const sim = await started('StuRents', (w) => startSturentsSimulator({ world: w, identicalRequestWindowMillis: 0 }));
  type Body = { branches: { properties: { reference: string }[] }[]; pagination?: { next?: string } };
  const pages: number[] = [];
  const references: string[] = [];
  for (let page = 1; ; page++) {
    const { millis, body } = await sample(`${sim.server.origin}/api/houses?${auth}&page=${page}`);
    pages.push(millis);
    const houses = body as Body;
    for (const p of houses.branches[0]!.properties) references.push(p.reference);
    if (houses.pagination?.next === undefined) break;
  }
  report(`every page of houses (${references.length} houses)`, pages);
  const lookups: number[] = [];
  for (let i = 0; i < 200; i++) lookups.push((await sample(`${sim.server.origin}/api/houses/${references[(i * 7919) % references.length]!}?${auth}`)).millis);
  report('one house by reference', lookups);
  await sim.close();
}

{
  const headers = { 'x-api-key': SIM_CREDENTIALS.deeprent.apiKey };
  const sim = await started('deep.rent', (w) => startDeeprentSimulator({ world: w, pdfGenerationMillis: 1 }));
  type Body = { protocols: { id: string }[]; nextCursor: { cursorTs: string; cursorId: string } | null };
  const pages: number[] = [];
  let cursor = '';
  for (;;) {
    const { millis, body } = await sample(`${sim.server.origin}/external/protocols?limit=200${cursor}`, headers);
    pages.push(millis);
    const next = (body as Body).nextCursor;
    if (next === null) break;
    cursor = `&cursorTs=${encodeURIComponent(next.cursorTs)}&cursorId=${encodeURIComponent(next.cursorId)}`;
  }
  report('every cursor page of 200 protocols', pages);
  const ticks: number[] = [];
  for (let i = 0; i < 20; i++) {
    const before = performance.now();
    await sim.activityTick!();
    ticks.push(performance.now() - before);
  }
  report('activity tick', ticks);
  await sim.close();
}

{
  const { apiToken, companyPassword } = SIM_CREDENTIALS.leasey;
  const headers = { authorization: `Bearer ${apiToken}`, 'x-company-password': companyPassword };
  const sim = await started('Leasey', (w) => startLeaseySimulator({ world: w }));
  const pages: number[] = [];
  const filtered: number[] = [];
  let uuids: string[] = [];
  for (let i = 0; i < 20; i++) {
    const { millis, body } = await sample(`${sim.server.origin}/properties/leads?company_id=123&limit=500`, headers);
    pages.push(millis);
    uuids = (body as { property_id: string }[]).map((lead) => lead.property_id);
  }
  report('a page of 500 leads', pages);
  for (let i = 0; i < 50; i++) filtered.push((await sample(`${sim.server.origin}/properties/leads?company_id=123&property_id=${uuids[i % uuids.length]!}`, headers)).millis);
  report("one property's leads", filtered);
  await sim.close();
}
