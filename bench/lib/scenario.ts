import { measure, warmUp, type LoadSpec, type Target } from './measure.js';
import { verifyVendorLimits } from './limits.js';
import { freePort, startGateway, startSimulators, type Gateway, type GatewaySettings, type Simulators } from './processes.js';
import { medianOf } from './stats.js';
import type { BenchOptions, ProfileSummary, ScenarioResult, Series } from './types.js';

/** What every scenario module exports, and the helpers they share. */
export interface BenchContext {
  options: BenchOptions;
  log(line: string): void;
  /** S1 hands over the CPU profile summary of its hottest run. */
  setProfile(summary: ProfileSummary): void;
}

export interface Scenario {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

/** World size: the rent roll then has exactly 100 units, so `units(first: 100)` is the whole roll, as the peer reads it. */
export const SIM_UNITS = 100;

export interface Stack {
  simulators: Simulators;
  /** The port gateways started on this stack listen on (the simulators' webhooks go there). */
  gatewayPort: number;
}

/**
 * Simulators with `latencyMillis` added to every response, for the duration of `work`.
 * Afterwards the same process must still refuse what RentEngine's and StuRents'
 * documented limits refuse (limits.ts), or the scenario fails: its figures would have
 * come from vendors more lenient than the real ones.
 */
export async function withSimulators<T>(latencyMillis: number, work: (stack: Stack) => Promise<T>): Promise<T> {
  const gatewayPort = await freePort();
  const simulators = await startSimulators({ latencyMillis, units: SIM_UNITS, gatewayPort });
  try {
    const result = await work({ simulators, gatewayPort });
    await verifyVendorLimits(simulators.env);
    return result;
  } finally {
    await simulators.stop();
  }
}

export async function withGateway<T>(stack: Stack, settings: Omit<GatewaySettings, 'simulators' | 'port'>, work: (gateway: Gateway) => Promise<T>): Promise<T> {
  const gateway = await startGateway({ ...settings, simulators: stack.simulators, port: stack.gatewayPort });
  try {
    return await work(gateway);
  } finally {
    await gateway.stop();
  }
}

/** The load of a series: everything but the duration, which the bench options set. */
export type SeriesLoad = Omit<LoadSpec, 'durationSeconds'>;

/** Warm-up, then `options.runs` measured runs; the series carries every run and their medians. */
export async function measureSeries(
  ctx: BenchContext,
  name: string,
  target: Target,
  simulators: Simulators,
  config: Series['config'],
  load: SeriesLoad,
  /** Measured runs; default options.runs. Baselines take one: their ratios come from one run. */
  runCount = ctx.options.runs,
): Promise<Series> {
  const { options } = ctx;
  // --quick waits less for stragglers: an answer slower than 10 s counts as an error there.
  if (options.quick && load.timeoutMillis === undefined) load = { ...load, timeoutMillis: 10_000 };
  await warmUp(target, { ...load, durationSeconds: options.warmupSeconds }, options.warmupSeconds);
  const runs = [];
  for (let i = 0; i < runCount; i++) {
    const run = await measure(target, simulators, { ...load, durationSeconds: options.durationSeconds });
    ctx.log(`  ${name} run ${i + 1}/${runCount}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50Millis.toFixed(1)} ms, p99 ${run.p99Millis.toFixed(1)} ms, ${run.upstreamPerRequest.toFixed(2)} upstream/req${run.errors > 0 ? `, ${run.errors} errors (${run.firstError ?? ''})` : ''}`);
    runs.push(run);
  }
  return { name, target: target.kind, config, runs, median: medianOf(runs) };
}

/** A result for a scenario the gateway cannot run yet. */
export function skipped(scenario: Pick<Scenario, 'id' | 'title'>, request: string, reason: string): ScenarioResult {
  return { id: scenario.id, title: scenario.title, request, status: 'skipped', reason, series: [], figures: [], notes: [] };
}

/** Sends one GraphQL query; resolves to the parsed answer. */
export async function graphqlOnce(url: string, query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as { data?: unknown; errors?: { message: string }[] } };
  } catch {
    return { status: response.status, body: { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] } };
  }
}

/** The first error of an answer as one line, or null when it has none. */
export function firstError(answer: Awaited<ReturnType<typeof graphqlOnce>>): string | null {
  const error = answer.body.errors?.[0];
  if (error === undefined) return answer.status >= 200 && answer.status < 300 ? null : `HTTP ${answer.status}`;
  const code = error.extensions?.['code'];
  return `${error.message}${typeof code === 'string' ? ` (${code})` : ''}`;
}
