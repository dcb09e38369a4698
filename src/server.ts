import Fastify, { type FastifyInstance } from 'fastify';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { createRequestScope, type GatewayContext } from './request/scope.js';
import { freshMaxAgeSecondsOfExecution, freshPlugin } from './request/fresh.js';
import { buildSchema } from './schema.js';
import type { Services } from './services.js';
import { registerMetrics } from './metrics.js';
import { registerWebhookRoutes } from './webhooks/intake.js';
import { subscribeWithFreshContext } from './transport/ws-execution.js';
import { coalesceWrites } from './transport/ws-writes.js';
import { createDocumentCache } from './transport/ws-documents.js';
import { queryLimits } from './limits.js';
import { jitGateway } from './execution/jit.js';
import { routeCache } from './cache/index.js';
import { createClientKeyGate } from './http/client-keys.js';
import { documentErrorStatusPlugin, formatError } from './http/graphql-errors.js';
import { GRAPHQL_PATH, registerGraphQLRoute } from './http/graphql-route.js';
import { registerGraphiQL } from './ide/index.js';
import { createDrain, type DrainOutcome } from './drain.js';
import { gateEndpoints, gatewayAccess, mayReadDetail, NOTICE_CLIENT } from './access/index.js';

/**
 * One HTTP server: /graphql (HTTP and graphql-ws), /webhooks/*, /healthz, /readyz,
 * /metrics. Closing drains HTTP requests and websocket connections (drain.ts) within
 * RENTGRAPH_SHUTDOWN_TIMEOUT_SECONDS.
 */
export interface Gateway {
  app: FastifyInstance;
  schema: GraphQLSchema;
  /** Resolves to the URL it listens on. */
  listen(port: number, host: string): Promise<string>;
  /** Drains, then stops; says whether connections had to be cut at the deadline. */
  close(): Promise<DrainOutcome>;
}

/** Routes added by other parts of the gateway (webhook intake, ...), given the app before it listens. */
export type RouteModule = (app: FastifyInstance, services: Services) => void | Promise<void>;

/**
 * Appends the vendor failures resolvers degraded around (see partial.ts), and which served
 * data is stale (request/store-reads.ts). A response that carries either, or answers
 * anything but a query, or a query under @fresh, is never kept whole (src/cache/).
 */
const partialResultsPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (operation === undefined) return;
        if (operation.operation !== 'query') contextValue.inputs.readsLive(`a ${operation.operation}`);
        else if (operation.directives?.some((directive) => directive.name.value === 'fresh') === true) contextValue.inputs.readsLive('@fresh');
      },
      async willSendResponse({ response, contextValue }) {
        // A response that showed stored data of a vendor whose last refresh failed says so
        // (when the store cannot say, the data goes out without the note rather than not at all).
        const stale = await contextValue.readModel.staleServed().catch(() => []);
        if (stale.length > 0 && response.body.kind === 'single') {
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, freshness: { stale } };
        }
        const extra = contextValue.partial.drain();
        if (response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        if (extra.length > 0) result.errors = [...(result.errors ?? []), ...extra.map((e) => e.toJSON())];
        if (result.errors !== undefined || result.extensions !== undefined) contextValue.inputs.readsLive('errors or extensions');
      },
    };
  },
};

/** The route modules every gateway has. */
export const DEFAULT_ROUTE_MODULES: readonly RouteModule[] = [registerWebhookRoutes, registerGraphiQL];

export async function createGateway(services: Services, routeModules: readonly RouteModule[] = DEFAULT_ROUTE_MODULES): Promise<Gateway> {
  const { config } = services;
  const maskError = formatError(services.logger);
  const gate = createClientKeyGate(services.access.keyring);
  const access = gatewayAccess(services.access, gate);
  const schema = buildSchema();
  // Connections are cut by the drain at its deadline, not by Fastify when closing starts.
  const app = Fastify({ logger: false, forceCloseConnections: false, bodyLimit: 1_048_576, trustProxy: false });
  const wsServer = new WebSocketServer({ server: app.server, path: GRAPHQL_PATH });
  const drain = createDrain(app, wsServer, config.shutdownTimeoutMillis);
  wsServer.on('connection', (websocket, request) => coalesceWrites(websocket, request.socket));
  const limits = queryLimits<GatewayContext>();
  // What a subscriber is sent for a result: errors masked as HTTP responses mask them.
  const masked = (data: Record<string, unknown> | null | undefined, errors: readonly GraphQLError[]) => ({ data: data ?? null, errors: errors.map((error) => maskError(error.toJSON(), error)) });
  const noticePayload = (result: ExecutionResult): unknown => (result.errors === undefined ? result : masked(result.data, result.errors));
  const documents = createDocumentCache({ extraRules: limits.validationRules, parseOptions: limits.parseOptions });
  const wsCleanup = useServer<Record<string, unknown>>(
    {
      schema,
      // Rate limit, trusted documents and scopes around parsing and validation (src/access/ws.ts).
      onSubscribe: async (ctx, _id, payload) => {
        const prepared = await access.ws.onSubscribe(ctx, payload, (trusted) => documents.prepare(schema, trusted));
        if (Array.isArray(prepared)) return prepared;
        // A query under @fresh with a negative age is refused here, before it runs.
        try {
          freshMaxAgeSecondsOfExecution(prepared);
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        return prepared;
      },
      // Refused connections are closed with 4403 Forbidden before any operation.
      onConnect: (ctx) => access.ws.onConnect(ctx),
      // Object.assign, not a spread: a spread would call the context's lazy getters.
      context: (ctx, id, _payload, args) => {
        const scope = Object.assign(createRequestScope(services.ports, { client: access.ws.clientOf(ctx) }), {
          closeConnection: (code: number, reason: string) => ctx.extra.socket.close(code, reason),
          // Notices of a subscription are written to its connection directly (transport/notice-delivery.ts).
          noticeTarget: { socket: ctx.extra.socket, id },
        });
        const maxAgeSeconds = freshMaxAgeSecondsOfExecution(args);
        if (maxAgeSeconds !== null) scope.readModel.requireFresh(maxAgeSeconds * 1000);
        return scope;
      },
      subscribe: subscribeWithFreshContext(() => createRequestScope(services.ports, { client: NOTICE_CLIENT }), noticePayload),
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors === undefined ? undefined : masked(result.data, result.errors)),
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => maskError(error.toJSON(), error)),
    },
    wsServer,
  );
  // ws re-emits every error of the HTTP server, a failed listen among them, which listen()
  // already reports; graphql-ws would print each with a stack trace. Only errors while
  // serving are the websocket server's own.
  wsServer.removeAllListeners('error');
  wsServer.on('error', (error) => {
    if (app.server.listening) services.logger.error({ err: error }, 'the websocket server failed');
  });

  const compiled = config.jit ? jitGateway(schema) : null;
  const apollo = new ApolloServer<GatewayContext>({
    // Apollo takes either a schema (graphql-js executes) or a gateway with its own executor.
    ...(compiled === null ? { schema } : { gateway: compiled }),
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    csrfPrevention: true,
    // The CLI owns SIGTERM/SIGINT. Apollo's own handler would call stop() beside the CLI's,
    // and a stop() called while another is under way never returns in Apollo Server 5.
    stopOnTerminationSignals: false,
    introspection: !config.production,
    formatError: maskError,
    includeStacktraceInErrorResponses: false,
    // Compact JSON: the default indents every response, a measurable share of a large page's CPU.
    stringifyResult: (result) => JSON.stringify(result),
    plugins: [
      // The graph sets no cache hints; the default cache-control plugin would still hook every field.
      ApolloServerPluginCacheControlDisabled(),
      drain.plugin,
      partialResultsPlugin,
      freshPlugin,
      documentErrorStatusPlugin,
      ...limits.plugins,
      access.plugin,
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
      config.production ? ApolloServerPluginLandingPageProductionDefault({ footer: false }) : ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false }),
    ],
  });
  await apollo.start();

  registerGraphQLRoute(app, {
    apollo,
    gate,
    logger: services.logger,
    access: access.route,
    cache: services.responseCache === null ? null : routeCache(services.responseCache),
    context: async (request, _reply, client) => {
      const key = request.headers['idempotency-key'];
      return createRequestScope(services.ports, { client, idempotencyKey: typeof key === 'string' && key.trim() !== '' ? key.trim() : null });
    },
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    const { checks, database, replica } = await services.readiness();
    const ready = Object.values(checks).every((value) => value === true);
    // The checks, the database and the replica's role only to an ADMIN key; a load balancer needs the status alone.
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'starting', ...(mayReadDetail(services.access.keyring, request) && { checks, database, replica }) });
  });
  gateEndpoints(app, { keyring: services.access.keyring, metricsPublic: services.access.metricsPublic });
  registerMetrics(app, services, compiled);
  for (const register of routeModules) await register(app, services);

  let closing: Promise<DrainOutcome> | null = null;
  return {
    app,
    schema,
    async listen(port, host) {
      await app.listen({ port, host });
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('the gateway did not get a TCP address');
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${shownHost}:${address.port}`;
    },
    close() {
      closing ??= (async () => {
        await apollo.stop();
        await new Promise<void>((resolve) => wsServer.close(() => resolve()));
        await app.close();
        return drain.outcome() ?? { clean: true, cutConnections: 0, cutWebsockets: 0, durationMillis: 0 };
      })();
      return closing;
    },
  };
}
