import { runLoad, type LoadOptions } from './load.js';
import { cpuMillis, gatewayVendorCounters, processTree, sampleRss, simulatorTotals, sum } from './probes.js';
import type { Simulators } from './processes.js';
import { percentile } from './stats.js';
import type { Measurement } from './types.js';

/** A process under load: rentgraph (its /metrics is read) or the peer. */
export interface Target {
  kind: 'rentgraph' | 'peer';
  pid: number;
  /** Origin, e.g. http://127.0.0.1:4000 */
  url: string;
}

export type LoadSpec = Omit<LoadOptions, 'origin'>;

/** Load without measuring, so the JIT, connection pools and caches are warm. */
export async function warmUp(target: Target, load: LoadSpec, seconds: number): Promise<void> {
  if (seconds <= 0) return;
  await runLoad({ ...load, origin: target.url, durationSeconds: seconds });
}

/**
 * One measured run: counters before, load, counters after. Requests still in flight
 * when the time is up are awaited, so every counted upstream call belongs to a
 * counted request.
 */
export async function measure(target: Target, simulators: Simulators, load: LoadSpec): Promise<Measurement> {
  const pids = processTree(target.pid);
  const vendorBefore = target.kind === 'rentgraph' ? await gatewayVendorCounters(target.url) : null;
  const simBefore = sum(await simulatorTotals(simulators.origins, simulators.env));
  const cpuBefore = cpuMillis(pids);
  const rss = sampleRss(pids);
  const result = await runLoad({ ...load, origin: target.url });
  const memory = rss.stop();
  const cpuAfter = cpuMillis(pids);
  const simAfter = sum(await simulatorTotals(simulators.origins, simulators.env));
  const vendorAfter = target.kind === 'rentgraph' ? await gatewayVendorCounters(target.url) : null;
  const answered = Math.max(1, result.requests);
  const ok = result.latenciesMillis;
  let total = 0;
  for (const value of ok) total += value;
  return {
    requests: result.requests,
    errors: result.errors,
    elapsedSeconds: result.elapsedSeconds,
    // Throughput counts good answers only; errors and timeouts are in `errors`.
    rps: (result.requests - result.errors) / result.elapsedSeconds,
    p50Millis: percentile(ok, 50),
    p99Millis: percentile(ok, 99),
    meanMillis: ok.length === 0 ? Number.NaN : total / ok.length,
    upstreamPerRequest: (simAfter - simBefore) / answered,
    vendorCallsPerRequest: vendorBefore === null || vendorAfter === null ? null : ((vendorAfter['calls'] ?? 0) - (vendorBefore['calls'] ?? 0)) / answered,
    cpuMillisPerRequest: (cpuAfter - cpuBefore) / answered,
    peakRssMb: memory.peakRssMb,
    ...(result.firstError !== undefined && { firstError: result.firstError }),
  };
}
