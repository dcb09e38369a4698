import { setTimeout as sleep } from 'node:timers/promises';
import { cpuMillis, processTree, sampleRss, simulatorTotals, sum } from './probes.js';
import type { Simulators } from './processes.js';
import type { Measurement } from './types.js';

/**
 * One measured run of a subscription fan-out (S5): events are sent at a fixed rate,
 * paced by the clock; every delivery's latency (event sent → notice received) goes
 * into a fixed-memory histogram; deliveries that never came are counted against what
 * each acknowledged event should have reached.
 */

/** Latencies in 0.1 ms buckets up to 60 s: exact enough for p50/p99 at millions of deliveries, in fixed memory. */
export class Histogram {
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

export interface FanOutRun {
  durationSeconds: number;
  eventsPerSecond: number;
  /** Sends event `index` (its mark is unique to the run); resolves to the HTTP status. */
  post(index: number): Promise<number>;
  /** Subscribers event `index` should reach. */
  expectedDeliveries(index: number): number;
  /** Where the subscribers' callbacks put this run's latencies. */
  histogram: Histogram;
  /** The gateways delivering (replicas: all of them); CPU and RSS are theirs together. */
  gatewayPids: readonly number[];
  simulators: Simulators;
  /** After the sending window: how long to wait for missing acknowledgements and deliveries. */
  tailMillis: number;
}

export interface FanOutResult {
  measurement: Measurement;
  deliveries: number;
  /** Deliveries received per second of the sending window. */
  deliveriesPerSecond: number;
  /** Gateway CPU per delivery, in microseconds. */
  cpuMicrosPerDelivery: number;
  /** Gateway CPU time over wall time of the run (1 = one core busy throughout). */
  gatewayCpuShare: number;
  /** The same for the bench process, which sends the events and reads every delivery. */
  benchCpuShare: number;
}

export async function fanOut(run: FanOutRun): Promise<FanOutResult> {
  const pids = run.gatewayPids.flatMap((pid) => processTree(pid));
  const simBefore = sum(await simulatorTotals(run.simulators.origins, run.simulators.env));
  const cpuBefore = cpuMillis(pids);
  const rss = sampleRss(pids);
  const benchCpuBefore = process.cpuUsage();
  const total = Math.round(run.durationSeconds * run.eventsPerSecond);
  const started = performance.now();
  let acknowledged = 0;
  let expected = 0;
  let lastAckAt = started;
  const posts: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    // Paced by the clock, not by answers: a slow gateway does not slow the event rate down.
    const due = started + (i * 1000) / run.eventsPerSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    posts.push(run.post(i).then((status) => {
      if (status >= 200 && status <= 299) {
        acknowledged++;
        expected += run.expectedDeliveries(i);
        lastAckAt = performance.now();
      }
    }, () => {}));
  }
  // Acknowledgements still missing after the tail are counted as failed; the run never waits longer than that.
  await Promise.race([Promise.all(posts), sleep(run.tailMillis)]);
  const sentSeconds = (Math.max(lastAckAt, started + 1) - started) / 1000;
  for (let i = 0; i < run.tailMillis / 100 && run.histogram.count < expected; i++) await sleep(100);
  let missedOfFailed = 0;
  for (let i = 0; i < total; i++) missedOfFailed += run.expectedDeliveries(i);
  missedOfFailed -= expected;
  const memory = rss.stop();
  const cpu = cpuMillis(pids) - cpuBefore;
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const wallMillis = performance.now() - started;
  const simAfter = sum(await simulatorTotals(run.simulators.origins, run.simulators.env));
  const deliveries = run.histogram.count;
  return {
    measurement: {
      requests: acknowledged,
      errors: Math.max(0, expected - deliveries) + missedOfFailed,
      elapsedSeconds: sentSeconds,
      rps: acknowledged / sentSeconds,
      p50Millis: run.histogram.percentile(50),
      p99Millis: run.histogram.percentile(99),
      meanMillis: Number.NaN,
      upstreamPerRequest: (simAfter - simBefore) / Math.max(1, total),
      vendorCallsPerRequest: null,
      cpuMillisPerRequest: cpu / Math.max(1, total),
      peakRssMb: memory.peakRssMb,
    },
    deliveries,
    deliveriesPerSecond: deliveries / sentSeconds,
    cpuMicrosPerDelivery: deliveries === 0 ? Number.NaN : (cpu * 1000) / deliveries,
    gatewayCpuShare: cpu / wallMillis,
    benchCpuShare: (benchCpu.user + benchCpu.system) / 1000 / wallMillis,
  };
}
