import { ratio } from '../lib/stats.js';
import type { Figure, Measurement, Series } from '../lib/types.js';
import { PEER_SERIES } from './s1-peers.js';

/** S1's derived figures: upstream calls against the page's minimum, ratios between series of the same run, and the targets. */
export const LATENCY_MILLIS = 50;
/** The client count of the latency target. */
export const TWENTY_CLIENTS = 20;
/**
 * Fewest upstream calls of the page alone (docs/reference-queries.md, units across every
 * vendor, without lockboxes): rent roll GET /units and GET /leases, each with
 * isActive=true and =false, RentEngine units by id, Leasey properties, deep.rent protocols.
 */
export const MINIMUM_UPSTREAM = 7;

export const SERIES = {
  on0: 'rentgraph · batching on · 0 ms',
  on0At20: `rentgraph · batching on · 0 ms · ${TWENTY_CLIENTS} clients`,
  off0: 'rentgraph · batching off · 0 ms',
  uncached: 'rentgraph · response cache off · 0 ms',
  graphqlJs: 'rentgraph · graphql-js (RENTGRAPH_JIT=off) · 0 ms',
  rentrollOnly: 'rentgraph · rent roll only · 0 ms',
  on50: `rentgraph · batching on · ${LATENCY_MILLIS} ms`,
  off50: `rentgraph · batching off · ${LATENCY_MILLIS} ms`,
} as const;

const round = (n: number) => Number(n.toPrecision(3));

/** The medians of the series called `name`, when it ran. */
const finder = (series: readonly Series[]) => (name: string) => series.find((s) => s.name === name)?.median;

export function figuresOf(series: readonly Series[], single: Record<string, Measurement>, measuredRounds: number, connections: number): Figure[] {
  const find = finder(series);
  const on0 = find(SERIES.on0);
  const off0 = find(SERIES.off0);
  const on50 = find(SERIES.on50);
  const off50 = find(SERIES.off50);
  const interpreted = find(SERIES.graphqlJs);
  const figures: Figure[] = [];
  const alone = single['on-0'];
  if (alone !== undefined) {
    figures.push({ name: 'Upstream calls per query, batching on, one client', value: alone.upstreamPerRequest, target: `<= ${MINIMUM_UPSTREAM} (each vendor list once)`, met: alone.upstreamPerRequest <= MINIMUM_UPSTREAM + 1e-9 });
  }
  if (on0 !== undefined) figures.push({ name: `Upstream calls per query, batching on, ${connections} clients`, value: on0.upstreamPerRequest, target: `<= ${MINIMUM_UPSTREAM}`, met: on0.upstreamPerRequest <= MINIMUM_UPSTREAM + 1e-9 });
  const at20 = connections === TWENTY_CLIENTS ? on0 : find(SERIES.on0At20);
  if (at20 !== undefined) figures.push({ name: `p99 latency, batching on, ${TWENTY_CLIENTS} clients, 0 ms`, value: at20.p99Millis, unit: 'ms', target: '< 100 ms', met: at20.p99Millis < 100 });
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
  const uncached = find(SERIES.uncached);
  if (on0 !== undefined && uncached !== undefined) {
    figures.push(ratio('Throughput ratio, response cache on ÷ off, 0 ms', on0.rps, uncached.rps));
    figures.push({ name: 'CPU per request ratio, response cache off ÷ on, 0 ms', value: uncached.cpuMillisPerRequest / on0.cpuMillisPerRequest, unit: '×' });
  }
  if (uncached !== undefined && interpreted !== undefined) {
    // Both with the response cache off: execution against execution.
    figures.push(ratio('Throughput ratio, compiled ÷ graphql-js execution, 0 ms', uncached.rps, interpreted.rps));
    figures.push({ name: 'CPU per request ratio, graphql-js ÷ compiled execution, 0 ms', value: interpreted.cpuMillisPerRequest / uncached.cpuMillisPerRequest, unit: '×' });
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
  return [...figures, ...peerFigures(series, connections)];
}

/** rentgraph against the peers, each ratio between two series of this run at the same client count. */
function peerFigures(series: readonly Series[], connections: number): Figure[] {
  const find = finder(series);
  const on0 = find(SERIES.on0);
  const rentrollOnly = find(SERIES.rentrollOnly);
  const hive = find(PEER_SERIES.hive);
  const tailcall = find(PEER_SERIES.tailcall);
  const cached = find(PEER_SERIES.tailcallCached);
  const figures: Figure[] = [];
  if (on0 !== undefined && hive !== undefined) {
    figures.push({ name: `Throughput ratio, rentgraph (S1) ÷ Mesh + Hive Gateway (the rent-roll page), ${connections} clients, 0 ms`, value: on0.rps / hive.rps, unit: '×', target: '>= 5×', met: on0.rps >= 5 * hive.rps });
    // CPU per request is measured per process and suffers less from other work on the machine than req/s does.
    figures.push({ name: 'CPU per request ratio, Mesh + Hive Gateway ÷ rentgraph (S1), 0 ms (the steadier comparison on a busy machine)', value: hive.cpuMillisPerRequest / on0.cpuMillisPerRequest, unit: '×' });
    figures.push({ name: 'Upstream calls per query, Mesh + Hive Gateway', value: hive.upstreamPerRequest });
  }
  if (tailcall !== undefined) {
    if (rentrollOnly !== undefined) {
      figures.push({ name: `Throughput ratio, rentgraph with the rent roll alone ÷ Tailcall, the rent-roll page, ${connections} clients, 0 ms`, value: rentrollOnly.rps / tailcall.rps, unit: '×', target: '>= 1×', met: rentrollOnly.rps >= tailcall.rps });
      figures.push({ name: 'CPU per request ratio, Tailcall ÷ rentgraph with the rent roll alone, the rent-roll page, 0 ms', value: tailcall.cpuMillisPerRequest / rentrollOnly.cpuMillisPerRequest, unit: '×' });
    }
    if (on0 !== undefined) {
      figures.push({ name: `Throughput ratio, rentgraph (S1) ÷ Tailcall (its part of S1: the rent-roll page), ${connections} clients, 0 ms`, value: on0.rps / tailcall.rps, unit: '×', target: '>= 1×', met: on0.rps >= tailcall.rps });
    }
    figures.push({ name: 'Upstream calls per query, Tailcall', value: tailcall.upstreamPerRequest });
  }
  if (cached !== undefined) {
    if (rentrollOnly !== undefined) figures.push({ name: `Throughput ratio, rentgraph with the rent roll alone ÷ Tailcall with @cache 60 s, ${connections} clients, 0 ms`, value: rentrollOnly.rps / cached.rps, unit: '×' });
    figures.push({ name: 'Upstream calls per query, Tailcall with @cache 60 s', value: cached.upstreamPerRequest });
  }
  return figures;
}
