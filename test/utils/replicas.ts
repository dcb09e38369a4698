import { inject } from 'vitest';
import { envOf, SIM_VENDORS, startSimulators, type RunningSimulator, type SimVendor } from '../../src/simulators/index.js';
import { createWorld } from '../../src/simulators/world/index.js';
import { startTestApp, type TestApp, type TestAppOptions } from './app.js';
import { createTestDatabase } from './postgres.js';

/**
 * Several gateways over one Postgres, as replicas behind a load balancer run: one set of
 * simulators that every replica reads as LIVE vendors (so the vendors see the replicas'
 * requests together, and a replica that stops takes no vendor with it), a new database
 * on the test run's Postgres, and `add()` for each replica.
 */
export interface ReplicaSet {
  databaseUrl: string;
  simulators: RunningSimulator[];
  simulator(vendor: SimVendor): RunningSimulator;
  /** The variables that point a gateway at this set's database and simulators. */
  env: Record<string, string>;
  replicas: TestApp[];
  /** Starts one more replica; `env` is added to the set's. */
  add(options?: TestAppOptions): Promise<TestApp>;
  close(): Promise<void>;
}

export async function startReplicaSet(options: { rentrollUnits?: number; env?: Record<string, string> } = {}): Promise<ReplicaSet> {
  const databaseUrl = await createTestDatabase(inject('postgresAdminUrl'));
  const simulators = await startSimulators({ vendors: SIM_VENDORS, world: createWorld({ rentrollUnits: options.rentrollUnits ?? 50 }) });
  const env = { ...envOf(simulators), RENTGRAPH_DATABASE_URL: databaseUrl, ...options.env };
  const replicas: TestApp[] = [];
  return {
    databaseUrl,
    simulators,
    simulator(vendor) {
      const sim = simulators.find((s) => s.vendor === vendor);
      if (sim === undefined) throw new Error(`no ${vendor} simulator is running`);
      return sim;
    },
    env,
    replicas,
    async add(more = {}) {
      const replica = await startTestApp({ ...more, env: { ...env, ...more.env } });
      replicas.push(replica);
      return replica;
    },
    async close() {
      await Promise.allSettled(replicas.splice(0).map((replica) => replica.close()));
      await Promise.allSettled(simulators.map((sim) => sim.close()));
    },
  };
}
