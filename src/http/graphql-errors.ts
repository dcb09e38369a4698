import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import Negotiator from 'negotiator';
import type { Logger } from 'pino';
import { ERROR_CODES, VendorError, type ErrorCode } from '../errors.js';

/**
 * One shape for every error /graphql answers: `{errors: [{message, extensions: {code}}]}`
 * with a code from the closed list (src/errors.ts), whether Apollo, Fastify or a resolver
 * raised it, and the status GraphQL over HTTP asks for.
 */

/** The response media types of GraphQL over HTTP, written as Apollo writes them. */
const MEDIA_TYPES = {
  json: 'application/json; charset=utf-8',
  jsonCallback: 'application/json; callbackSpec=1.0; charset=utf-8',
  graphqlResponse: 'application/graphql-response+json; charset=utf-8',
} as const;

export type ResponseMediaType = 'application/json' | 'application/graphql-response+json';

/**
 * What a client's Accept header gets, negotiated among the same types and with the same
 * library as Apollo, so this and Apollo's content-type always agree. No Accept header is
 * a legacy client: application/json. Null when the header accepts neither.
 */
export function responseMediaType(accept: string | undefined): ResponseMediaType | null {
  if (accept === undefined || accept === '') return 'application/json';
  const preferred = new Negotiator({ headers: { accept } }).mediaType([MEDIA_TYPES.json, MEDIA_TYPES.graphqlResponse, MEDIA_TYPES.jsonCallback]);
  if (preferred === undefined) return null;
  return preferred === MEDIA_TYPES.graphqlResponse ? 'application/graphql-response+json' : 'application/json';
}

/** Answers a request Apollo never saw (refused key, unreadable body, ...) in the one error shape. */
export function sendGraphQLError(
  request: FastifyRequest,
  reply: FastifyReply,
  failure: { status: number; code: ErrorCode; message: string; headers?: Readonly<Record<string, string>> },
): FastifyReply {
  const mediaType = responseMediaType(request.headers.accept) ?? 'application/json';
  return reply
    .code(failure.status)
    .headers({ ...failure.headers, 'content-type': `${mediaType}; charset=utf-8` })
    .send(JSON.stringify({ errors: [{ message: failure.message, extensions: { code: failure.code } }] }));
}

/** Apollo's codes for requests it could not run; each is the client's mistake. */
const APOLLO_INPUT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);

/** The HTTP status an error asks for in `extensions.http` (Apollo's convention). */
function httpStatusOf(error: unknown): number | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  const http = error.extensions['http'];
  const status = typeof http === 'object' && http !== null ? (http as { status?: unknown }).status : undefined;
  return typeof status === 'number' ? status : undefined;
}

/** Keeps errors made on purpose; masks everything else as INTERNAL so no internals leak. */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof Error && 'originalError' in error ? (error as { originalError?: unknown }).originalError : undefined;
    if (original instanceof VendorError) return original.toGraphQLError(formatted.path).toJSON();
    const code = formatted.extensions?.['code'];
    if (typeof code === 'string' && ERROR_CODES.includes(code as ErrorCode) && code !== 'INTERNAL') return formatted;
    const asInput = { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
    if (typeof code === 'string' && APOLLO_INPUT_CODES.has(code)) return asInput;
    // Apollo refuses some requests with a 4xx status but no code of their own (a persisted
    // query whose hash does not match its text, an unknown persisted-query version).
    const status = httpStatusOf(error);
    if (original === undefined && status !== undefined && status >= 400 && status < 500) return asInput;
    logger.error({ err: original ?? error, path: formatted.path }, 'unexpected error while resolving');
    return { message: 'Internal server error', ...(formatted.path !== undefined && { path: formatted.path }), extensions: { code: 'INTERNAL' } };
  };
}

/** Apollo's codes (before formatError) for a document that could not run: unparsable, invalid, over a limit, or variables that do not fit. */
const DOCUMENT_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);

/**
 * GraphQL over HTTP: a well-formed request whose document cannot run is answered 400
 * with `application/graphql-response+json`, but 200 with `application/json`, whose
 * clients and intermediaries may not read the body of a non-2xx answer. Apollo answers
 * 400 to both; this sets 200 for the second. Malformed requests (no query, bad parameters) stay 400 for both.
 */
const documentErrorStatus: GraphQLRequestListener<BaseContext> = {
  async willSendResponse({ request, response, errors }) {
    if (response.http.status !== 400 || response.body.kind !== 'single' || response.body.singleResult.data !== undefined) return;
    if (errors === undefined || errors.length === 0 || !errors.every((error) => DOCUMENT_ERROR_CODES.has(String(error.extensions['code'])))) return;
    if (responseMediaType(request.http?.headers.get('accept')) === 'application/json') response.http.status = 200;
  },
};
// One listener for every request: it keeps no state, and a large page's CPU counts every allocation.
export const documentErrorStatusPlugin: ApolloServerPlugin<BaseContext> = { requestDidStart: async () => documentErrorStatus };

/** Client text shown in a message, quoted and cut short. */
export const shown = (text: string | undefined): string => (text === undefined || text === '' ? 'none' : JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text));

const EXPECTED_BODY = 'a JSON object such as {"query": "{ __typename }"}';

/** What a request Fastify could not read did wrong, said as expected-and-got. */
function clientMessageOf(error: FastifyError, request: FastifyRequest): string {
  switch (error.code) {
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return `expected ${EXPECTED_BODY} in the body, got an empty body`;
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return `expected ${EXPECTED_BODY} in the body, got text that is not valid JSON (or that sets __proto__ or constructor.prototype)`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `expected content-type application/json, got ${shown(request.headers['content-type'])}`;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `expected a body of at most ${request.routeOptions.bodyLimit} bytes, got a larger one`;
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'expected a body as long as its content-length header says, got one of another length';
    default:
      return error.message;
  }
}

/** Fastify's error handler for /graphql: what it refuses before Apollo runs (bodies, media types, sizes) in the one shape. */
export function graphqlErrorHandler(logger: Logger) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return sendGraphQLError(request, reply, { status, code: 'BAD_USER_INPUT', message: clientMessageOf(error, request) });
    }
    logger.error({ err: error, method: request.method }, 'unexpected error while answering /graphql');
    return sendGraphQLError(request, reply, { status: 500, code: 'INTERNAL', message: 'Internal server error' });
  };
}
