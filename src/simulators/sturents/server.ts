import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { startSimServer } from '../kit/server.js';
import { single, type RawQuery } from '../kit/query.js';
import { SIM_CREDENTIALS } from '../credentials.js';
import { systemClock, type RunningSimulator, type SimulatorOptions } from '../types.js';
import { HouseStore, type HouseRecord } from './data.js';
import { IdenticalRequestLimiter } from './limiter.js';
import { sturentsOpenApi } from './openapi.js';
import { sturentsProperty, type PropertyContext } from './property.js';

export interface SturentsSimulatorOptions extends SimulatorOptions {
  /** An identical path + query string asked again within this many milliseconds gets 429. Default 10_000; 0 disables. */
  identicalRequestWindowMillis?: number;
  /** Default SIM_CREDENTIALS.sturents.landlordId. */
  landlordId?: string;
  /** Default SIM_CREDENTIALS.sturents.publicKey. */
  publicKey?: string;
  /** Key for signed writes (outside the simulated surface); only passed on in `env`. Default SIM_CREDENTIALS.sturents.apiKey. */
  apiKey?: string;
}

export const STURENTS_PAGE_SIZE = 50;
export const STURENTS_VERSION = '1.3';
const BRANCH = { name: 'Hyde Park Student Lets', website: 'https://www.hydeparklets.example.co.uk' };
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** StuRents' houses API: read-only lists of the landlord's portfolio, 50 per page. */
export async function startSturentsSimulator(options: SturentsSimulatorOptions): Promise<RunningSimulator> {
  const credentials = SIM_CREDENTIALS.sturents;
  const landlordId = options.landlordId ?? credentials.landlordId;
  const publicKey = options.publicKey ?? credentials.publicKey;
  const apiKey = options.apiKey ?? credentials.apiKey;
  const { world } = options;
  const now = options.now ?? systemClock;
  const houses = new HouseStore(world);
  const limiter = new IdenticalRequestLimiter(options.identicalRequestWindowMillis ?? 10_000);
  const propertyContext: PropertyContext = { seed: world.seed, anchor: world.anchor };
  const pages = new WeakMap<FastifyRequest, number>();
  const fail = (reply: FastifyReply, status: number, error: string) => reply.code(status).send({ error });

  const body = (records: readonly HouseRecord[], page: number) => {
    const start = (page - 1) * STURENTS_PAGE_SIZE;
    const properties = records.slice(start, start + STURENTS_PAGE_SIZE).map((house) => sturentsProperty(house, propertyContext));
    const result: Record<string, unknown> = {
      date: now().toISOString().slice(0, 19).replace('T', ' '),
      branches: [{ agent_id: landlordId, name: BRANCH.name, website: BRANCH.website, properties }],
    };
    if (records.length > STURENTS_PAGE_SIZE) {
      const total = Math.ceil(records.length / STURENTS_PAGE_SIZE);
      result['pagination'] = {
        pages: String(total),
        current: String(page),
        ...(page < total && { next: String(page + 1) }),
        ...(page > 1 && { prev: String(Math.min(page - 1, total)) }),
      };
    }
    return result;
  };

  // Registered as a plugin so the checks cover the vendor's routes only, not /__sim/* or /openapi.json.
  const vendorRoutes = async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request, reply) => {
      if (limiter.refuse(request.url, Date.now())) return fail(reply, 429, 'Too many identical requests');
      const query = request.query as RawQuery;
      if (single(query, 'landlord') !== landlordId || single(query, 'public') !== publicKey) return fail(reply, 401, 'Invalid credentials');
      const version = single(query, 'version');
      if (version !== STURENTS_VERSION) return fail(reply, 400, `Unsupported version ${JSON.stringify(version ?? null)}: expected version=${STURENTS_VERSION}`);
      const rawPage = single(query, 'page');
      const page = rawPage === undefined ? 1 : /^\d+$/.test(rawPage) ? Number(rawPage) : 0;
      if (page < 1) return fail(reply, 400, `Invalid page ${JSON.stringify(rawPage)}: expected an integer of 1 or more`);
      pages.set(request, page);
    });

    app.get('/api/houses', async (request) => body(houses.ordered, pages.get(request)!));
    app.get('/api/houses/added-since', async (_request, reply) => fail(reply, 400, 'Missing date: expected /api/houses/added-since/YYYY-MM-DD[/HH:MM]'));
    const addedSince = async (request: FastifyRequest, reply: FastifyReply) => {
      const { date, time } = request.params as { date: string; time?: string };
      const day = parseDate(date);
      if (day === undefined) return fail(reply, 400, `Invalid date ${JSON.stringify(date)}: expected YYYY-MM-DD`);
      const clock = time === undefined ? 0 : parseTime(time);
      if (clock === undefined) return fail(reply, 400, `Invalid time ${JSON.stringify(time)}: expected HH:MM (24-hour)`);
      return body(houses.addedAfter(day + clock), pages.get(request)!);
    };
    app.get('/api/houses/added-since/:date', addedSince);
    app.get('/api/houses/added-since/:date/:time', addedSince);
    app.get('/api/houses/:reference', async (request, reply) => {
      const house = houses.byReference.get((request.params as { reference: string }).reference);
      return house === undefined ? fail(reply, 404, 'Property not found') : body([house], 1);
    });
  };
  const routes = (root: FastifyInstance) => {
    void root.register(vendorRoutes);
  };

  const server = await startSimServer({
    name: 'sturents',
    routes,
    openapi: sturentsOpenApi,
    ...(options.port !== undefined && { port: options.port }),
    ...(options.faults !== undefined && { faults: options.faults }),
  });

  const activity = world.random('sturents:activity');
  return {
    vendor: 'sturents',
    server,
    env: { STURENTS_BASE_URL: server.origin, STURENTS_LANDLORD_ID: landlordId, STURENTS_PUBLIC_KEY: publicKey, STURENTS_API_KEY: apiKey },
    // StuRents sends no webhooks; a tick changes what the next poll sees.
    activityTick: async () => {
      if (activity.chance(0.5) && houses.addHouse(activity, now().getTime()) !== undefined) return;
      if (houses.ordered.length === 0) return;
      const house = activity.pick(houses.ordered);
      const moved = Math.round((house.rentMonthly * (1 + activity.int(-3, 6) / 100)) / 5) * 5;
      house.rentMonthly = moved === house.rentMonthly ? moved + 5 : moved;
    },
    close: () => server.close(),
  };
}

/** Midnight UTC of a real calendar day, or undefined. */
function parseDate(text: string): number | undefined {
  const match = DATE.exec(text);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day ? ms : undefined;
}

/** Milliseconds since midnight, or undefined. */
function parseTime(text: string): number | undefined {
  const match = TIME.exec(text);
  return match === null ? undefined : (Number(match[1]) * 60 + Number(match[2])) * 60_000;
}
