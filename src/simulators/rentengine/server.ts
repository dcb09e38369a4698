import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebhookStats } from '../kit/webhooks.js';
import { startSimServer } from '../kit/server.js';
import { SIM_CREDENTIALS } from '../credentials.js';
import { systemClock, type RunningSimulator, type SimulatorOptions } from '../types.js';
import { createActivity, type RentengineActivity } from './activity.js';
import type { RouteContext } from './context.js';
import { bearerMatches, createRateLimiter, type RateLimit } from './guard.js';
import { rentengineOpenApi } from './openapi.js';
import { accountRoutes } from './routes-accounts.js';
import { lockboxRoutes } from './routes-lockboxes.js';
import { propertyRoutes } from './routes-properties.js';
import { prospectRoutes } from './routes-prospects.js';
import { showingRoutes } from './routes-showings.js';
import { unitRoutes } from './routes-units.js';
import { seedRentengine } from './seed.js';
import { RentengineStore } from './store.js';
import { ApiError } from './validate.js';
import { createRentengineWebhooks } from './webhooks.js';

export const BASE_PATH = '/api/public/v1';

export interface RentengineSimulatorOptions extends SimulatorOptions {
  /** Requests allowed per token in a sliding window; null disables. Default 20 per 5_000 ms (ASSUMPTIONS.md). */
  rateLimit?: RateLimit | null;
  /** Bearer token the API accepts. Default SIM_CREDENTIALS.rentengine.apiToken. */
  apiToken?: string;
  /** Sent as x-api-token on webhooks. Default SIM_CREDENTIALS.rentengine.webhookToken. */
  webhookToken?: string;
}

export interface RunningRentengineSimulator extends RunningSimulator {
  activityTick: () => Promise<void>;
  /** The simulator's state, for tests that need to look behind the API. */
  store: RentengineStore;
  /** Single activity steps, each a real write announced by webhook (unit update, new prospect, ...). */
  activity: RentengineActivity;
  webhooks: {
    stats(): WebhookStats;
    /** Resolves once every delivery so far got a 2xx or gave up. */
    idle(): Promise<void>;
  };
}

const DEFAULT_RATE_LIMIT: RateLimit = { requests: 20, windowMillis: 5_000 };

/** RentEngine's public API under /api/public/v1, seeded from the world, with webhooks and live activity. */
export async function startRentengineSimulator(options: RentengineSimulatorOptions): Promise<RunningRentengineSimulator> {
  const apiToken = options.apiToken ?? SIM_CREDENTIALS.rentengine.apiToken;
  const webhookToken = options.webhookToken ?? SIM_CREDENTIALS.rentengine.webhookToken;
  const rateLimit = options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : options.rateLimit;
  const limiter = rateLimit === null ? null : createRateLimiter(rateLimit);
  const webhooks = createRentengineWebhooks({ url: options.webhookUrl, token: webhookToken, retryScale: options.retryScale ?? 0.001 });
  const store = new RentengineStore(seedRentengine(options.world), options.world.random('rentengine:runtime'), (change) => webhooks.emit(change), options.now ?? systemClock);
  const context: RouteContext = { store, random: options.world.random('rentengine:codes') };
  const activity = createActivity(store, options.world.random('rentengine:activity'));

  const api = async (scope: FastifyInstance) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (!bearerMatches(request.headers.authorization, apiToken)) return reply.code(401).send({ error: 'Unauthorized' });
      const retryAfter = limiter?.(apiToken, Date.now()) ?? null;
      if (retryAfter !== null) return reply.code(429).header('retry-after', String(retryAfter)).send({ error: 'Too Many Requests' });
    });
    scope.setErrorHandler((error: unknown, _request: FastifyRequest, reply: FastifyReply) => {
      if (error instanceof ApiError) return reply.code(error.status).send({ error: error.message, ...(error.details !== undefined && { details: error.details }) });
      const status = (error as { statusCode?: unknown }).statusCode;
      // Fastify's own 4xx (unparseable JSON, wrong content type) keep their status and message.
      if (typeof status === 'number' && status >= 400 && status < 500) return reply.code(status).send({ error: (error as Error).message });
      return reply.code(500).send({ error: 'Internal Server Error' });
    });
    scope.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `Not Found: ${request.method} ${request.url.split('?')[0]}` }));
    unitRoutes(scope, context);
    lockboxRoutes(scope, context);
    prospectRoutes(scope, context);
    propertyRoutes(scope, context);
    accountRoutes(scope, context);
    showingRoutes(scope, context);
  };

  const server = await startSimServer({
    name: 'rentengine',
    routes: async (app) => {
      await app.register(api, { prefix: BASE_PATH });
    },
    openapi: rentengineOpenApi,
    ...(options.port !== undefined && { port: options.port }),
    ...(options.faults !== undefined && { faults: options.faults }),
  });

  return {
    vendor: 'rentengine',
    server,
    env: { RENTENGINE_BASE_URL: `${server.origin}${BASE_PATH}`, RENTENGINE_API_TOKEN: apiToken, RENTENGINE_WEBHOOK_TOKEN: webhookToken },
    store,
    activity,
    activityTick: async () => activity.tick(),
    webhooks: { stats: () => webhooks.stats(), idle: () => webhooks.idle() },
    close: async () => {
      webhooks.close();
      await server.close();
    },
  };
}
