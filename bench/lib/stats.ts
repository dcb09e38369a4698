import type { Figure, Measurement, MeasurementKey } from './types.js';

/** Small statistics for the report: percentiles of sorted samples and medians of runs. */
export function percentile(sorted: Float64Array | readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const mid = Math.floor(finite.length / 2);
  return finite.length % 2 === 1 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
}

const KEYS: readonly MeasurementKey[] = [
  'requests', 'errors', 'elapsedSeconds', 'rps', 'p50Millis', 'p99Millis', 'meanMillis',
  'upstreamPerRequest', 'vendorCallsPerRequest', 'cpuMillisPerRequest', 'peakRssMb',
];

/** Each field's median over the runs (so the median run of one figure need not be the median run of another). */
export function medianOf(runs: readonly Measurement[]): Measurement {
  const result: Record<string, unknown> = {};
  for (const key of KEYS) {
    const values = runs.map((run) => run[key]).filter((v): v is number => typeof v === 'number');
    result[key] = values.length === 0 ? null : median(values);
  }
  const firstError = runs.find((run) => run.firstError !== undefined)?.firstError;
  return { ...(result as unknown as Measurement), ...(firstError !== undefined && { firstError }) };
}

/** Rounds for display and JSON: 3 significant digits below 100, whole numbers above. */
export function round(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return value;
  if (Math.abs(value) >= 100) return Math.round(value);
  return Number(value.toPrecision(3));
}

/** A ratio of two throughputs; when the baseline answered nothing in time, says so instead of dividing by zero. */
export function ratio(name: string, over: number, under: number): Figure {
  return under > 0 ? { name, value: over / under, unit: '×' } : { name, value: 'n/a: the baseline answered no request within the timeout' };
}
