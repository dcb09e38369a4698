import { expect } from 'vitest';
import type { RecordedRequest } from '../../src/simulators/kit/server.js';
import type { RunningRentengineSimulator } from '../../src/simulators/rentengine/server.js';
import type { Unit as SimUnit } from '../../src/simulators/rentengine/types.js';
import { SIM_CREDENTIALS } from '../../src/simulators/credentials.js';
import type { SimVendor } from '../../src/simulators/types.js';
import { startTestApp, type GraphQLResponse, type TestApp, type TestAppOptions } from '../utils/app.js';

/** The gateway with every simulator and a built identity index, as mutations expect it. */
export async function startMutationApp(options: TestAppOptions = {}): Promise<TestApp> {
  // startTestApp keeps polling off, so counting a test's vendor requests counts only its own.
  return startTestApp({ ...options, synced: true });
}

export function rentengineSim(app: TestApp): RunningRentengineSimulator {
  return app.simulator('rentengine') as RunningRentengineSimulator;
}

/** Zeroes every simulator's counters and recorded requests. */
export function resetAll(app: TestApp): void {
  for (const sim of app.simulators) sim.server.resetStats();
}

/** Requests to the vendor's documented surface other than reads, oldest first. */
export function writesTo(app: TestApp, vendor: SimVendor): RecordedRequest[] {
  return app.simulator(vendor).server.requests().filter((r) => r.method !== 'GET');
}

/** Every simulator's request count, to show that a rejected input reached no vendor. */
export function totalRequests(app: TestApp): number {
  return app.simulators.reduce((sum, sim) => sum + sim.server.stats().total, 0);
}

export function expectRentengineAuth(request: RecordedRequest): void {
  expect(request.headers['authorization']).toBe(`Bearer ${SIM_CREDENTIALS.rentengine.apiToken}`);
}

/** The global id of the merged unit holding a vendor record. */
export async function unitIdOf(app: TestApp, vendor: string, externalId: string | number): Promise<string> {
  const { data, errors } = await app.graphql<{ nodeBySource: { id: string } | null }>(
    'query ($vendor: Vendor!, $id: String!) { nodeBySource(vendor: $vendor, type: UNIT, externalId: $id) { id } }',
    { vendor, id: String(externalId) },
  );
  expect(errors).toBeUndefined();
  if (data?.nodeBySource === null || data?.nodeBySource === undefined) throw new Error(`no merged unit holds ${vendor} ${externalId}`);
  return data.nodeBySource.id;
}

/** The global id of a vendor-owned node, as the graph encodes it. */
export function nodeId(type: string, vendor: string, externalId: string | number): string {
  return Buffer.from(`${type}:${vendor}:${externalId}`, 'utf8').toString('base64url');
}

/** RentEngine units that are Available (so they take showings), in id order. */
export function availableUnits(app: TestApp): SimUnit[] {
  return rentengineSim(app).store.units.rows.filter((u) => u.status === 'Available');
}

/** The single error of a failed mutation, checked to carry no data. */
export function onlyError<T>(response: GraphQLResponse<T>): NonNullable<GraphQLResponse<T>['errors']>[number] {
  expect(response.data).toBeNull();
  expect(response.errors).toHaveLength(1);
  return response.errors![0]!;
}

/** Asserts a mutation is refused as BAD_USER_INPUT naming `field`, before any vendor call. */
export async function expectRefusedBeforeVendorCalls(app: TestApp, query: string, variables: Record<string, unknown>, field: string, message: RegExp): Promise<void> {
  resetAll(app);
  const error = onlyError(await app.graphql(query, variables));
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(error.message).toMatch(message);
  expect(totalRequests(app)).toBe(0);
}

/**
 * The UTC calendar day `days` from now by the system clock, which the gateway and its
 * simulators read too: dates a test sends are derived from it, never written out.
 */
export function utcDayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
