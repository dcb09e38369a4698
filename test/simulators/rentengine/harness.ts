import { createWorld, startOfUtcDay } from '../../../src/simulators/world/index.js';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import {
  startRentengineSimulator, type RentengineSimulatorOptions, type RunningRentengineSimulator,
} from '../../../src/simulators/rentengine/server.js';

export const TOKEN = SIM_CREDENTIALS.rentengine.apiToken;

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiClient {
  get<T = unknown>(path: string, token?: string | null): Promise<ApiResponse<T>>;
  post<T = unknown>(path: string, body: unknown, token?: string | null): Promise<ApiResponse<T>>;
}

/** A client for the simulator's documented surface; paths are relative to RENTENGINE_BASE_URL. */
export function apiClient(sim: RunningRentengineSimulator): ApiClient {
  const base = sim.env['RENTENGINE_BASE_URL']!;
  const call = async <T>(method: string, path: string, body: unknown, token: string | null | undefined): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = {};
    const bearer = token === undefined ? TOKEN : token;
    if (bearer !== null) headers['authorization'] = `Bearer ${bearer}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text === '' ? null : JSON.parse(text)) as T };
  };
  return {
    get: (path, token) => call('GET', path, undefined, token),
    post: (path, body, token) => call('POST', path, body, token),
  };
}

/**
 * A small seeded world (about 190 RentEngine units) and no rate limit unless asked for.
 * A fixed `now` anchors the world on the same day, so seeded history and the vendor's
 * clock agree.
 */
export async function startTestSimulator(options: Partial<RentengineSimulatorOptions> = {}) {
  const anchor = options.now === undefined ? {} : { anchor: startOfUtcDay(options.now()) };
  const sim = await startRentengineSimulator({ world: createWorld({ seed: 7, rentrollUnits: 300, ...anchor }), rateLimit: null, ...options });
  return { sim, api: apiClient(sim) };
}

/** Walks a list operation page by page until a page is shorter than `limit`. */
export async function walkPages<T>(api: ApiClient, path: string, limit: number): Promise<{ pages: T[][]; items: T[] }> {
  const pages: T[][] = [];
  for (let page = 0; page < 10_000; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const response = await api.get<T[]>(`${path}${separator}limit=${limit}&page_number=${page}`);
    if (response.status !== 200) throw new Error(`GET ${path} page ${page} answered ${response.status}: ${JSON.stringify(response.body)}`);
    pages.push(response.body);
    if (response.body.length < limit) break;
  }
  return { pages, items: pages.flat() };
}

/** The start of the first window GET /showings/availability offers for a unit. */
export async function firstWindow(api: ApiClient, unitId: number): Promise<string> {
  const response = await api.get<{ availability: { availableShowingWindows: { start: string }[] } }>(`/showings/availability?unitId=${unitId}`);
  const first = response.body.availability.availableShowingWindows[0];
  if (first === undefined) throw new Error(`unit ${unitId} has no open showing window`);
  return first.start;
}
