import { HeaderMap } from '@apollo/server';
import type { FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { authenticate } from '../auth.js';

/**
 * The client-key rule of /graphql (RENTGRAPH_API_KEYS, or loopback only when none are
 * configured): every GraphQL execution needs a valid key, whatever the method, encoding,
 * batching or persisted-query form; only Apollo's landing page for a GET that carries no
 * operation may be served without one.
 *
 * The rule is decided on the request as Apollo will read it (the same search string,
 * decoded by URLSearchParams as Apollo decodes it), never on the raw URL text. It is
 * applied twice: once on arrival, so an unauthenticated client never gets its body
 * parsed, and again where Apollo builds the context of an operation, so nothing that
 * reaches execution has skipped it.
 */
export interface ClientKeyGate {
  /** Null when the request may proceed; else the 401 error to answer with. Decided once per request. */
  refusalOf(request: FastifyRequest, search: string): GraphQLError | null;
  /** Throws the 401 error when the request's client has no valid key (for Apollo's context function). */
  assertClient(request: FastifyRequest): void;
  /** Null when a graphql-ws connection may open; else why not. */
  connectionRefusal(connectionParams: Readonly<Record<string, unknown>> | undefined, remoteAddress: string | undefined): GraphQLError | null;
}

/** The GraphQL-over-HTTP parameters of a GET; any of them makes the GET an operation. */
const OPERATION_PARAMETERS = ['query', 'operationName', 'variables', 'extensions'] as const;

/** A GET that can only be answered with the landing page (or a 400): it names no operation at all. */
function isLandingPageRequest(method: string, search: string): boolean {
  if (method !== 'GET') return false;
  const params = new URLSearchParams(search);
  return OPERATION_PARAMETERS.every((name) => !params.has(name));
}

/** The header Apollo and the hook both answer a refused key with (RFC 9110 asks a 401 to name its scheme). */
export const WWW_AUTHENTICATE = 'Bearer realm="rentgraph"';

export function createClientKeyGate(apiKeys: readonly string[]): ClientKeyGate {
  const verdicts = new WeakMap<FastifyRequest, GraphQLError | null>();
  const failureOf = (request: FastifyRequest): GraphQLError | null => {
    let failure = verdicts.get(request);
    if (failure === undefined) {
      failure = authenticate(apiKeys, {
        authorization: request.headers.authorization,
        apiKey: request.headers['x-api-key'],
        remoteAddress: request.socket.remoteAddress,
      });
      verdicts.set(request, failure);
    }
    return failure;
  };
  return {
    refusalOf(request, search) {
      const failure = failureOf(request);
      return failure === null || isLandingPageRequest(request.method, search) ? null : failure;
    },
    assertClient(request) {
      const failure = failureOf(request);
      if (failure === null) return;
      // Apollo takes the status and headers of an error thrown by the context function from `extensions.http`.
      throw new GraphQLError(failure.message, {
        extensions: { ...failure.extensions, http: { status: 401, headers: new HeaderMap([['www-authenticate', WWW_AUTHENTICATE]]) } },
      });
    },
    connectionRefusal(connectionParams, remoteAddress) {
      const params = connectionParams ?? {};
      return authenticate(apiKeys, {
        authorization: params['authorization'] ?? params['Authorization'],
        apiKey: params['x-api-key'] ?? params['apiKey'],
        remoteAddress,
      });
    },
  };
}
