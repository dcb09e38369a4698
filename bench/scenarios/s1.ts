import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pageFromRentgraph, type Page } from '../lib/answers.js';
import { graphqlRequest, noGraphqlErrors } from '../lib/load.js';
import { measure, warmUp, type Target } from '../lib/measure.js';
import type { Simulators } from '../lib/processes.js';
import { countRounds } from '../lib/probes.js';
import { median } from '../lib/stats.js';
import { summarizeProfile } from '../lib/profile.js';
import { pageSizeFigure, upstreamByPageSize } from '../lib/page-sizes.js';
import { firstError, graphqlOnce, measureSeries, withGateway, withSimulators, type BenchContext, type Scenario, type SeriesLoad } from '../lib/scenario.js';
import type { Figure, Measurement, Series } from '../lib/types.js';
import { figuresOf, LATENCY_MILLIS, MINIMUM_UPSTREAM, SERIES, TWENTY_CLIENTS } from './s1-figures.js';
import { answerFigure, HIVE_QUERY, runPeers, TAILCALL_QUERY } from './s1-peers.js';

/**
 * S1, the rent-roll page as users send it: 100 units with their address, leases and
 * tenants. Baselines in the same run: 20 clients, batching off, graphql-js, 50 ms
 * vendor latency, rentgraph pointed at the rent roll alone, and the peers (Mesh + Hive
 * Gateway, Tailcall) reading the same simulators.
 */
const pageOf = (first: number, extra = '') =>
  `query RentRoll { units(first: ${first}) { edges { node { id ${extra}address { line1 unitNumber city } leases { status start end tenants { name email } } } } } }`;
export const S1_QUERY = pageOf(100);
/** The page with each unit's vendor records, so that its units can be matched with the peers' by rent-roll id (asked once per run). */
const S1_WITH_SOURCES = pageOf(100, 'sources { vendor externalId } ');
const PAGE_SIZES = [10, 50, 100];

export const s1: Scenario = {
  id: 'S1',
  title: 'Rent-roll page: units(first: 100) { address leases { tenants } }',
  async run(ctx) {
    const { options } = ctx;
    const series: Series[] = [];
    const single: Record<string, Measurement> = {};
    const roundsSeen: number[] = [];
    const notes: string[] = [];
    const answers: Figure[] = [];
    let bySize: Figure | null = null;
    const load = (query: string, connections: number) => ({ connections, request: () => graphqlRequest(query), accept: noGraphqlErrors });
    const singleSeconds = options.quick ? 1 : 2;

    for (const latencyMillis of [0, LATENCY_MILLIS]) {
      await withSimulators(latencyMillis, async (stack) => {
        let expected: Page | null = null;
        // --quick leaves out the slowest series (batching off at 50 ms: N+1 calls, each waiting for the vendor).
        for (const batching of options.quick && latencyMillis > 0 ? [true] : [true, false]) {
          // The batching-off baseline measures execution and vendor reads, not kept answers: the cache is off there.
          await withGateway(stack, { batching, responseCache: batching }, async (gateway) => {
            const answer = await graphqlOnce(gateway.url, S1_QUERY);
            const problem = firstError(answer);
            if (problem !== null) throw new Error(`expected the rent-roll page without errors from the gateway, got: ${problem}`);
            if (latencyMillis === 0 && batching) expected = await rentgraphPage(gateway.url);
            const target: Target = { kind: 'rentgraph', pid: gateway.pid, url: gateway.url };
            const key = `${batching ? 'on' : 'off'}-${latencyMillis}`;
            ctx.log(`S1 rentgraph, batching ${batching ? 'on' : 'off'}, ${latencyMillis} ms vendor latency`);
            // One client, one query at a time: the cost of a query alone (no sharing with other requests' calls) and its sequential vendor rounds.
            single[key] = await measure(target, stack.simulators, { ...load(S1_QUERY, 1), durationSeconds: singleSeconds });
            if (latencyMillis > 0 && batching) roundsSeen.push(...(await roundsOf(stack.simulators, gateway.url, latencyMillis)));
            series.push(
              await measureSeries(ctx, `rentgraph · batching ${batching ? 'on' : 'off'} · ${latencyMillis} ms`, target, stack.simulators,
                { batching, latencyMillis, connections: options.connections }, load(S1_QUERY, options.connections), batching ? options.runs : 1),
            );
            if (latencyMillis === 0 && batching && options.connections !== TWENTY_CLIENTS) {
              ctx.log(`S1 rentgraph, batching on, 0 ms vendor latency, ${TWENTY_CLIENTS} clients`);
              series.push(await measureSeries(ctx, SERIES.on0At20, target, stack.simulators,
                { batching, latencyMillis, connections: TWENTY_CLIENTS }, load(S1_QUERY, TWENTY_CLIENTS)));
            }
          });
        }
        if (latencyMillis > 0) return;
        await withGateway(stack, { batching: true, responseCache: false }, async (gateway) => {
          ctx.log('S1 rentgraph, batching on, response cache off (every request executed over the read model), 0 ms vendor latency');
          series.push(await measureSeries(ctx, SERIES.uncached, { kind: 'rentgraph', pid: gateway.pid, url: gateway.url }, stack.simulators,
            { batching: true, responseCache: false, latencyMillis, connections: options.connections }, load(S1_QUERY, options.connections), 1));
        });
        await withGateway(stack, { batching: true, jit: false, responseCache: false }, async (gateway) => {
          ctx.log('S1 rentgraph, batching on, compiled execution off (graphql-js), 0 ms vendor latency');
          series.push(await measureSeries(ctx, SERIES.graphqlJs, { kind: 'rentgraph', pid: gateway.pid, url: gateway.url }, stack.simulators,
            { batching: true, jit: false, responseCache: false, latencyMillis, connections: options.connections }, load(S1_QUERY, options.connections), 1));
        });
        if (expected === null) throw new Error('expected rentgraph\'s answer to the page before the peers run');
        const page: Page = expected;
        // The page the peers can express: the same query to a gateway that knows only the rent roll, as they do.
        await withGateway(stack, { batching: true, vendors: ['RENTROLL'] }, async (gateway) => {
          const own = await graphqlOnce(gateway.url, S1_WITH_SOURCES);
          const figure = answerFigure('rentgraph with the rent roll alone', page, () => pageFromRentgraph(own.body), notes);
          answers.push(figure);
          if (figure.met !== true) return;
          ctx.log('S1 rentgraph with the rent roll alone, 0 ms vendor latency');
          series.push(await measureSeries(ctx, SERIES.rentrollOnly, { kind: 'rentgraph', pid: gateway.pid, url: gateway.url }, stack.simulators,
            { batching: true, vendors: 'RENTROLL', latencyMillis, connections: options.connections }, load(S1_QUERY, options.connections)));
        });
        const peers = await runPeers(ctx, stack.simulators, page);
        series.push(...peers.series);
        answers.push(...peers.figures);
        notes.push(...peers.notes);
        ctx.log('S1 upstream calls by page size');
        bySize = pageSizeFigure(await upstreamByPageSize(stack, pageOf, PAGE_SIZES), MINIMUM_UPSTREAM, 'docs/reference-queries.md, units across every vendor, without lockboxes');
      });
    }

    if (options.profile) await profileHottest(ctx, load(S1_QUERY, options.connections), notes);
    return {
      id: this.id,
      title: this.title,
      request: S1_QUERY,
      status: 'measured',
      series,
      figures: [...figuresOf(series, single, median(roundsSeen), options.connections), ...answers, ...(bySize === null ? [] : [bySize])],
      notes: [...notes, ...NOTES],
    };
  },
};

async function rentgraphPage(url: string): Promise<Page> {
  const answer = await graphqlOnce(url, S1_WITH_SOURCES);
  const problem = firstError(answer);
  if (problem !== null) throw new Error(`expected the rent-roll page with sources without errors from the gateway, got: ${problem}`);
  return pageFromRentgraph(answer.body);
}

/** One run of the hottest series (batching on, 0 ms) under `node --cpu-prof`, summarized. */
async function profileHottest(ctx: BenchContext, load: SeriesLoad, notes: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rentgraph-cpuprof-'));
  try {
    ctx.log('S1 CPU profile: batching on, 0 ms, one run under --cpu-prof');
    await withSimulators(0, (stack) =>
      withGateway(stack, { batching: true, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir] }, async (gateway) => {
        const target: Target = { kind: 'rentgraph', pid: gateway.pid, url: gateway.url };
        await warmUp(target, { ...load, durationSeconds: ctx.options.warmupSeconds }, ctx.options.warmupSeconds);
        await measure(target, stack.simulators, { ...load, durationSeconds: ctx.options.durationSeconds });
      }),
    );
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (file === undefined) notes.push('CPU profile: the gateway wrote no .cpuprofile on exit.');
    else ctx.setProfile(summarizeProfile(join(dir, file), 'S1 · rentgraph · batching on · 0 ms (start-up, warm-up and one measured run)'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sequential vendor rounds of the page, five times, each query alone (arrivals more than half the latency apart start a new round). */
async function roundsOf(simulators: Simulators, url: string, latencyMillis: number): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < 5; i++) {
    const { rounds } = await countRounds(simulators.origins, simulators.env, async () => {
      const problem = firstError(await graphqlOnce(url, S1_QUERY));
      if (problem !== null) throw new Error(`expected the rent-roll page without errors, got: ${problem}`);
    }, latencyMillis / 2);
    seen.push(rounds);
  }
  return seen;
}

const NOTES = [
  'rentgraph answers from its read model: the gateway\'s read-model sync keeps every vendor record in its store (the bench waits for the first one), ' +
    'so once synced the page costs no vendor call. Whole answers are kept until a write changes what they read (src/cache/): a repeated page is answered ' +
    'without being executed. "response cache off" executes every request over the store; the batching-off and graphql-js baselines run with the cache off ' +
    'too, since they measure execution and vendor reads.',
  'S1 is the page as users send it: each unit\'s address as well as its leases and tenants. rentgraph merges the address from every vendor record of the unit ' +
    '(the rent roll first); read live, the page also reads RentEngine units by id (20 requests per 5 s, enforced by the simulator and by the gateway\'s own limiter), ' +
    'Leasey properties and deep.rent protocols: at least 7 upstream calls for a query alone (rent roll 2 + 2, RentEngine 1, Leasey 1, deep.rent 1), the bound the call figures are held to.',
  'Repeated operations run as compiled code (graphql-jit, src/execution/jit.ts); the graphql-js series (RENTGRAPH_JIT=off) runs the same page interpreted, one run, for the ratio.',
  'The rent roll has no id filter and no paging: the page needs GET /units and GET /leases, each with isActive=true and =false. ' +
    'The sequential rounds are counted from the simulators\' request arrival times for a query alone at 50 ms, not assumed.',
  'Batching off (RENTGRAPH_BATCHING=off) turns off DataLoader batching and per-request caches, so every unit asks for its records itself ' +
    '("vendor reads asked for by resolvers", from the gateway\'s /metrics `calls`), RentEngine\'s by-id reads included, which its rate limit then holds back. ' +
    'The HTTP layer still joins identical GETs already in flight, so the simulators see fewer calls than the resolvers asked for.',
  'Under concurrent load the HTTP layer also joins identical GETs of different requests, so upstream calls per query fall below the single-query minimum, ' +
    'and a query may wait less than a full vendor round; throughput can then exceed the bound computed for a query that makes its own calls.',
  '"rentgraph · rent roll only" is the same query to a gateway configured with the rent roll alone (the other vendors OFF): the page the peers can express, ' +
    'answered from the same data they read. Its answer is checked against the full gateway\'s before it is measured.',
  `The peers answer the rent-roll page in their own schemas, checked once per run against rentgraph's answer (units by rent-roll id, each unit's address line1, unitNumber and city, ` +
    'each lease\'s status, start, end and tenants\' names and emails); a peer whose answer differs is not measured. ' +
    'What no peer can express is the unit across vendors: a RentEngine unit has its own id and is the same physical unit as a rent-roll unit only by its address ' +
    '(normalized, matched by postal code, street and unit; src/identity/), which neither Mesh\'s config nor Tailcall\'s can state, so their units and addresses are the rent roll\'s alone.',
  `Mesh + Hive Gateway (bench/peer: Mesh compose over the simulator's /openapi.json, served by Hive Gateway, one process) answers \`${HIVE_QUERY}\`: ` +
    'both unit lists as two root fields, and Unit.leases by a programmatic resolver that reads the three lease lists (Current, Future, Past by the vendor\'s status filter) ' +
    'once per request through the in-context SDK (memoized on the request context), gives each lease the status of its list and keeps the unit\'s own. ' +
    'Mesh\'s batched @resolveTo (keyField + keysArg) cannot be used: GET /leases takes no list of unit ids. Its minimum is 5 upstream calls per page.',
  `Tailcall 1.0.0 (bench/peer/tailcall/rentroll.graphql, npm @tailcallhq/core-linux-x64-gnu, its default worker threads, one per core) answers \`${TAILCALL_QUERY}\`: ` +
    'the two unit lists as one root field with an argument, the address from the unit row (@expr, fields renamed with @modify), and one lease field per status, ' +
    'each an @http with batchKey ["unitID"] and dedupe: one GET /leases per status for every unit waiting (across concurrent requests too), ' +
    'sent as `?unitID=1001&isActive=true&status=Current&unitID=1002&…`, grouped back by each lease\'s unitID. Its minimum is 5 upstream calls per page. ' +
    'The rent roll documents no unitID parameter, and neither its document nor ASSUMPTIONS.md says what it does with unknown ones; its simulator ignores them, so the batch returns every lease ' +
    'of the status and Tailcall\'s grouping keeps each unit\'s own. Against a rent roll that refused unknown parameters (as RentEngine does) every lease field would fail: ' +
    'Tailcall 1.0.0 takes the batch key from the request URL (an onRequest hook that removed it would break the grouping), ' +
    'and without batchKey each unit would get the whole list. The cached series adds bench/peer/tailcall/cache.graphql (@cache 60 s on every vendor read), ' +
    'so its answers may be a minute old where rentgraph\'s are read for the query.',
  'Tailcall 1.0.0 tells batched requests apart by a 64-bit FxHash of their URL (its DataLoaderRequest compares hashes for equality) and keys its dedupe by a like hash. ' +
    'The page\'s lease requests differ only in a four-digit unit id, and for many of the ports the rent roll may listen on two of them hash alike, ' +
    'so one unit is handed another unit\'s leases (in one run units 1094 and 1095 came back with the leases of units 1019 and 1018; ' +
    'with the simulator on 15 chosen ports, 7 gave wrong pages). The answer check then finds the difference and Tailcall is not measured in that run; ' +
    'whether a run is hit depends on the port the simulator was given.',
];
