import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/processes.js';
import type { BenchContext } from './lib/scenario.js';
import type { BenchOptions, BenchResults, ProfileSummary, ScenarioResult } from './lib/types.js';
import { writeReport } from './report.js';
import { SCENARIOS } from './scenarios/index.js';

/**
 * `npm run bench` (= tsx bench/run.ts): builds the gateway, runs the scenarios
 * against simulators and gateways in their own processes, and writes bench/results/.
 *
 *   --scenario S1,S2   which scenarios (default: all)
 *   --quick            one short run per series, only the S1 0 ms batching-off baseline, a 10 s request
 *                      timeout, no CPU profile (about 2 minutes on a quiet machine)
 *   --runs N           measured runs per series (default 3; --quick 1)
 *   --duration S       seconds per measured run (default 10; --quick 2)
 *   --warmup S         seconds of unmeasured load before a series (default 3; --quick 1)
 *   --connections N    concurrent clients (default 50)
 *   --units N          rent-roll units of S7's world, the read model at scale (default 100000, whose
 *                      first sync alone takes about 14 minutes at RentEngine's limit; --quick 2000)
 *   --no-profile       skip the CPU profile
 *   --out DIR          where results go (default bench/results; --quick bench/results/quick)
 *
 * The README's table is rewritten only by a whole run (every scenario, not --quick)
 * writing to bench/results.
 */
function usage(message: string): never {
  process.stderr.write(`bench: ${message}\nusage: npm run bench -- [--scenario S1,S2] [--quick] [--runs N] [--duration S] [--warmup S] [--connections N] [--units N] [--no-profile] [--out DIR]\n`);
  process.exit(2);
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) usage(`--${name}: expected a positive number, got ${JSON.stringify(value)}`);
  return parsed;
}

function readOptions(): { options: BenchOptions; outDir: string } {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        scenario: { type: 'string' },
        quick: { type: 'boolean', default: false },
        runs: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        units: { type: 'string' },
        'no-profile': { type: 'boolean', default: false },
        out: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const quick = parsed.quick === true;
  const known = SCENARIOS.map((s) => s.id);
  const scenarios = parsed.scenario === undefined ? known : parsed.scenario.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
  const unknown = scenarios.filter((s) => !known.includes(s));
  if (unknown.length > 0 || scenarios.length === 0) usage(`--scenario: expected some of ${known.join(', ')}, got ${JSON.stringify(parsed.scenario)}`);
  const options: BenchOptions = {
    scenarios,
    quick,
    runs: Math.round(positive('runs', parsed.runs, quick ? 1 : 3)),
    durationSeconds: positive('duration', parsed.duration, quick ? 2 : 10),
    warmupSeconds: parsed.warmup === '0' ? 0 : positive('warmup', parsed.warmup, quick ? 1 : 3),
    connections: Math.round(positive('connections', parsed.connections, 50)),
    profile: !quick && parsed['no-profile'] !== true,
    scaleUnits: positive('units', parsed.units, quick ? 2_000 : 100_000),
  };
  if (!Number.isInteger(options.scaleUnits) || options.scaleUnits > 100_000) usage(`--units: expected a whole number from 1 to 100000, got ${JSON.stringify(parsed.units)}`);
  return { options, outDir: parsed.out ?? join(ROOT, 'bench', 'results', ...(quick ? ['quick'] : [])) };
}

const METHOD = [
  'Simulators run in one process (`node --import tsx src/main.ts simulate --env`, RENTGRAPH_SIM_LATENCY_MS adds latency to every vendor response, 100 rent-roll units, S7 the number --units gives); ' +
    'the gateway in another (`npm run build`, then `node dist/main.js serve`, NODE_ENV=production, LOG_LEVEL=warn, a temporary SQLite file); ' +
    'each peer (Mesh + Hive Gateway, Tailcall; bench/peer/, packages of their own) in another, on the same simulators; the load generator in the bench process. All share the machine\'s cores.',
  'Every scenario runs with the simulators enforcing the vendors\' documented limits: RentEngine answers 429 with Retry-After past 20 requests per 5 s per token, ' +
    'StuRents answers 429 to an identical request asked again within 10 s. Both are on by default in the simulators, `simulate` has no switch for them, ' +
    'the bench passes none and cleans RENTGRAPH_*, RENTENGINE_*, STURENTS_* and the other vendors\' variables from the environment it gives the simulators; ' +
    'after each scenario\'s measurements the bench sends the same simulator process 21 RentEngine requests at once and one StuRents request twice, ' +
    'and fails the scenario unless RentEngine refused some with 429 and Retry-After and StuRents refused the repeat with 429 (bench/lib/limits.ts). ' +
    'The gateway also keeps to RentEngine\'s limit on its own side (RENTENGINE_RATE_LIMIT, default 20/5s).',
  'Load: closed loop on undici, N clients each sending the next request when the last one answered; every latency is kept, so p50/p99 are exact. A request counts as an error on a non-2xx answer, a transport failure, no answer within 30 s, or a GraphQL `errors` entry.',
  'Upstream calls per request: the simulators\' GET /__sim/stats totals before and after a run, divided by the requests answered in it. Resolver vendor reads: the gateway\'s /metrics `rentgraph_vendor_http{counter="calls"}` delta (reads asked for, before identical in-flight GETs are joined).',
  'CPU ms per request: user + system time of the process under load (the gateway or the peer, all its threads, and its children) from /proc/<pid>/stat over the run, divided by requests. Peak RSS: /proc/<pid>/status VmRSS sampled every 100 ms during the run.',
  'A peer is measured only after its answer to the page was compared with rentgraph\'s (the same units, addresses, leases and tenants; bench/lib/answers.ts); ratios with a peer are between series of the same run at the same client count.',
  'Each series is warmed up, then measured several times (the batching-off baselines once); tables show each figure\'s median over the runs and the range of req/s, the machine\'s noise. Ratios are taken between figures of the same bench run.',
];

async function main(): Promise<void> {
  const { options, outDir } = readOptions();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const startedAt = new Date();
  log(`bench: building the gateway (npm run build)...`);
  try {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch {
    process.stderr.write('bench: npm run build failed; fix the build first\n');
    process.exit(1);
  }
  let profile: ProfileSummary | null = null;
  const ctx: BenchContext = { options, log, setProfile: (summary) => (profile = summary) };
  const results: ScenarioResult[] = [];
  for (const scenario of SCENARIOS.filter((s) => options.scenarios.includes(s.id))) {
    const began = Date.now();
    log(`\n== ${scenario.id}: ${scenario.title}`);
    try {
      const result = await scenario.run(ctx);
      results.push(result);
      if (result.status !== 'measured') log(`${scenario.id} ${result.status}: ${result.reason ?? ''}`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log(`${scenario.id} failed: ${reason}`);
      results.push({ id: scenario.id, title: scenario.title, request: '', status: 'failed', reason: reason.slice(0, 2000), series: [], figures: [], notes: [] });
    }
    log(`${scenario.id} took ${((Date.now() - began) / 1000).toFixed(0)} s`);
    // Written after every scenario, so a run stopped part-way keeps what it measured.
    writeReport(resultsOf(startedAt, options, results, profile), outDir, null);
  }
  const report = resultsOf(startedAt, options, results, profile);
  // The README shows a whole run in the default place only: not a quick one, a subset of scenarios or one written elsewhere.
  const wholeRun = !options.quick && outDir === join(ROOT, 'bench', 'results') && SCENARIOS.every((s) => options.scenarios.includes(s.id));
  const written = writeReport(report, outDir, wholeRun ? join(ROOT, 'README.md') : null);
  log(`\nbench: wrote ${written.map((file) => file.replace(`${ROOT}/`, '')).join(', ')}`);
  const figures = results.flatMap((r) => r.figures.filter((f) => f.target !== undefined).map((f) => `${r.id} ${f.name}: ${typeof f.value === 'number' ? f.value.toFixed(2) : f.value}${f.unit ?? ''} (target ${f.target}) ${f.met === true ? 'met' : 'NOT met'}`));
  for (const line of figures) log(line);
}

const LOAD_AT_START = loadavg();

function resultsOf(startedAt: Date, options: BenchOptions, results: ScenarioResult[], profile: ProfileSummary | null): BenchResults {
  const cpu = cpus();
  return {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: cpu.length,
      cpuModel: cpu[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(totalmem() / 1024 ** 3),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadAverage: LOAD_AT_START,
      loadAverageAtEnd: loadavg(),
    },
    options,
    method: METHOD,
    scenarios: results,
    profile,
  };
}

await main();
