import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { fanOut, Histogram, type FanOutResult } from '../lib/fan-out.js';
import { graphqlOnce, skipped, withGateway, withSimulators, type BenchContext, type Scenario } from '../lib/scenario.js';
import type { Gateway, Simulators } from '../lib/processes.js';
import { median, medianOf } from '../lib/stats.js';
import type { Figure, Series } from '../lib/types.js';
import { openSubscribers, openSubscribersOver } from '../lib/ws-subscribers.js';
import { webhookRequest } from './s4.js';

/**
 * S5, subscription fan-out: N graphql-ws subscribers to `leasingEvents` on one
 * gateway; RentEngine leasing-event webhooks go in at a fixed rate, each carrying a
 * mark in `notes`; delivery latency is from sending a webhook to a subscriber
 * receiving its event.
 *
 * Two series. The main one is a realistic fan-out at the target's size (50,000
 * subscribers at 200 events/s; 1,000 at 50/s in quick mode): each subscriber follows one unit
 * (`filter: {unitId}`); the units the gateway lists with a RentEngine record (up to
 * 100; the bench world has 59) share the subscribers and the events evenly, so an
 * event reaches subscribers / units of them. The second has every subscriber receive
 * every event (no filter), at a rate the machine can carry: at the issue's figures
 * that would be 10,000 × 200 = 2,000,000 messages a second, which the notes price
 * with the per-message cost this series measures.
 */
const NOTICE = 'cursor event { id eventType notes occurredAt }';
export const BY_UNIT = `subscription Bench($unitId: ID!) { leasingEvents(filter: {unitId: $unitId}) { ${NOTICE} } }`;
const EVERY = `subscription Bench { leasingEvents { ${NOTICE} } }`;
const UNITS_WANTED = 100;
const UNITS_QUERY = `{ units(first: ${UNITS_WANTED}, filter: {vendor: RENTENGINE}) { edges { node { id sources { vendor externalId } } } } }`;
export const PER_SOCKET = 100;
/** A webhook not acknowledged within this counts as failed (and its deliveries as missed). */
const POST_TIMEOUT_MILLIS = 10_000;
/** After the sending window: how long to wait for missing acknowledgements and deliveries. */
const TAIL_MILLIS = 10_000;
/** The mark in a delivery: S5's webhooks note `s5 <mark>`, S6's fan-out over replicas `s6 <mark>`. */
export const MARK = /"notes":"s[56] ([^"]+)"/;
/** The issue's all-to-all load: every one of 10,000 subscribers receives each of 200 events a second. */
const ISSUE_ALL_TO_ALL_PER_SECOND = 10_000 * 200;
/** Subscribers one instance must carry at 200 events/s (delivery p99 < 100 ms, RSS < 1 GB). */
const TARGET_SUBSCRIBERS = 50_000;
const TARGET_RSS_MB = 1024;

export interface Shape {
  key: 'by-unit' | 'every';
  subscribers: number;
  eventsPerSecond: number;
}

/** A unit the main series follows: its global id and the RentEngine unit id its webhooks carry. */
export interface BenchUnit {
  id: string;
  rentengineId: string;
}

export type Post = (mark: string, unit: BenchUnit | null) => Promise<number>;

export const s5: Scenario = {
  id: 'S5',
  title: 'Subscription fan-out: subscribers, events per second, delivery latency',
  async run(ctx) {
    const { quick } = ctx.options;
    const byUnit: Shape = { key: 'by-unit', subscribers: quick ? 1_000 : TARGET_SUBSCRIBERS, eventsPerSecond: quick ? 50 : 200 };
    const every: Shape = { key: 'every', subscribers: quick ? 1_000 : 10_000, eventsPerSecond: 5 };
    const request = `${BY_UNIT} × ${byUnit.subscribers.toLocaleString('en-US')} subscribers over ${UNITS_WANTED} units, ${byUnit.eventsPerSecond} RentEngine leasing-event webhooks/s; ` +
      `then ${EVERY} × ${every.subscribers.toLocaleString('en-US')} at ${every.eventsPerSecond}/s`;
    return withSimulators(0, (stack) =>
      withGateway(stack, { batching: true }, async (gateway) => {
        const token = stack.simulators.env['RENTENGINE_WEBHOOK_TOKEN'];
        if (token === undefined) return skipped(this, request, 'the simulators printed no RENTENGINE_WEBHOOK_TOKEN');
        const run = randomUUID().slice(0, 8);
        const pool = new Pool(gateway.url, { connections: 50 });
        const sentAt = new Map<string, number>();
        let seq = 0;
        const post: Post = async (mark, unit) => {
          const spec = webhookRequest(token, run, seq++, `s5 ${mark}`);
          const body = unit === null ? spec.body : withUnit(spec.body ?? '{}', unit.rentengineId);
          sentAt.set(mark, performance.now());
          const response = await pool.request({ method: 'POST', path: spec.path, headers: spec.headers ?? {}, body: body ?? null, headersTimeout: POST_TIMEOUT_MILLIS, bodyTimeout: POST_TIMEOUT_MILLIS });
          await response.body.text();
          return response.statusCode;
        };
        try {
          const status = await post('probe', null);
          if (status === 404) return skipped(this, request, 'the gateway answers 404 to POST /webhooks/rentengine: webhook intake (the source of leasing events) is not there yet');
          const refused = await probeSubscription(gateway, post);
          if (refused !== null) return skipped(this, request, refused);

          const units = await benchUnits(gateway);
          if (units.length === 0) return skipped(this, request, 'the gateway lists no unit with a RentEngine record, so no leasing event can name one');
          ctx.log(`S5 ${units.length} units with a RentEngine record to spread subscribers and events over`);
          const main = await measureShape(ctx, byUnit, units, [gateway], stack.simulators, post, sentAt);
          const wide = await measureShape(ctx, every, [], [gateway], stack.simulators, post, sentAt);
          return {
            id: this.id, title: this.title, request, status: 'measured' as const,
            series: [main.series, wide.series],
            figures: [...mainFigures(main), ...everyFigures(wide)],
            notes: notes(main, wide, units.length),
          };
        } finally {
          await pool.close();
        }
      }),
    );
  },
};

/** The RentEngine unit id put into a webhook record, as RentEngine sends it (an integer). */
export function withUnit(body: string, rentengineId: string): string {
  const parsed = JSON.parse(body) as { record: Record<string, unknown> };
  parsed.record['unit_id'] = /^\d+$/.test(rentengineId) ? Number(rentengineId) : rentengineId;
  return JSON.stringify(parsed);
}

/** One subscriber first: a schema without the field, or a stream that delivers nothing, skips the scenario. */
async function probeSubscription(gateway: Gateway, post: Post): Promise<string | null> {
  let delivered = false;
  const single = await openSubscribers({ url: wsUrl(gateway), subscribers: 1, perSocket: 1, query: EVERY, marker: MARK, onDelivery: () => (delivered = true) });
  try {
    await sleep(300);
    if (single.problem() !== null) return `the gateway refused the leasingEvents subscription: ${single.problem()}`;
    await post('probe-2', null);
    for (let i = 0; i < 50 && !delivered; i++) await sleep(100);
    return delivered ? null : 'a leasingEvents subscriber received nothing within 5 s of an acknowledged webhook';
  } finally {
    await single.close();
  }
}

export async function benchUnits(gateway: Gateway): Promise<BenchUnit[]> {
  const answer = await graphqlOnce(gateway.url, UNITS_QUERY);
  const data = answer.body.data as { units?: { edges: { node: { id: string; sources: { vendor: string; externalId: string }[] } }[] } } | undefined;
  const units: BenchUnit[] = [];
  for (const { node } of data?.units?.edges ?? []) {
    const rentengineId = node.sources.find((source) => source.vendor === 'RENTENGINE')?.externalId;
    if (rentengineId !== undefined) units.push({ id: node.id, rentengineId });
  }
  return units;
}

export const wsUrl = (gateway: Gateway) => `${gateway.url.replace('http', 'ws')}/graphql`;

export interface ShapeResult {
  shape: Shape;
  series: Series;
  live: number;
  ready: number;
  failedSockets: number;
  runs: FanOutResult[];
}

/**
 * Opens the shape's subscribers (spread evenly over `gateways`, in contiguous ranges of
 * indexes), waits until each got a first event, then measures `options.runs` runs.
 */
export async function measureShape(ctx: BenchContext, shape: Shape, units: readonly BenchUnit[], gateways: readonly Gateway[], simulators: Simulators, post: Post, sentAt: Map<string, number>): Promise<ShapeResult> {
  const { options } = ctx;
  const unitOf = (index: number): BenchUnit | null => (units.length === 0 ? null : units[index % units.length]!);
  let current = { prefix: '', histogram: new Histogram() };
  let readyDelivered = 0;
  const scenario = gateways.length > 1 ? 'S6' : 'S5';
  ctx.log(`${scenario} ${shape.key}: opening ${shape.subscribers} subscribers over ${Math.ceil(shape.subscribers / PER_SOCKET)} sockets${gateways.length > 1 ? ` to ${gateways.length} gateways` : ''}`);
  const subscribers = await openSubscribersOver(gateways.map(wsUrl), shape.subscribers, {
    perSocket: PER_SOCKET, marker: MARK,
    query: units.length === 0 ? EVERY : BY_UNIT,
    ...(units.length > 0 && { variables: (index: number) => ({ unitId: unitOf(index)!.id }) }),
    onDelivery: (mark, at) => {
      if (mark.startsWith(`${shape.key}-ready`)) readyDelivered++;
      if (!mark.startsWith(current.prefix)) return;
      const sent = sentAt.get(mark);
      if (sent !== undefined) current.histogram.add(at - sent);
    },
  });
  try {
    // Live subscribers per unit: what an event about that unit should reach.
    const perUnit = new Array<number>(Math.max(1, units.length)).fill(0);
    for (const index of subscribers.liveIndexes()) perUnit[units.length === 0 ? 0 : index % units.length]!++;
    // Ready when a first event reached every live subscriber (subscriptions start asynchronously on the server).
    // An overwhelmed gateway may not acknowledge even these in time; the runs below then show it.
    await Promise.all(perUnit.map((_, u) => post(`${shape.key}-ready-${u}`, unitOf(u)).catch(() => 0)));
    for (let i = 0; i < 300 && readyDelivered < subscribers.live; i++) await sleep(100);
    const ready = readyDelivered;
    ctx.log(`${scenario} ${shape.key}: ${ready} of ${subscribers.live} subscribers received a first event`);

    const spread = gateways.length > 1 ? ` · ${gateways.length} replicas` : '';
    const name = `rentgraph · ${shape.subscribers.toLocaleString('en-US')} subscribers${spread} · ${shape.key === 'by-unit' ? `one of ${units.length} units each` : 'every event'} · ${shape.eventsPerSecond} events/s`;
    const runs: FanOutResult[] = [];
    for (let r = 0; r < options.runs; r++) {
      current = { prefix: `${shape.key}-${r}-`, histogram: new Histogram() };
      const prefix = current.prefix;
      const result = await fanOut({
        durationSeconds: options.durationSeconds, eventsPerSecond: shape.eventsPerSecond, histogram: current.histogram, tailMillis: TAIL_MILLIS,
        post: (i) => post(`${prefix}${i}`, unitOf(i)),
        expectedDeliveries: (i) => perUnit[units.length === 0 ? 0 : i % units.length]!,
        gatewayPids: gateways.map((gateway) => gateway.pid), simulators,
      });
      runs.push(result);
      const m = result.measurement;
      ctx.log(`  ${scenario} ${shape.key} run ${r + 1}/${options.runs}: ${m.requests} events, ${result.deliveriesPerSecond.toFixed(0)} deliveries/s, delivery p50 ${m.p50Millis.toFixed(1)} ms, ` +
        `p99 ${m.p99Millis.toFixed(1)} ms, ${m.errors} missed, ${result.cpuMicrosPerDelivery.toFixed(1)} µs CPU/delivery, ` +
        `CPU busy: gateway ${result.gatewayCpuShare.toFixed(2)}, bench ${result.benchCpuShare.toFixed(2)} cores, peak RSS ${m.peakRssMb.toFixed(0)} MB`);
    }
    const series: Series = {
      name, target: 'rentgraph', config: { subscribers: shape.subscribers, eventsPerSecond: shape.eventsPerSecond, units: units.length, filtered: units.length > 0, replicas: gateways.length },
      runs: runs.map((r) => r.measurement), median: medianOf(runs.map((r) => r.measurement)),
    };
    return { shape, series, live: subscribers.live, ready, failedSockets: subscribers.failedSockets, runs };
  } finally {
    await subscribers.close();
  }
}

export const medianDeliveries = (result: ShapeResult) => median(result.runs.map((r) => r.deliveriesPerSecond));
export const medianCpuMicros = (result: ShapeResult) => median(result.runs.map((r) => r.cpuMicrosPerDelivery));

function mainFigures(main: ShapeResult): Figure[] {
  const m = main.series.median;
  return [
    { name: 'Subscribers on one instance (connected / received a first event)', value: `${main.live} / ${main.ready}`, target: TARGET_SUBSCRIBERS.toLocaleString('en-US'), met: main.live >= TARGET_SUBSCRIBERS && main.ready >= TARGET_SUBSCRIBERS },
    { name: 'Events per second sent (acknowledged webhooks)', value: m.rps, unit: '/s', target: '200 /s', met: m.rps >= 199 },
    { name: 'Delivery p50', value: m.p50Millis, unit: 'ms' },
    { name: 'Delivery p99', value: m.p99Millis, unit: 'ms', target: '< 100 ms', met: m.p99Millis < 100 },
    { name: 'Peak RSS', value: m.peakRssMb, unit: 'MB', target: '< 1 GB', met: m.peakRssMb < TARGET_RSS_MB },
    { name: 'Deliveries per second (each event reaches the subscribers of its unit)', value: medianDeliveries(main), unit: '/s' },
    { name: 'Deliveries missed or later than the 10 s tail (median run)', value: m.errors },
    { name: 'Gateway CPU per delivery', value: medianCpuMicros(main), unit: 'µs' },
  ];
}

function everyFigures(wide: ShapeResult): Figure[] {
  const m = wide.series.median;
  const label = `every subscriber, every event (${wide.live.toLocaleString('en-US')} × ${wide.shape.eventsPerSecond}/s)`;
  return [
    { name: `Delivery p50 / p99, ${label}`, value: `${m.p50Millis.toFixed(1)} / ${m.p99Millis.toFixed(1)}`, unit: ' ms' },
    { name: `Deliveries per second, ${label}`, value: medianDeliveries(wide), unit: '/s' },
    { name: `Deliveries missed, ${label}`, value: m.errors },
    { name: `Gateway CPU per delivery, ${label}`, value: medianCpuMicros(wide), unit: 'µs' },
    { name: 'Peak RSS, every subscriber every event', value: m.peakRssMb, unit: 'MB' },
  ];
}

function notes(main: ShapeResult, wide: ShapeResult, unitCount: number): string[] {
  const perMessageMicros = medianCpuMicros(wide);
  const coresNeeded = (ISSUE_ALL_TO_ALL_PER_SECOND * perMessageMicros) / 1_000_000;
  const socketNote = (result: ShapeResult) =>
    result.failedSockets > 0 ? [`${result.shape.key}: ${result.failedSockets} of ${Math.ceil(result.shape.subscribers / PER_SOCKET)} sockets did not connect.`] : [];
  return [
    ...socketNote(main),
    ...socketNote(wide),
    `Main series: subscriber i follows unit i mod ${unitCount} (\`filter: {unitId}\`, the units the gateway lists with a RentEngine record); event i names unit i mod ${unitCount} ` +
      'by its RentEngine unit_id, so every event reaches the subscribers of one unit. Subscribers are spread ' +
      `${PER_SOCKET} to a socket, so a socket carries subscribers of every unit, as independent clients would.`,
    `All-to-all bound: the issue's 10,000 subscribers × 200 events/s with every subscriber receiving every event is ${ISSUE_ALL_TO_ALL_PER_SECOND.toLocaleString('en-US')} websocket messages a second. ` +
      (Number.isFinite(perMessageMicros)
        ? `At the ${perMessageMicros.toFixed(1)} µs of gateway CPU per delivered message measured in the every-event series, that is ${coresNeeded.toFixed(1)} cores of CPU on the gateway alone, against the 2 it has; `
        : 'The every-event series measured no deliveries, so no per-message cost is given; ') +
      'the bench reading as many messages on the same machine would need about as much again. Hence the main series filters by unit, as a client following its units does.',
    'The bench reads every message in its own process on the same cores (one regex per message); it competes with the gateway for CPU, which adds to the measured latency. ' +
      '"req/s" is events per second sent, latency columns are delivery latency (webhook sent → event received by a subscriber), CPU ms per request is gateway CPU per event.',
  ];
}
