import { Readable } from 'node:stream';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { WWW_AUTHENTICATE, type ClientKeyGate } from './client-keys.js';
import { isRefusal, type Client, type RouteAccess } from '../access/index.js';
import { graphqlErrorHandler, responseMediaType, sendGraphQLError, shown } from './graphql-errors.js';
import type { RouteCache } from '../cache/index.js';

export interface GraphQLRouteOptions<C extends BaseContext> {
  apollo: ApolloServer<C>;
  /** Key checks; the same gate decides graphql-ws connections. */
  gate: ClientKeyGate;
  logger: Logger;
  /** Builds an operation's context; called only for a client whose key was accepted. */
  context: (request: FastifyRequest, reply: FastifyReply, client: Client) => Promise<C>;
  /** Rate limits and trusted documents, once the key was accepted (src/access/http.ts). */
  access?: RouteAccess;
  /** Whole responses kept while what they read stands (src/cache/); none when off. */
  cache?: RouteCache<C> | null;
}

export const GRAPHQL_PATH = '/graphql';

/** The methods GraphQL over HTTP uses; OPTIONS and HEAD are Fastify's and Apollo's to answer. */
const GRAPHQL_METHODS = ['GET', 'POST', 'OPTIONS'];
/** Other methods are answered 405 in the GraphQL error shape rather than with Fastify's 404 body. */
const OTHER_METHODS = ['PUT', 'DELETE', 'PATCH'];

/** The query string exactly as Apollo reads it (`?` and all), from the request line alone. */
const searchOf = (url: string): string => {
  const start = url.indexOf('?');
  return start === -1 ? '' : url.slice(start);
};

function headerMapOf(headers: FastifyRequest['headers']): HeaderMap {
  const map = new HeaderMap();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) map.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return map;
}

/**
 * POST/GET /graphql on Apollo. The Apollo handler is ours rather than
 * @as-integrations/fastify's: that one builds the search string with
 * `new URL(request.url, <the Host header>)`, so a request with an unusable Host header
 * failed with a 500, and it could not share the search string the key gate decides on.
 */
export function registerGraphQLRoute<C extends BaseContext>(app: FastifyInstance, options: GraphQLRouteOptions<C>): void {
  const { apollo, gate, logger } = options;
  const errorHandler = graphqlErrorHandler(logger);
  app.route({
    method: GRAPHQL_METHODS,
    url: GRAPHQL_PATH,
    errorHandler,
    // Before the body is read: a client without a key costs no parsing.
    onRequest: async (request, reply) => {
      const refusal = gate.refusalOf(request, searchOf(request.url));
      if (refusal !== null) return sendGraphQLError(request, reply, { status: 401, code: 'UNAUTHENTICATED', message: refusal.message, headers: { 'www-authenticate': WWW_AUTHENTICATE } });
      const limited = options.access?.admit(request) ?? null;
      if (limited !== null) return sendGraphQLError(request, reply, limited);
    },
    handler: async (request, reply) => {
      if (request.method === 'POST' && Array.isArray(request.body)) {
        // Apollo's batching stays off: the cost limit holds per operation, and a batch would multiply it.
        return sendGraphQLError(request, reply, {
          status: 400,
          code: 'BAD_USER_INPUT',
          message: `expected one operation per request (a JSON object with "query"), got a batch of ${request.body.length}; send each operation in its own request`,
        });
      }
      if (request.method === 'POST' && responseMediaType(request.headers.accept) === null) {
        // Apollo would run the operation (a mutation too) and only then find no type to answer in.
        return sendGraphQLError(request, reply, {
          status: 406,
          code: 'BAD_USER_INPUT',
          message: `expected an Accept header that takes application/json or application/graphql-response+json, got ${shown(request.headers.accept)}`,
        });
      }
      const parameters = options.access?.parameters(request, { body: request.body, search: searchOf(request.url) }) ?? { body: request.body, search: searchOf(request.url) };
      if (isRefusal(parameters)) return sendGraphQLError(request, reply, parameters);
      const cache = options.cache ?? null;
      // Without an accepted key (the landing page) Apollo answers, as always.
      const client = cache === null ? null : gate.clientOf(request);
      const key = client === null ? null : cache!.keyOf(request, parameters, client);
      const mediaType = responseMediaType(request.headers.accept);
      // A request in no media type it accepts goes to Apollo, which refuses it.
      if (key !== null && mediaType !== null) {
        const kept = cache!.find(key);
        if (kept !== null) {
          // Only answers with no errors are kept: a 200 in either media type.
          return reply
            .header('content-type', `${mediaType}; charset=utf-8`)
            .header('cache-status', 'rentgraph; hit')
            .send(kept);
        }
      }
      const builtAt = cache?.begin() ?? 0;
      let context: C | null = null;
      const httpGraphQLRequest: HTTPGraphQLRequest = {
        method: request.method.toUpperCase(),
        headers: headerMapOf(request.headers),
        search: parameters.search,
        body: parameters.body,
      };
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => (context = await options.context(request, reply, gate.assertClient(request))),
      });
      for (const [name, value] of response.headers) void reply.header(name, value);
      void reply.code(response.status ?? 200);
      if (response.body.kind === 'complete') {
        if (key !== null && context !== null && (response.status ?? 200) === 200) {
          // RFC 9211: answered by the gateway, and whether it was kept for the next ask.
          void reply.header('cache-status', cache!.keep(key, response.body.string, context, builtAt) ? 'rentgraph; fwd=miss; stored' : 'rentgraph; fwd=miss');
        }
        return response.body.string;
      }
      return reply.send(Readable.from(response.body.asyncIterator));
    },
  });
  app.route({
    method: OTHER_METHODS,
    url: GRAPHQL_PATH,
    errorHandler,
    handler: async (request, reply) =>
      sendGraphQLError(request, reply, {
        status: 405,
        code: 'BAD_USER_INPUT',
        message: `expected GET or POST on ${GRAPHQL_PATH}, got ${request.method}`,
        headers: { allow: 'GET, POST' },
      }),
  });
}
