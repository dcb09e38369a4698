import type { FastifyRequest } from 'fastify';
import type { Client } from '../access/scopes.js';
import type { GatewayContext } from '../request/scope.js';
import { passesCsrfPrevention, responseKeyOf, type OperationParameters } from './request-key.js';
import type { ResponseCache } from './response-cache.js';

export { ChangeVersions } from './change-versions.js';
export { ResponseCache, type ResponseCacheStats } from './response-cache.js';

/** What the GraphQL route asks of the response cache (src/http/graphql-route.ts). */
export interface RouteCache<C> {
  /** The key of this request's response; null when it may not be answered from the cache. */
  keyOf(request: FastifyRequest, parameters: OperationParameters, client: Client): string | null;
  find(key: string): Buffer | null;
  /** The change count a response begun now is built on. */
  begin(): number;
  /** Keeps a 200 response if what it was built from (its context's inputs) allows; says whether it did. */
  keep(key: string, body: string, context: C, builtAt: number): boolean;
}

export function routeCache(cache: ResponseCache): RouteCache<GatewayContext> {
  return {
    keyOf(request, parameters, client) {
      if (!passesCsrfPrevention(request.headers)) return null;
      return responseKeyOf(request.method, parameters, client.scopes);
    },
    find: (key) => cache.find(key),
    begin: () => cache.begin(),
    keep(key, body, context, builtAt) {
      if (context.inputs.live !== null) return false;
      return cache.keep(key, body, { topics: context.inputs.topics, expiresAt: context.inputs.expiresAt }, builtAt);
    },
  };
}
