import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { cpuMillis, processTree, sampleRss, simulatorTotals, sum } from '../lib/probes.js';
import type { Simulators } from '../lib/processes.js';
import { skipped, withGateway, withSimulators, type Scenario } from '../lib/scenario.js';
import { median } from '../lib/stats.js';
import type { Figure, Measurement, Series } from '../lib/types.js';
import { openSubscribers } from '../lib/ws-subscribers.js';
import { webhookRequest } from './s4.js';

/**
 * S5, subscription fan-out: N graphql-ws subscribers to `leasingEvents` on one
 * gateway; RentEngine leasing-event webhooks go in at a fixed rate, each carrying a
 * mark in `notes`; delivery latency is from sending a webhook to a subscriber
 * receiving its event.
 */
const SUBSCRIPTION = 'subscription Bench { leasingEvents { cursor event { id eventType notes occurredAt } } }';
const PER_SOCKET = 100;
/** A webhook not acknowledged within this counts as failed (and its deliveries as missed). */
const POST_TIMEOUT_MILLIS = 10_000;
/** After the sending window: how long to wait for missing acknowledgements and deliveries. */
const TAIL_MILLIS = 10_000;
const MARK = /"notes":"s5 ([^"]+)"/;

/** Latencies in 0.1 ms buckets up to 60 s: exact enough for p50/p99 at millions of deliveries, in fixed memory. */
class Histogram {
  private readonly buckets = new Uint32Array(600_000);
  count = 0;
  add(millis: number) {
    this.buckets[Math.min(this.buckets.length - 1, Math.max(0, Math.round(millis * 10)))]!++;
    this.count++;
  }
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]!;
      if (seen >= rank) return i / 10;
    }
    return Number.NaN;
  }
}

export const s5: Scenario = {
  id: 'S5',
  title: 'Subscription fan-out: subscribers, events per second, delivery latency',
  async run(ctx) {
    const { options } = ctx;
    const subscribers = options.quick ? 1_000 : 10_000;
    const eventsPerSecond = options.quick ? 50 : 200;
    const request = `${SUBSCRIPTION} × ${subscribers.toLocaleString('en-US')} subscribers; ${eventsPerSecond} RentEngine leasing-event webhooks/s`;
    return withSimulators(0, (stack) =>
      withGateway(stack, { batching: true }, async (gateway) => {
        const token = stack.simulators.env['RENTENGINE_WEBHOOK_TOKEN'];
        if (token === undefined) return skipped(this, request, 'the simulators printed no RENTENGINE_WEBHOOK_TOKEN');
        const run = randomUUID().slice(0, 8);
        const pool = new Pool(gateway.url, { connections: 50 });
        const sentAt = new Map<string, number>();
        let seq = 0;
        const post = async (mark: string) => {
          const spec = webhookRequest(token, run, seq++, `s5 ${mark}`);
          sentAt.set(mark, performance.now());
          const response = await pool.request({ method: 'POST', path: spec.path, headers: spec.headers ?? {}, body: spec.body ?? null, headersTimeout: POST_TIMEOUT_MILLIS, bodyTimeout: POST_TIMEOUT_MILLIS });
          await response.body.text();
          return response.statusCode;
        };
        try {
          const status = await post('probe');
          if (status === 404) return skipped(this, request, 'the gateway answers 404 to POST /webhooks/rentengine: webhook intake (the source of leasing events) is not there yet');

          // One subscriber first: a schema without the field, or a stream that delivers nothing, skips the scenario.
          let probeDelivered = false;
          const single = await openSubscribers({ url: `${gateway.url.replace('http', 'ws')}/graphql`, subscribers: 1, perSocket: 1, query: SUBSCRIPTION, marker: MARK, onDelivery: () => (probeDelivered = true) });
          await sleep(300);
          if (single.problem() !== null) {
            await single.close();
            return skipped(this, request, `the gateway refused the leasingEvents subscription: ${single.problem()}`);
          }
          await post('probe-2');
          for (let i = 0; i < 50 && !probeDelivered; i++) await sleep(100);
          await single.close();
          if (!probeDelivered) return skipped(this, request, 'a leasingEvents subscriber received nothing within 5 s of an acknowledged webhook');

          ctx.log(`S5 opening ${subscribers} subscribers over ${Math.ceil(subscribers / PER_SOCKET)} sockets`);
          const histogram = { current: new Histogram() };
          const marksSeen = new Map<string, number>();
          const subscribersPool = await openSubscribers({
            url: `${gateway.url.replace('http', 'ws')}/graphql`, subscribers, perSocket: PER_SOCKET, query: SUBSCRIPTION, marker: MARK,
            onDelivery: (mark, at) => {
              marksSeen.set(mark, (marksSeen.get(mark) ?? 0) + 1);
              const sent = sentAt.get(mark);
              if (sent !== undefined) histogram.current.add(at - sent);
            },
          });
          try {
            // Ready when one event reached every live subscriber (subscriptions start asynchronously on the server).
            // An overwhelmed gateway may not acknowledge even this one in time; the runs below then show it.
          await post('ready').catch(() => 0);
            for (let i = 0; i < 300 && (marksSeen.get('ready') ?? 0) < subscribersPool.live; i++) await sleep(100);
            const ready = marksSeen.get('ready') ?? 0;
            ctx.log(`S5 ${ready} of ${subscribersPool.live} subscribers received the first event`);
            const series: Series = { name: `rentgraph · ${subscribers.toLocaleString('en-US')} subscribers · ${eventsPerSecond} events/s`, target: 'rentgraph', config: { subscribers, eventsPerSecond }, runs: [], median: undefined as unknown as Measurement };
            for (let r = 0; r < options.runs; r++) {
              histogram.current = new Histogram();
              series.runs.push(await fanOut(ctx.options.durationSeconds, eventsPerSecond, subscribersPool.live, histogram.current, post, gateway.pid, stack.simulators, `${r}`));
              const m = series.runs.at(-1)!;
              ctx.log(`  S5 run ${r + 1}/${options.runs}: ${m.requests} events, delivery p50 ${m.p50Millis.toFixed(1)} ms, p99 ${m.p99Millis.toFixed(1)} ms, ${m.errors} missed deliveries, peak RSS ${m.peakRssMb.toFixed(0)} MB`);
            }
            const pick = (key: keyof Measurement) => median(series.runs.map((m) => m[key] as number));
            series.median = {
              requests: pick('requests'), errors: pick('errors'), elapsedSeconds: pick('elapsedSeconds'), rps: pick('rps'), p50Millis: pick('p50Millis'), p99Millis: pick('p99Millis'),
              meanMillis: pick('meanMillis'), upstreamPerRequest: pick('upstreamPerRequest'), vendorCallsPerRequest: null, cpuMillisPerRequest: pick('cpuMillisPerRequest'), peakRssMb: pick('peakRssMb'),
            };
            const m = series.median;
            const figures: Figure[] = [
              { name: 'Subscribers on one instance (connected / received the first event)', value: `${subscribersPool.live} / ${ready}`, target: '10,000', met: subscribersPool.live >= 10_000 && ready >= 10_000 },
              { name: 'Events per second sent (acknowledged webhooks)', value: m.rps, unit: '/s', target: '200 /s', met: m.rps >= 199 },
              { name: 'Delivery p99', value: m.p99Millis, unit: 'ms', target: '< 100 ms', met: m.p99Millis < 100 },
              { name: 'Peak RSS', value: m.peakRssMb, unit: 'MB', target: '< 512 MB', met: m.peakRssMb < 512 },
              { name: 'Deliveries missed or later than the 10 s tail (median run)', value: m.errors, unit: `of ${Math.round(Math.round(options.durationSeconds * eventsPerSecond) * subscribersPool.live).toLocaleString('en-US')}` },
            ];
            return {
              id: this.id, title: this.title, request, status: 'measured' as const, series: [series], figures,
              notes: [
                ...(subscribersPool.failedSockets > 0 ? [`${subscribersPool.failedSockets} of ${Math.ceil(subscribers / PER_SOCKET)} sockets did not connect: ${subscribersPool.failure ?? ''}`] : []),
                `Subscribers are spread ${PER_SOCKET} to a socket; each sees every event (no filter), so the gateway sends subscribers × events/s messages. ` +
                  'The bench reads them in its own process on the same cores, with one regex per message; at this scale the reader competes with the gateway for CPU, which adds to the measured latency.',
                '"req/s" is events per second sent, latency columns are delivery latency (webhook sent → event received by a subscriber), CPU ms per request is gateway CPU per event.',
              ],
            };
          } finally {
            await subscribersPool.close();
          }
        } finally {
          await pool.close();
        }
      }),
    );
  },
};

async function fanOut(
  durationSeconds: number, eventsPerSecond: number, live: number, histogram: Histogram,
  post: (mark: string) => Promise<number>, pid: number, simulators: Simulators, run: string,
): Promise<Measurement> {
  const pids = processTree(pid);
  const simBefore = sum(await simulatorTotals(simulators.origins, simulators.env));
  const cpuBefore = cpuMillis(pids);
  const rss = sampleRss(pids);
  const total = Math.round(durationSeconds * eventsPerSecond);
  const started = performance.now();
  let acknowledged = 0;
  let lastAckAt = started;
  const posts: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    // Paced by the clock, not by answers: a slow gateway does not slow the event rate down.
    const due = started + (i * 1000) / eventsPerSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    posts.push(post(`${run}-${i}`).then((status) => {
      if (status >= 200 && status <= 299) {
        acknowledged++;
        lastAckAt = performance.now();
      }
    }, () => {}));
  }
  // Acknowledgements still missing after the tail are counted as failed; the run never waits longer than that.
  await Promise.race([Promise.all(posts), sleep(TAIL_MILLIS)]);
  const sentSeconds = (Math.max(lastAckAt, started + 1) - started) / 1000;
  const expected = acknowledged * live;
  for (let i = 0; i < TAIL_MILLIS / 100 && histogram.count < expected; i++) await sleep(100);
  const failed = total - acknowledged;
  const memory = rss.stop();
  const cpuAfter = cpuMillis(pids);
  const simAfter = sum(await simulatorTotals(simulators.origins, simulators.env));
  return {
    requests: acknowledged,
    errors: Math.max(0, expected - histogram.count) + failed * live,
    elapsedSeconds: sentSeconds,
    rps: acknowledged / sentSeconds,
    p50Millis: histogram.percentile(50),
    p99Millis: histogram.percentile(99),
    meanMillis: Number.NaN,
    upstreamPerRequest: (simAfter - simBefore) / Math.max(1, total),
    vendorCallsPerRequest: null,
    cpuMillisPerRequest: (cpuAfter - cpuBefore) / Math.max(1, total),
    peakRssMb: memory.peakRssMb,
  };
}
