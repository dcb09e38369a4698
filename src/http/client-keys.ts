import { HeaderMap } from '@apollo/server';
import type { FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import type { Authenticated, Keyring } from '../access/keyring.js';
import type { Client } from '../access/scopes.js';

/**
 * The client-key rule of /graphql (RENTGRAPH_API_KEYS and RENTGRAPH_API_KEYS_FILE, or
 * loopback only when none are configured; see src/access/keyring.ts): every GraphQL
 * execution needs a valid key, whatever the method, encoding, batching or
 * persisted-query form; only Apollo's landing page for a GET that carries no operation
 * may be served without one.
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
  /** The request's client; throws the 401 error when it has no valid key (for Apollo's context function). */
  assertClient(request: FastifyRequest): Client;
  /** The request's client once its key was accepted; null when it was not. */
  clientOf(request: FastifyRequest): Client | null;
  /** The client a graphql-ws connection opens as (with its key's digest); else why it may not open. */
  connectionClient(connectionParams: Readonly<Record<string, unknown>> | undefined, remoteAddress: string | undefined): Authenticated | GraphQLError;
}

/** The GraphQL-over-HTTP parameters of a GET; any of them makes the GET an operation. */
const OPERATION_PARAMETERS = ['query', 'operationName', 'variables', 'extensions', 'documentId'] as const;

/** A GET that can only be answered with the landing page (or a 400): it names no operation at all. */
function isLandingPageRequest(method: string, search: string): boolean {
  if (method !== 'GET') return false;
  const params = new URLSearchParams(search);
  return OPERATION_PARAMETERS.every((name) => !params.has(name));
}

/** The header Apollo and the hook both answer a refused key with (RFC 9110 asks a 401 to name its scheme). */
export const WWW_AUTHENTICATE = 'Bearer realm="rentgraph"';

export function createClientKeyGate(keyring: Keyring): ClientKeyGate {
  const verdicts = new WeakMap<FastifyRequest, Authenticated | GraphQLError>();
  const verdictOf = (request: FastifyRequest): Authenticated | GraphQLError => {
    let verdict = verdicts.get(request);
    if (verdict === undefined) {
      verdict = keyring.authenticate({
        authorization: request.headers.authorization,
        apiKey: request.headers['x-api-key'],
        remoteAddress: request.socket.remoteAddress,
      });
      verdicts.set(request, verdict);
    }
    return verdict;
  };
  const failureOf = (request: FastifyRequest): GraphQLError | null => {
    const verdict = verdictOf(request);
    return verdict instanceof GraphQLError ? verdict : null;
  };
  return {
    refusalOf(request, search) {
      const failure = failureOf(request);
      return failure === null || isLandingPageRequest(request.method, search) ? null : failure;
    },
    assertClient(request) {
      const verdict = verdictOf(request);
      if (!(verdict instanceof GraphQLError)) return verdict.client;
      // Apollo takes the status and headers of an error thrown by the context function from `extensions.http`.
      throw new GraphQLError(verdict.message, {
        extensions: { ...verdict.extensions, http: { status: 401, headers: new HeaderMap([['www-authenticate', WWW_AUTHENTICATE]]) } },
      });
    },
    clientOf(request) {
      const verdict = verdictOf(request);
      return verdict instanceof GraphQLError ? null : verdict.client;
    },
    connectionClient(connectionParams, remoteAddress) {
      const params = connectionParams ?? {};
      return keyring.authenticate({
        authorization: params['authorization'] ?? params['Authorization'],
        apiKey: params['x-api-key'] ?? params['apiKey'],
        remoteAddress,
      });
    },
  };
}
