import pino from 'pino';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import { startRentengineSimulator, type RentengineSimulatorOptions, type RunningRentengineSimulator } from '../../../src/simulators/rentengine/server.js';
import { createWorld, startOfUtcDay } from '../../../src/simulators/world/index.js';
import { createVendorHttp, type VendorHttp, type VendorHttpOptions } from '../../../src/vendors/http/index.js';
import { createRentengineClient, type RentengineClient, type RentengineClientOptions } from '../../../src/vendors/rentengine/client.js';

export const TOKEN = SIM_CREDENTIALS.rentengine.apiToken;

export interface ClientFixture {
  sim: RunningRentengineSimulator;
  http: VendorHttp;
  client: RentengineClient;
  /** Recorded requests to the documented surface, oldest first, as "METHOD /path?query" with the base path cut off. */
  urls(): string[];
  close(): Promise<void>;
}

export interface ClientFixtureOptions {
  /** 'default': the simulator keeps its own rate limit (20 per 5 s). Default: none. */
  simulatorRateLimit?: 'default' | 'none';
  /** One clock for the vendor, its world's anchor and the client, so they agree on the date. Default the system clock. */
  now?: () => Date;
  sim?: Partial<RentengineSimulatorOptions>;
  http?: Partial<VendorHttpOptions>;
  client?: Partial<RentengineClientOptions>;
}

/**
 * A RentEngine simulator over a small seeded world (34 RentEngine units) and a client of
 * it. No rate limit on either side unless asked for; fast retries, so a test never
 * waits long on a backoff. A fixed `now` is given to both sides, never to one.
 */
export async function startClientFixture(options: ClientFixtureOptions = {}): Promise<ClientFixture> {
  const clock = options.now === undefined ? {} : { now: options.now };
  const sim = await startRentengineSimulator({
    world: createWorld({ rentrollUnits: 70, ...(options.now !== undefined && { anchor: startOfUtcDay(options.now()) }) }),
    ...(options.simulatorRateLimit !== 'default' && { rateLimit: null }),
    ...clock,
    ...options.sim,
  });
  const baseUrl = sim.env['RENTENGINE_BASE_URL']!;
  const http = createVendorHttp({
    vendor: 'RENTENGINE',
    baseUrl,
    secrets: [TOKEN],
    logger: pino({ level: 'silent' }),
    retryBaseDelayMillis: 10,
    ...options.http,
  });
  const client = createRentengineClient(http, { apiToken: TOKEN, ...clock, ...options.client });
  const prefix = new URL(baseUrl).pathname;
  return {
    sim,
    http,
    client,
    urls: () => sim.server.requests().map((r) => `${r.method} ${r.url.startsWith(prefix) ? r.url.slice(prefix.length) : r.url}`),
    close: async () => {
      await http.close();
      await sim.close();
    },
  };
}

/** The query of a recorded url as a plain object. */
export function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url.split(' ')[1]!, 'http://x').searchParams);
}
