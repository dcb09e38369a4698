import { Writable } from 'node:stream';
import pino from 'pino';
import { startRentrollSimulator } from '../../src/simulators/rentroll/server.js';
import { SIM_CREDENTIALS } from '../../src/simulators/credentials.js';
import type { RunningSimulator } from '../../src/simulators/types.js';
import { createWorld } from '../../src/simulators/world/index.js';
import { createVendorHttp, type VendorHttp, type VendorHttpOptions } from '../../src/vendors/http/index.js';

export const TOKEN = SIM_CREDENTIALS.rentroll.apiToken;
export const AUTH = { authorization: `Bearer ${TOKEN}` };
/** The token also rides in the query (the rent roll ignores unknown parameters), so a leak would show. */
export const ACTIVE_UNITS = { query: { isActive: true, token: TOKEN }, headers: AUTH };

const CLEAR_FAULTS = { script: [], hang: false, malformedJson: false, truncatedBody: false, rateLimitBurst: 0, latencyMillis: 0, errorRate: 0, errorStatus: 503 };

export interface HttpFixture {
  sim: RunningSimulator;
  /** Every log line written by the clients so far (pino JSON, debug level). */
  logText(): string;
  /** A client of the simulator; fast retries unless overridden. Closed by close(). */
  client(overrides?: Partial<VendorHttpOptions>): VendorHttp;
  /** Clears faults and counters between tests. */
  reset(): void;
  close(): Promise<void>;
}

export async function startHttpFixture(): Promise<HttpFixture> {
  const sim = await startRentrollSimulator({ world: createWorld({ rentrollUnits: 20 }) });
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ level: 'debug' }, stream);
  const clients: VendorHttp[] = [];
  return {
    sim,
    logText: () => lines.join(''),
    client: (overrides = {}) => {
      const client = createVendorHttp({ vendor: 'RENTROLL', baseUrl: sim.server.origin, secrets: [TOKEN], logger, retryBaseDelayMillis: 5, ...overrides });
      clients.push(client);
      return client;
    },
    reset: () => {
      sim.server.setFaults(CLEAR_FAULTS);
      sim.server.resetStats();
    },
    close: async () => {
      await Promise.all(clients.map((c) => c.close()));
      await sim.close();
    },
  };
}

/** Runs `work` and returns how long it took with what it threw (or undefined). */
export async function timed(work: () => Promise<unknown>): Promise<{ millis: number; error: unknown }> {
  const started = performance.now();
  try {
    await work();
    return { millis: performance.now() - started, error: undefined };
  } catch (error) {
    return { millis: performance.now() - started, error };
  }
}
