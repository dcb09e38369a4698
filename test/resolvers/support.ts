import { expect } from 'vitest';
import type { RunningRentengineSimulator } from '../../src/simulators/rentengine/server.js';
import type { SimVendor } from '../../src/simulators/index.js';
import type { TestApp } from '../utils/app.js';

/** Shared by the read-graph tests: simulator access, global ids, call counting. */

export const rentengineOf = (app: TestApp) => app.simulator('rentengine') as RunningRentengineSimulator;

export const globalId = (type: string, vendor: string, externalId: string | number) => Buffer.from(`${type}:${vendor}:${externalId}`).toString('base64url');

/** The RentEngine simulator's routes are registered under its base path. */
export const rentengineRoute = (method: string, path: string) => `${method} /api/public/v1${path}`;

export function resetStats(app: TestApp, vendors: readonly SimVendor[] = ['rentroll', 'rentengine', 'leasey', 'sturents', 'deeprent']): void {
  for (const vendor of vendors) app.simulator(vendor).server.resetStats();
}

/** Requests each simulator saw since the last reset, by route, leaving out vendors with none. */
export function callsByVendor(app: TestApp): Partial<Record<SimVendor, Record<string, number>>> {
  const out: Partial<Record<SimVendor, Record<string, number>>> = {};
  for (const sim of app.simulators) {
    const stats = sim.server.stats();
    if (stats.total > 0) out[sim.vendor] = stats.byRoute;
  }
  return out;
}

/** Runs a query, asserting it has no errors, and returns its data. */
export async function query<T>(app: TestApp, text: string, variables?: Record<string, unknown>): Promise<T> {
  const { data, errors } = await app.graphql<T>(text, variables);
  expect(errors).toBeUndefined();
  return data!;
}
