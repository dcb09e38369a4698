import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { startSimServer } from '../kit/server.js';
import { single, type RawQuery } from '../kit/query.js';
import { SIM_CREDENTIALS } from '../credentials.js';
import { systemClock, type RunningSimulator, type SimulatorOptions } from '../types.js';
import { leaseStatus, rentrollLease, rentrollUnits } from './data.js';
import { rentrollOpenApi } from './openapi.js';

export interface RentrollSimulatorOptions extends SimulatorOptions {
  /** Bearer token to require; null = an open deployment. Default: the simulator credential. */
  apiToken?: string | null;
}

const IS_ACTIVE_ERROR = 'isActive is required and must be true or false';
const STATUS_ERROR = 'status must be one of Past, Current, Future';

/** The rent roll: GET /units and GET /leases, whole arrays, no paging, no id filter. */
export async function startRentrollSimulator(options: RentrollSimulatorOptions): Promise<RunningSimulator> {
  const token = options.apiToken === undefined ? SIM_CREDENTIALS.rentroll.apiToken : options.apiToken;
  const { world } = options;
  const now = options.now ?? systemClock;
  // Unit rows are fixed for the world's life; build them once, serialize per request.
  const units = rentrollUnits(world);

  const authorized = (request: FastifyRequest): boolean => {
    if (token === null) return true;
    const header = request.headers.authorization ?? '';
    const expected = Buffer.from(`Bearer ${token}`);
    const given = Buffer.from(header);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const parseIsActive = (query: RawQuery): boolean | undefined => {
    const value = single(query, 'isActive');
    return value === 'true' ? true : value === 'false' ? false : undefined;
  };

  const routes = (app: FastifyInstance) => {
    app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      // The simulator's own surface (/__sim/*, /openapi.json) is open, as in every simulator.
      if (request.url.startsWith('/__sim/') || request.url === '/openapi.json') return;
      if (!authorized(request)) return reply.code(401).send({ error: 'Unauthorized' });
    });
    app.get('/units', async (request, reply) => {
      const isActive = parseIsActive(request.query as RawQuery);
      if (isActive === undefined) return reply.code(400).send({ error: IS_ACTIVE_ERROR });
      return units.filter((u) => u.active === isActive).map(({ active: _active, ...row }) => row);
    });
    app.get('/leases', async (request, reply) => {
      const query = request.query as RawQuery;
      const isActive = parseIsActive(query);
      if (isActive === undefined) return reply.code(400).send({ error: IS_ACTIVE_ERROR });
      const status = single(query, 'status');
      if (status !== undefined && status !== 'Past' && status !== 'Current' && status !== 'Future') {
        return reply.code(400).send({ error: STATUS_ERROR });
      }
      const today = now();
      return world.leases
        .filter((lease) => {
          const s = leaseStatus(lease, today);
          return (s !== 'Past') === isActive && (status === undefined || s === status);
        })
        .map(rentrollLease);
    });
  };

  const server = await startSimServer({
    name: 'rentroll',
    routes,
    openapi: rentrollOpenApi,
    ...(options.port !== undefined && { port: options.port }),
    ...(options.faults !== undefined && { faults: options.faults }),
  });
  return {
    vendor: 'rentroll',
    server,
    env: { RENTROLL_BASE_URL: server.origin, ...(token !== null && { RENTROLL_API_TOKEN: token }) },
    close: () => server.close(),
  };
}
