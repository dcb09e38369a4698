/**
 * Shapes shared by the harness, the scenarios and the report. A scenario returns
 * series (one configuration each: gateway or peer, batching, latency, ...), each with
 * the measurements of its runs and their medians.
 */
export interface BenchOptions {
  /** Scenario ids to run, e.g. ['S1', 'S2']. */
  scenarios: readonly string[];
  /** Measured runs per series; the report shows their medians. */
  runs: number;
  /** Length of one measured run. */
  durationSeconds: number;
  /** Unmeasured load before the runs of a series, so the JIT and pools are warm. */
  warmupSeconds: number;
  /** Concurrent clients (closed loop: each sends its next request when the last one answered). */
  connections: number;
  quick: boolean;
  /** Write a CPU profile of one run of the hottest scenario (S1, batching on, 0 ms). */
  profile: boolean;
  /** Rent-roll units of S7's world (the read model at scale). */
  scaleUnits: number;
}

/** One measured run against one process. */
export interface Measurement {
  requests: number;
  /** Non-2xx answers, transport failures and GraphQL `errors`. */
  errors: number;
  elapsedSeconds: number;
  /** Successful answers per second. */
  rps: number;
  p50Millis: number;
  p99Millis: number;
  meanMillis: number;
  /** Requests the simulators received, per answered request (GET /__sim/stats deltas). */
  upstreamPerRequest: number;
  /** Vendor reads the gateway's resolvers asked for, per request, before in-flight sharing (/metrics `calls`); null for the peer. */
  vendorCallsPerRequest: number | null;
  /** Gateway process CPU (user + system) per answered request. */
  cpuMillisPerRequest: number;
  /** Highest resident set sampled during the run. */
  peakRssMb: number;
  /** First error seen, for the notes. */
  firstError?: string;
}

export type MeasurementKey = Exclude<keyof Measurement, 'firstError'>;

export interface Series {
  /** Short name shown in tables and charts, e.g. "rentgraph · batching on · 50 ms". */
  name: string;
  target: 'rentgraph' | 'peer';
  /** The knobs of this series: batching, latencyMillis, connections, ... */
  config: Record<string, string | number | boolean>;
  runs: Measurement[];
  /** Field-by-field medians of `runs`. */
  median: Measurement;
}

export interface ScenarioResult {
  id: string;
  title: string;
  /** The GraphQL document or request the scenario sends. */
  request: string;
  status: 'measured' | 'skipped' | 'failed';
  /** Why it was skipped or failed. */
  reason?: string;
  series: Series[];
  /** Derived figures: ratios, bound %, targets met. */
  figures: Figure[];
  notes: string[];
}

export interface Figure {
  name: string;
  value: number | string;
  unit?: string;
  /** The target from the issue, and whether this run met it. */
  target?: string;
  met?: boolean;
}

export interface ProfileSummary {
  scenario: string;
  totalMillis: number;
  byGroup: { group: string; selfMillis: number; share: number }[];
  topFunctions: { name: string; where: string; selfMillis: number; share: number }[];
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  /** Load averages (1, 5, 15 min) at the start and end: other work on the machine shows here. */
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string; loadAverage: number[]; loadAverageAtEnd: number[] };
  options: BenchOptions;
  method: string[];
  scenarios: ScenarioResult[];
  profile: ProfileSummary | null;
}
