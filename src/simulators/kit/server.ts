import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { mergeFaults, NO_FAULTS, type FaultSettings } from './faults.js';

/**
 * The frame every vendor simulator runs in: one Fastify server on loopback with the
 * vendor's documented routes, plus the simulator-only surface:
 *   GET  /__sim/stats          request counters by route ("GET /units": 3)
 *   POST /__sim/stats/reset    zero them
 *   GET|PUT /__sim/faults      latency and faults (see faults.ts)
 *   GET  /__sim/requests       the last 200 requests (method, url, headers, body), newest last
 *   GET  /openapi.json         the vendor's documented surface
 */
export interface SimServerOptions {
  /** Vendor name for logs and stats. */
  name: string;
  /** Registers the vendor's documented routes. */
  routes: (app: FastifyInstance) => void | Promise<void>;
  /** OpenAPI 3.1 document of the documented surface. */
  openapi: object;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Faults in force from the start. */
  faults?: Partial<FaultSettings>;
  /** Largest request body accepted, in bytes. Default 1 MiB. */
  bodyLimitBytes?: number;
}

export interface SimServer {
  readonly name: string;
  /** Origin, e.g. http://127.0.0.1:43121 */
  readonly origin: string;
  readonly app: FastifyInstance;
  stats(): SimStats;
  /** Zeroes the counters and forgets recorded requests. */
  resetStats(): void;
  /** The last 200 requests to the documented surface, oldest first. */
  requests(): RecordedRequest[];
  setFaults(update: Partial<FaultSettings>): void;
  close(): Promise<void>;
}

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, when there was one. */
  body: unknown;
  at: string;
}

export interface SimStats {
  total: number;
  byRoute: Record<string, number>;
}

const SIM_PATH = /^\/(__sim\/|openapi\.json)/;

export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: options.bodyLimitBytes ?? 1_048_576, routerOptions: { ignoreTrailingSlash: true } });
  let faults: FaultSettings = { ...NO_FAULTS, ...options.faults, script: [...(options.faults?.script ?? [])] };
  let stats: SimStats = { total: 0, byRoute: {} };
  const hanging = new Set<FastifyReply>();
  let recorded: RecordedRequest[] = [];

  // Bodies are parsed after onRequest, so requests are recorded once the body is known.
  app.addHook('preValidation', async (request: FastifyRequest) => {
    if (SIM_PATH.test(request.url)) return;
    recorded.push({ method: request.method, url: request.url, headers: { ...request.headers }, body: request.body ?? null, at: new Date().toISOString() });
    if (recorded.length > 200) recorded = recorded.slice(-200);
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (SIM_PATH.test(request.url)) return;
    const route = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
    stats.total++;
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
    if (faults.latencyMillis > 0) await sleep(faults.latencyMillis);
    if (faults.hang) {
      hanging.add(reply);
      reply.hijack();
      return;
    }
    if (faults.rateLimitBurst > 0) {
      faults.rateLimitBurst--;
      return reply.code(429).header('retry-after', String(faults.retryAfterSeconds)).send({ error: 'Too Many Requests' });
    }
    const scripted = faults.script.shift();
    if (scripted !== undefined && scripted >= 400) return reply.code(scripted).send({ error: `simulated ${scripted}` });
    if (scripted === undefined && faults.errorRate > 0 && Math.random() < faults.errorRate) {
      return reply.code(faults.errorStatus).send({ error: `simulated ${faults.errorStatus}` });
    }
    if (faults.malformedJson) {
      return reply.code(200).header('content-type', 'application/json').send('{"rows": [ {"id": 1,');
    }
    if (faults.truncatedBody) {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
      // Close only once the partial body is on the wire; destroying at once can drop it unsent.
      reply.raw.write('[{"id":1,"name":"trunc', () => reply.raw.destroy());
    }
  });

  app.get('/__sim/stats', async () => stats);
  app.post('/__sim/stats/reset', async () => {
    stats = { total: 0, byRoute: {} };
    recorded = [];
    return stats;
  });
  app.get('/__sim/requests', async () => recorded);
  app.get('/__sim/faults', async () => faults);
  app.put('/__sim/faults', async (request, reply) => {
    const merged = mergeFaults(faults, request.body);
    if (typeof merged === 'string') return reply.code(400).send({ error: merged });
    faults = merged;
    return faults;
  });
  app.get('/openapi.json', async () => options.openapi);

  await options.routes(app);
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error(`${options.name} simulator did not get a TCP address`);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    name: options.name,
    origin: `http://${host}:${address.port}`,
    app,
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = { total: 0, byRoute: {} };
      recorded = [];
    },
    requests: () => structuredClone(recorded),
    setFaults: (update) => {
      const merged = mergeFaults(faults, update);
      if (typeof merged === 'string') throw new TypeError(merged);
      faults = merged;
    },
    close: async () => {
      for (const reply of hanging) reply.raw.destroy();
      hanging.clear();
      await app.close();
    },
  };
}

export function sleep(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}
