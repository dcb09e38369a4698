import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphqlRequest, noGraphqlErrors } from '../lib/load.js';
import { measure, warmUp, type Target } from '../lib/measure.js';
import { freePort, type Simulators } from '../lib/processes.js';
import { countRounds } from '../lib/probes.js';
import { median, ratio } from '../lib/stats.js';
import { preparePeer, startPeer } from '../lib/peer.js';
import { summarizeProfile } from '../lib/profile.js';
import { pageSizeFigure, upstreamByPageSize } from '../lib/page-sizes.js';
import { firstError, graphqlOnce, measureSeries, withGateway, withSimulators, type BenchContext, type Scenario, type SeriesLoad } from '../lib/scenario.js';
import type { Figure, Measurement, Series } from '../lib/types.js';

/**
 * S1, the rent-roll page: 100 units with their leases and tenants. Baselines in the
 * same run: batching off (RENTGRAPH_BATCHING=off), 50 ms vendor latency, and the peer
 * (Mesh + Hive Gateway) reading the same simulator.
 */
const pageOf = (first: number) => `query RentRoll { units(first: ${first}) { edges { node { id leases { id start end status tenants { id name email phone } } } } } }`;
export const S1_QUERY = pageOf(100);
const PAGE_SIZES = [10, 50, 100];

const PEER_UNIT_FIELDS = '... on Unit { ID leases { ID leaseStart leaseEnd tenants { ID name email phoneNumber } } }';
/** The same page from the peer: the rent roll's two unit lists (96 active + 4 inactive = the 100 units), each unit's leases and tenants. */
export const S1_PEER_QUERY = `query RentRoll { active: getUnits(isActive: TRUE) { ${PEER_UNIT_FIELDS} } inactive: getUnits(isActive: FALSE) { ${PEER_UNIT_FIELDS} } }`;

const LATENCY_MILLIS = 50;
/** Most upstream calls a batched rent-roll page should take: GET /units and GET /leases, each once per isActive value (no id filter, no paging). */
const MINIMUM_UPSTREAM = 4;

export const s1: Scenario = {
  id: 'S1',
  title: 'Rent-roll page: units(first: 100) { leases { tenants } }',
  async run(ctx) {
    const { options } = ctx;
    const series: Series[] = [];
    const single: Record<string, Measurement> = {};
    const roundsSeen: number[] = [];
    const notes: string[] = [];
    let bySize: Figure | null = null;
    const load = (query: string, connections: number) => ({ connections, request: () => graphqlRequest(query), accept: noGraphqlErrors });
    const singleSeconds = options.quick ? 1 : 2;

    for (const latencyMillis of [0, LATENCY_MILLIS]) {
      await withSimulators(latencyMillis, async (stack) => {
        // --quick leaves out the slowest series (batching off at 50 ms: N+1 calls, each waiting for the vendor).
        for (const batching of options.quick && latencyMillis > 0 ? [true] : [true, false]) {
          await withGateway(stack, { batching }, async (gateway) => {
            const answer = await graphqlOnce(gateway.url, S1_QUERY);
            const problem = firstError(answer);
            if (problem !== null) throw new Error(`expected the rent-roll page without errors from the gateway, got: ${problem}`);
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
          });
        }
        if (latencyMillis === 0) {
          await withGateway(stack, { batching: true, jit: false }, async (gateway) => {
            ctx.log('S1 rentgraph, batching on, compiled execution off (graphql-js), 0 ms vendor latency');
            series.push(await measureSeries(ctx, 'rentgraph · graphql-js (RENTGRAPH_JIT=off) · 0 ms', { kind: 'rentgraph', pid: gateway.pid, url: gateway.url }, stack.simulators,
              { batching: true, jit: false, latencyMillis, connections: options.connections }, load(S1_QUERY, options.connections), 1));
          });
          const peerSeries = await runPeer(ctx, stack.simulators, load(S1_PEER_QUERY, options.connections), notes);
          if (peerSeries !== null) series.push(peerSeries);
          ctx.log('S1 upstream calls by page size');
          bySize = pageSizeFigure(await upstreamByPageSize(stack, pageOf, PAGE_SIZES), MINIMUM_UPSTREAM, 'the read-graph minimum: each rent-roll list once');
        }
      });
    }

    if (options.profile) await profileHottest(ctx, load(S1_QUERY, options.connections), notes);
    return {
      id: this.id,
      title: this.title,
      request: S1_QUERY,
      status: 'measured',
      series,
      figures: [...figuresOf(series, single, median(roundsSeen), options.connections), ...(bySize === null ? [] : [bySize])],
      notes: [...notes, ...NOTES],
    };
  },
};

async function runPeer(ctx: BenchContext, simulators: Simulators, load: SeriesLoad, notes: string[]): Promise<Series | null> {
  const reason = await preparePeer(ctx.log);
  if (reason !== null) {
    notes.push(`Peer skipped: ${reason}`);
    ctx.log(`S1 peer skipped: ${reason}`);
    return null;
  }
  let peer;
  try {
    peer = await startPeer(simulators, await freePort());
  } catch (error) {
    notes.push(`Peer skipped: ${String(error).slice(0, 400)}`);
    ctx.log(`S1 peer skipped: ${String(error)}`);
    return null;
  }
  try {
    const answer = await graphqlOnce(peer.url, S1_PEER_QUERY);
    const problem = firstError(answer);
    if (problem !== null) {
      notes.push(`Peer skipped: its answer to the rent-roll page had errors: ${problem}`);
      return null;
    }
    ctx.log('S1 peer (GraphQL Mesh + Hive Gateway), 0 ms vendor latency');
    return await measureSeries(ctx, 'peer (Mesh + Hive Gateway) · 0 ms', { kind: 'peer', pid: peer.pid, url: peer.url }, simulators,
      { latencyMillis: 0, connections: ctx.options.connections }, load);
  } finally {
    await peer.stop();
  }
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

function figuresOf(series: readonly Series[], single: Record<string, Measurement>, measuredRounds: number, connections: number): Figure[] {
  const find = (name: string) => series.find((s) => s.name === name)?.median;
  const on0 = find('rentgraph · batching on · 0 ms');
  const off0 = find('rentgraph · batching off · 0 ms');
  const on50 = find(`rentgraph · batching on · ${LATENCY_MILLIS} ms`);
  const off50 = find(`rentgraph · batching off · ${LATENCY_MILLIS} ms`);
  const peer = find('peer (Mesh + Hive Gateway) · 0 ms');
  const interpreted = find('rentgraph · graphql-js (RENTGRAPH_JIT=off) · 0 ms');
  const figures: Figure[] = [];
  const alone = single['on-0'];
  if (alone !== undefined) {
    figures.push({ name: 'Upstream calls per query, batching on, one client', value: alone.upstreamPerRequest, target: `<= ${MINIMUM_UPSTREAM} (each whole list once)`, met: alone.upstreamPerRequest <= MINIMUM_UPSTREAM + 1e-9 });
  }
  if (on0 !== undefined) figures.push({ name: `Upstream calls per query, batching on, ${connections} clients`, value: on0.upstreamPerRequest, target: `<= ${MINIMUM_UPSTREAM}`, met: on0.upstreamPerRequest <= MINIMUM_UPSTREAM + 1e-9 });
  const aloneOff = single['off-0'];
  if (alone !== undefined && aloneOff !== undefined) {
    figures.push({ name: 'Upstream calls per query, batching off, one client', value: aloneOff.upstreamPerRequest });
    if (alone.vendorCallsPerRequest !== null && aloneOff.vendorCallsPerRequest !== null) {
      figures.push({ name: 'Vendor reads asked for by resolvers per query, batching off / on', value: `${round(aloneOff.vendorCallsPerRequest)} / ${round(alone.vendorCallsPerRequest)}` });
      figures.push({ name: 'N+1 ratio (vendor reads, batching off ÷ on)', value: aloneOff.vendorCallsPerRequest / alone.vendorCallsPerRequest, unit: '×' });
    }
  }
  if (on0 !== undefined && off0 !== undefined) {
    figures.push(ratio('Throughput ratio, batching on ÷ off, 0 ms', on0.rps, off0.rps));
    figures.push({ name: 'CPU per request ratio, batching off ÷ on, 0 ms', value: off0.cpuMillisPerRequest / on0.cpuMillisPerRequest, unit: '×' });
  }
  if (on0 !== undefined && interpreted !== undefined) {
    figures.push(ratio('Throughput ratio, compiled ÷ graphql-js execution, 0 ms', on0.rps, interpreted.rps));
    figures.push({ name: 'CPU per request ratio, graphql-js ÷ compiled execution, 0 ms', value: interpreted.cpuMillisPerRequest / on0.cpuMillisPerRequest, unit: '×' });
  }
  if (on50 !== undefined && off50 !== undefined) figures.push(ratio(`Throughput ratio, batching on ÷ off, ${LATENCY_MILLIS} ms`, on50.rps, off50.rps));
  const alone50 = single[`on-${LATENCY_MILLIS}`];
  if (alone50 !== undefined && on50 !== undefined) {
    // Counted from the simulators' request arrival times; the latency of a query alone is shown beside it as a check.
    const rounds = Number.isFinite(measuredRounds) && measuredRounds > 0 ? measuredRounds : Math.max(1, Math.round(alone50.p50Millis / LATENCY_MILLIS));
    const bound = connections / ((rounds * LATENCY_MILLIS) / 1000);
    figures.push({ name: `Sequential vendor rounds per page (counted from upstream arrivals; one query alone at ${LATENCY_MILLIS} ms takes p50 ${alone50.p50Millis.toFixed(1)} ms)`, value: rounds });
    figures.push({ name: `Bound ${connections} / (${rounds} × ${LATENCY_MILLIS} ms)`, value: bound, unit: 'req/s' });
    figures.push({ name: `Share of the bound reached at ${LATENCY_MILLIS} ms`, value: (100 * on50.rps) / bound, unit: '%', target: '>= 90 %', met: on50.rps >= 0.9 * bound });
  }
  if (on0 !== undefined && peer !== undefined) {
    figures.push({ name: 'Throughput ratio, rentgraph ÷ peer, 0 ms', value: on0.rps / peer.rps, unit: '×', target: '>= 2×', met: on0.rps >= 2 * peer.rps });
    // CPU per request is measured per process and suffers less from other work on the machine than req/s does.
    figures.push({ name: 'CPU per request ratio, peer ÷ rentgraph, 0 ms (the steadier comparison on a busy machine)', value: peer.cpuMillisPerRequest / on0.cpuMillisPerRequest, unit: '×' });
    figures.push({ name: 'Upstream calls per query, peer', value: peer.upstreamPerRequest });
  }
  return figures;
}

const round = (n: number) => Number(n.toPrecision(3));

const NOTES = [
  'Repeated operations run as compiled code (graphql-jit, src/execution/jit.ts); the graphql-js series (RENTGRAPH_JIT=off) runs the same page interpreted, one run, for the ratio.',
  'The rent roll has no id filter and no paging: the page needs GET /leases with isActive=true and =false, and GET /units likewise when the units are paged from the vendor ' +
    'rather than from the identity index, so at most 4 upstream calls (2 when the index pages the units). ' +
    'The sequential rounds are counted from the simulators\' request arrival times for a query alone at 50 ms, not assumed.',
  'Batching off (RENTGRAPH_BATCHING=off) turns off DataLoader batching and per-request caches, so every unit asks for the lease lists itself ' +
    '("vendor reads asked for by resolvers", from the gateway\'s /metrics `calls`). The HTTP layer still joins identical GETs already in flight, ' +
    'so the simulators see far fewer calls than the resolvers asked for; the N+1 cost then shows as CPU (each unit maps the whole lease list) more than as upstream calls.',
  'Under concurrent load the HTTP layer also joins identical GETs of different requests, so upstream calls per query fall below the single-query minimum, ' +
    'and a query may wait less than a full vendor round; throughput can then exceed the bound computed for a query that makes its own calls.',
  'The peer (bench/peer: GraphQL Mesh compose over the simulator\'s /openapi.json, served by Hive Gateway, one process) answers the same page: ' +
    'both unit lists as two root fields, and Unit.leases by a programmatic resolver that reads both lease lists once per request through the in-context SDK ' +
    '(memoized on the request context) and keeps the unit\'s own leases. Mesh\'s batched @resolveTo (keyField + keysArg) cannot be used: GET /leases takes no list of unit ids, ' +
    'and a plain @resolveTo would call the vendor once per unit and hand every unit every lease. Its minimum is therefore also 4 upstream calls per page.',
];
