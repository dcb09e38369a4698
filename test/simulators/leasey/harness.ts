import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import { startLeaseySimulator, type LeaseySimulatorOptions } from '../../../src/simulators/leasey/server.js';
import type { RunningSimulator } from '../../../src/simulators/types.js';
import { createWorld } from '../../../src/simulators/world/index.js';

/** A Leasey simulator on a fixed clock: the world's anchor is 2026-06-15, "now" noon that day. */
export const ANCHOR = new Date('2026-06-15T00:00:00Z');
export const NOW = new Date('2026-06-15T12:00:00Z');
export const CREDS = SIM_CREDENTIALS.leasey;
export const READ_HEADERS = { authorization: `Bearer ${CREDS.apiToken}`, 'x-company-password': CREDS.companyPassword };

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface LeaseyHarness {
  sim: RunningSimulator;
  get<T = unknown>(path: string, headers?: Record<string, string>): Promise<Answer<T>>;
  /** Any method with a JSON body (a string is sent as is, undefined sends none); the bearer token unless headers say otherwise. */
  send<T = unknown>(method: string, path: string, body: unknown, headers?: Record<string, string>): Promise<Answer<T>>;
  /** The body of POST /properties and PUT /properties/{id} around a property object. */
  write(property: unknown, overrides?: Record<string, unknown>): Record<string, unknown>;
}

export async function startHarness(options: Partial<LeaseySimulatorOptions> & { rentrollUnits?: number } = {}): Promise<LeaseyHarness> {
  const { rentrollUnits = 300, ...rest } = options;
  const sim = await startLeaseySimulator({ world: createWorld({ seed: 11, rentrollUnits, anchor: ANCHOR }), now: () => NOW, ...rest });
  const origin = sim.server.origin;
  const answer = async <T>(response: Response): Promise<Answer<T>> => {
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T, headers: response.headers };
  };
  return {
    sim,
    get: async (path, headers = READ_HEADERS) => answer(await fetch(`${origin}${path}`, { headers })),
    send: async (method, path, body, headers = { authorization: READ_HEADERS.authorization }) =>
      answer(await fetch(`${origin}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      })),
    write: writeBody,
  };
}

export function writeBody(property: unknown, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { company_id: CREDS.companyId, password: CREDS.companyPassword, property, ...overrides };
}

/** The smallest property POST /properties accepts. */
export const MINIMAL_PROPERTY = Object.freeze({ name: 'Unit 2B', address: '456 Oak Ave', city: 'Toronto', province_state: 'ON', country: 'Canada' });
