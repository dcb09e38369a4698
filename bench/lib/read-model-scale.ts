import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { graphqlRequest, noGraphqlErrors } from './load.js';
import { measure } from './measure.js';
import { cpuMillis, sampleRss, simulatorTotals } from './probes.js';
import { freePort, spawnGateway, startSimulators, type Gateway, type GatewaySettings, type Simulators, type StartingGateway } from './processes.js';
import { graphqlOnce, firstError } from './scenario.js';
import type { Measurement } from './types.js';

/**
 * The read model at scale, as production runs it: the simulators in a process of their
 * own (no added latency, no live activity, their documented limits on), the gateway
 * from the production build in another, with a temporary SQLite file.
 *
 * 1. The gateway starts on the empty store and syncs once (RENTGRAPH_SYNC_INTERVAL_SECONDS=0);
 *    /readyz answers 200 when the first full sync is stored.
 * 2. The filtered, ordered, counted page of 50 under a few clients, every request a
 *    different search, so each is executed rather than served from the response cache.
 * 3. The gateway stops and starts again over the stored read model: the time to /readyz
 *    200, then its start-up sync, which is the second (incremental where the vendors allow).
 *
 * CPU and RSS are the gateway process's (/proc), RSS sampled every 100 ms over all three
 * steps; the JS heap and external memory are sampled from /metrics during the first sync,
 * beside the sync's phase from /readyz, to show what holds the memory.
 */
export interface ScaleRunOptions {
  /** Rent-roll units of the simulated world (it holds about 1.25x physical units). */
  units: number;
  /** Seconds of the page series, and its clients. */
  pageSeconds: number;
  pageClients: number;
  log(line: string): void;
}

export interface SyncFigures {
  /** The sync's own duration (its log line), from its start to its stored completion. */
  durationMillis: number;
  /** Gateway process CPU from its start to the sync's end (start-up included). */
  cpuMillis: number;
  /** Records written (new or changed) and swept, units in the index, units whose facts were computed. */
  written: number;
  deleted: number;
  units: number;
  facts: number;
  /** Vendors with a resource or an identity read that failed in this sync; their records are not served from the store. */
  failedVendors: string[];
  /** The gateway's warnings and errors up to the sync's end (a resource it could not read, ...). */
  warnings: string[];
}

export interface MemorySample {
  atMillis: number;
  phase: string;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

export interface ScaleRunResult {
  units: number;
  first: SyncFigures & { rentengineRequests: number; readyAfterMillis: number };
  /** The least time RentEngine's documented limit (20 per 5 s, a sliding window) allows for the first sync's requests. */
  floorSeconds: number;
  second: SyncFigures;
  restartReadyMillis: number;
  /** Highest VmRSS over the whole run, and per step. */
  peakRssMb: number;
  peakRssMbBy: { firstSync: number; page: number; restartAndSecondSync: number };
  /** /metrics samples during the first sync, and the one where RSS was highest. */
  memory: MemorySample[];
  /** Null when the page could not be measured (`pageError` says why). */
  page: Measurement | null;
  pageError: string | null;
  /** Response-cache hits during the page series (by /metrics): 0 when every page was executed. */
  pageCacheHits: number;
  pageQuery: string;
}

/** RentEngine allows 20 requests per 5 s in a sliding window: the first 20 at once, then 20 more every 5 s. */
export const RENTENGINE_PER_WINDOW = 20;
export const RENTENGINE_WINDOW_SECONDS = 5;
export const floorSecondsOf = (requests: number): number => Math.max(0, Math.ceil(requests / RENTENGINE_PER_WINDOW) - 1) * RENTENGINE_WINDOW_SECONDS;

export const PAGE_QUERY = `query ScalePage($search: String!, $rentMax: Float!) {
  units(first: 50, filter: {search: $search, rentMax: $rentMax}, orderBy: [{field: RENT, direction: ASC}]) {
    totalCount
    edges { node { id address { formatted } rent { amount currency } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The gateway's settings for every step: one sync at start, no polling, info logs (the sync's summary line). */
const gatewayEnv = (db: string): Record<string, string> => ({
  RENTGRAPH_DB: db,
  RENTGRAPH_SYNC_INTERVAL_SECONDS: '0',
  RENTROLL_POLL_SECONDS: '0',
  LEASEY_POLL_SECONDS: '0',
  STURENTS_POLL_SECONDS: '0',
  DEEPRENT_POLL_SECONDS: '0',
  // With the simulators off the gateway still seeds a world; a small one keeps it out of the figures.
  RENTGRAPH_SIM_UNITS: '1',
  LOG_LEVEL: 'info',
});

/** A sync longer than this is a failure; 100,000 units take about 15 minutes at RentEngine's limit. */
const SYNC_TIMEOUT_MILLIS = 60 * 60_000;

export async function runReadModelAtScale(options: ScaleRunOptions): Promise<ScaleRunResult> {
  const { log } = options;
  const dir = mkdtempSync(join(tmpdir(), 'rentgraph-bench-scale-'));
  const gatewayPort = await freePort();
  const simulators = await startSimulators({ latencyMillis: 0, units: options.units, gatewayPort });
  const settings: GatewaySettings = { simulators, port: gatewayPort, batching: true, env: gatewayEnv(join(dir, 'state.sqlite')) };
  let running: Gateway | null = null;
  let starting: StartingGateway | null = null;
  try {
    log(`  world: ${options.units.toLocaleString('en-US')} rent-roll units; simulators in process ${simulators.pid}`);
    const rentengineBefore = (await simulatorTotals(simulators.origins, simulators.env))['RENTENGINE'] ?? 0;
    const spawned = performance.now();
    starting = spawnGateway(settings);
    const firstRss = sampleRss([starting.pid]);
    const memory = sampleMemory(starting.url, spawned);
    const firstSync = await syncDone(starting, 0);
    const firstCpu = cpuMillis([starting.pid]);
    running = await starting.ready(SYNC_TIMEOUT_MILLIS);
    const readyAfterMillis = performance.now() - spawned;
    const samples = memory.stop();
    const firstPeak = firstRss.stop().peakRssMb;
    const rentengineRequests = ((await simulatorTotals(simulators.origins, simulators.env))['RENTENGINE'] ?? 0) - rentengineBefore;
    const floorSeconds = floorSecondsOf(rentengineRequests);
    log(`  first full sync ${seconds(firstSync.durationMillis)} s (floor ${floorSeconds} s: RentEngine ${rentengineRequests} requests), gateway CPU ${seconds(firstCpu)} s, peak RSS ${Math.round(firstPeak)} MB`);

    if (firstSync.failedVendors.length > 0) log(`  vendors that failed in the first sync: ${firstSync.failedVendors.join(', ')}; ${firstSync.warnings.join(' | ').slice(0, 2000)}`);

    const pageRss = sampleRss([running.pid]);
    let page: Measurement | null = null;
    let pageError: string | null = null;
    let hits = 0;
    try {
      ({ page, hits } = await pageSeries(running, simulators, options));
      log(`  page of 50: ${page.requests} requests, p50 ${page.p50Millis.toFixed(1)} ms, p99 ${page.p99Millis.toFixed(1)} ms, ${page.errors} errors, ${hits} response-cache hits`);
    } catch (error) {
      // The restart and the second sync are still measured.
      pageError = error instanceof Error ? error.message : String(error);
      log(`  page of 50 not measured: ${pageError}`);
    }
    const pagePeak = pageRss.stop().peakRssMb;

    await running.stop();
    running = null;
    const restarted = performance.now();
    starting = spawnGateway(settings);
    const secondRss = sampleRss([starting.pid]);
    running = await starting.ready(90_000);
    const restartReadyMillis = performance.now() - restarted;
    const secondSync = await syncDone(starting, 0);
    const secondCpu = cpuMillis([starting.pid]);
    const secondPeak = secondRss.stop().peakRssMb;
    log(`  restart to ready ${Math.round(restartReadyMillis)} ms; second sync ${seconds(secondSync.durationMillis)} s, CPU ${seconds(secondCpu)} s`);

    return {
      units: options.units,
      first: { ...firstSync, cpuMillis: firstCpu, rentengineRequests, readyAfterMillis },
      floorSeconds,
      second: { ...secondSync, cpuMillis: secondCpu },
      restartReadyMillis,
      peakRssMb: Math.max(firstPeak, pagePeak, secondPeak),
      peakRssMbBy: { firstSync: firstPeak, page: pagePeak, restartAndSecondSync: secondPeak },
      memory: samples,
      page,
      pageError,
      pageCacheHits: hits,
      pageQuery: PAGE_QUERY,
    };
  } finally {
    if (running !== null) await running.stop();
    else if (starting !== null) await starting.stop();
    await simulators.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const SYNC_DONE = /^\{.*"msg":"read-model sync done".*\}$/gm;

/** Waits for the gateway's `skip`+1-th "read-model sync done" log line and reads its figures. */
async function syncDone(gateway: StartingGateway, skip: number): Promise<Omit<SyncFigures, 'cpuMillis'>> {
  const deadline = Date.now() + SYNC_TIMEOUT_MILLIS;
  while (Date.now() < deadline) {
    const lines = gateway.output().match(SYNC_DONE) ?? [];
    const line = lines[skip];
    if (line !== undefined) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      const number = (key: string) => {
        const value = entry[key];
        if (typeof value !== 'number') throw new Error(`expected a number ${key} in the gateway's "read-model sync done" line, got ${line.slice(0, 300)}`);
        return value;
      };
      const failed = entry['failed'];
      return {
        durationMillis: number('durationMillis'), written: number('written'), deleted: number('deleted'), units: number('units'), facts: number('facts'),
        failedVendors: Array.isArray(failed) ? failed.map(String) : [],
        warnings: warningsIn(gateway.output()),
      };
    }
    try {
      process.kill(gateway.pid, 0);
    } catch {
      throw new Error(`the gateway exited before its sync was done; its output:\n${gateway.output().slice(-4000)}`);
    }
    await sleep(250);
  }
  throw new Error(`expected the gateway to log "read-model sync done" within ${SYNC_TIMEOUT_MILLIS / 60_000} minutes; its output:\n${gateway.output().slice(-4000)}`);
}

/** pino's warn (40) and above, as "message: detail" lines. */
function warningsIn(output: string): string[] {
  const lines: string[] = [];
  for (const text of output.split('\n')) {
    if (!text.startsWith('{')) continue;
    try {
      const { level, msg, ...rest } = JSON.parse(text) as { level?: number; msg?: string } & Record<string, unknown>;
      if ((level ?? 0) < 40) continue;
      const detail = ['vendor', 'resource', 'error', 'err'].filter((key) => rest[key] !== undefined).map((key) => `${key} ${JSON.stringify(rest[key]).slice(0, 300)}`).join(', ');
      lines.push(`${msg ?? ''}${detail === '' ? '' : `: ${detail}`}`);
    } catch {
      // Not a log line.
    }
  }
  return lines;
}

/** /metrics (process and V8 figures) and /readyz (the sync's phase) every 2 s until stopped. */
function sampleMemory(url: string, since: number): { stop(): MemorySample[] } {
  const samples: MemorySample[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await sleep(2_000);
      if (stopped) break;
      try {
        const [metrics, ready] = await Promise.all([
          fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.text()),
          fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.json() as Promise<{ checks?: { readModel?: unknown } }>),
        ]);
        const mb = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(metrics)?.[1] ?? Number.NaN) / 1024 ** 2;
        const phase = ready.checks?.readModel;
        // A sample that arrives after stop() belongs to the next step.
        if (stopped) break;
        samples.push({
          atMillis: performance.now() - since,
          phase: typeof phase === 'string' ? phaseOf(phase) : phase === true ? 'done' : 'unknown',
          rssMb: mb('process_resident_memory_bytes'),
          heapUsedMb: mb('nodejs_heap_size_used_bytes'),
          heapTotalMb: mb('nodejs_heap_size_total_bytes'),
          externalMb: mb('nodejs_external_memory_bytes'),
        });
      } catch {
        // Not listening yet, or too busy to answer within 5 s: the next sample tries again.
      }
    }
  })();
  return {
    stop() {
      stopped = true;
      void loop;
      return samples;
    },
  };
}

/** "first sync: identity, reading rentengine:prospects 1200, ..." → "identity (reading)". */
function phaseOf(detail: string): string {
  const match = /^first sync: (reading|identity|facts)(, reading)?/.exec(detail);
  if (match === null) return detail.slice(0, 40);
  return match[1] === 'reading' ? 'reading' : `${match[1]}${match[2] === undefined ? '' : ' (reading)'}`;
}

/**
 * Search words as users type them: the words of the addresses the gateway lists (street
 * names, cities), each request a different word and rent ceiling.
 */
async function searchWords(gateway: Gateway): Promise<string[]> {
  const answer = await graphqlOnce(gateway.url, '{ units(first: 200) { edges { node { address { formatted } } } } }');
  const problem = firstError(answer);
  if (problem !== null) throw new Error(`expected the gateway to list units for the search words, got ${problem}`);
  const edges = (answer.body.data as { units: { edges: { node: { address: { formatted: string } | null } }[] } }).units.edges;
  const words = new Set<string>();
  for (const { node } of edges) for (const word of node.address?.formatted.split(/[\s,]+/) ?? []) if (/^\p{L}{4,}$/u.test(word)) words.add(word);
  if (words.size === 0) throw new Error('expected words of four letters or more in the addresses of the first 200 units, got none');
  return [...words];
}

async function pageSeries(gateway: Gateway, simulators: Simulators, options: ScaleRunOptions): Promise<{ page: Measurement; hits: number }> {
  const words = await searchWords(gateway);
  let sent = 0;
  // (word, ceiling) pairs never repeat, so no answer is a kept one.
  const request = () => {
    const i = sent++;
    return graphqlRequest(PAGE_QUERY, { search: words[i % words.length], rentMax: 5_000 - 3 * Math.floor(i / words.length) });
  };
  const hitsBefore = await cacheHits(gateway.url);
  const page = await measure({ kind: 'rentgraph', pid: gateway.pid, url: gateway.url }, simulators, {
    connections: options.pageClients, durationSeconds: options.pageSeconds, request, accept: noGraphqlErrors,
  });
  return { page, hits: (await cacheHits(gateway.url)) - hitsBefore };
}

async function cacheHits(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^rentgraph_response_cache\{counter="hits"\} (\S+)/m.exec(text)?.[1] ?? 0);
}

const seconds = (millis: number) => (millis / 1000).toFixed(1);
