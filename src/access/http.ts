import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import type { ErrorCode } from '../errors.js';
import { WWW_AUTHENTICATE, type ClientKeyGate } from '../http/client-keys.js';
import type { Keyring } from './keyring.js';
import type { ClientRateLimiter } from './rate-limit.js';
import { hasScope } from './scopes.js';
import { resolveTrustedDocument, type TrustedDocuments } from './trusted-documents.js';

/**
 * Access rules on HTTP, once a request's key was accepted (src/http/client-keys.ts):
 * the client's rate limit before its body is read, and trusted documents on the
 * operation's parameters; /metrics and /readyz's detail for ADMIN keys.
 */

/** A request refused before Apollo sees it; answered in the one GraphQL error shape. */
export interface RouteRefusal {
  status: number;
  code: ErrorCode;
  message: string;
  headers?: Readonly<Record<string, string>>;
}

/** An operation's parameters as Apollo reads them: the parsed body (POST) and the query string (GET). */
export interface OperationParameters {
  body: unknown;
  search: string;
}

export interface RouteAccess {
  /** Before the body is read: the rate limit. */
  admit(request: FastifyRequest): RouteRefusal | null;
  /** The parameters Apollo runs (trusted documents put the manifest's text in), or a refusal. */
  parameters(request: FastifyRequest, parameters: OperationParameters): OperationParameters | RouteRefusal;
}

export const isRefusal = (value: OperationParameters | RouteRefusal): value is RouteRefusal => 'status' in value;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function createRouteAccess(gate: ClientKeyGate, rateLimiter: ClientRateLimiter | null, documents: TrustedDocuments | null): RouteAccess {
  return {
    admit(request) {
      if (rateLimiter === null || (request.method !== 'GET' && request.method !== 'POST')) return null;
      const client = gate.clientOf(request);
      if (client === null) return null;
      const limited = rateLimiter.take(client.name);
      if (limited === null) return null;
      return { status: 429, code: 'RATE_LIMITED', message: limited.error.message, headers: { 'retry-after': String(limited.retryAfterSeconds) } };
    },
    parameters(request, parameters) {
      const client = gate.clientOf(request);
      if (documents === null || client === null) return parameters;
      if (request.method === 'POST') {
        const { body } = parameters;
        if (!isObject(body)) return parameters;
        const resolved = resolveTrustedDocument(documents, client, body);
        if ('refusal' in resolved) return { status: 400, code: 'BAD_USER_INPUT', message: resolved.refusal.message };
        const { documentId: _documentId, query: _query, extensions: _extensions, ...rest } = body;
        // Apollo takes a present `query` or `extensions` to be a string or an object: absent ones stay absent.
        const rewritten = { ...rest, ...(resolved.query !== undefined && { query: resolved.query }), ...(resolved.extensions !== undefined && { extensions: resolved.extensions }) };
        return { body: rewritten, search: parameters.search };
      }
      const params = new URLSearchParams(parameters.search);
      let extensions: unknown = undefined;
      const extensionsText = params.get('extensions');
      if (extensionsText !== null) {
        try {
          extensions = JSON.parse(extensionsText);
        } catch {
          // Apollo refuses unreadable extensions with a 400 of its own; nothing can run.
          return parameters;
        }
      }
      const resolved = resolveTrustedDocument(documents, client, { query: params.get('query') ?? undefined, documentId: params.get('documentId') ?? undefined, extensions });
      if ('refusal' in resolved) return { status: 400, code: 'BAD_USER_INPUT', message: resolved.refusal.message };
      params.delete('documentId');
      if (resolved.query === undefined) params.delete('query');
      else params.set('query', resolved.query);
      if (resolved.extensions === undefined || Object.keys(resolved.extensions).length === 0) params.delete('extensions');
      else params.set('extensions', JSON.stringify(resolved.extensions));
      const search = params.toString();
      return { body: parameters.body, search: search === '' ? '' : `?${search}` };
    },
  };
}

export interface EndpointGateOptions {
  keyring: Keyring;
  /** RENTGRAPH_METRICS_PUBLIC: /metrics open to every client even when keys are configured. */
  metricsPublic: boolean;
}

function credentialsOf(request: FastifyRequest) {
  return { authorization: request.headers.authorization, apiKey: request.headers['x-api-key'], remoteAddress: request.socket.remoteAddress };
}

/** True when the request's key (or loopback-only mode's loopback client) has ADMIN: /readyz shows it its detail. */
export function mayReadDetail(keyring: Keyring, request: FastifyRequest): boolean {
  const verdict = keyring.authenticate(credentialsOf(request));
  return !(verdict instanceof GraphQLError) && hasScope(verdict.client, 'ADMIN');
}

/**
 * With keys configured, /metrics answers only an ADMIN key (401 without a valid key,
 * 403 with one that lacks ADMIN), unless RENTGRAPH_METRICS_PUBLIC=true. Without keys
 * it stays open, as /healthz and /readyz always are.
 */
export function gateEndpoints(app: FastifyInstance, options: EndpointGateOptions): void {
  const { keyring, metricsPublic } = options;
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.routeOptions.url !== '/metrics' || !keyring.configured || metricsPublic) return;
    const verdict = keyring.authenticate(credentialsOf(request));
    if (verdict instanceof GraphQLError) {
      return reply.code(401).header('www-authenticate', WWW_AUTHENTICATE).send({ error: 'Unauthorized', code: 'UNAUTHENTICATED', message: `/metrics needs an ADMIN key: ${verdict.message}` });
    }
    if (!hasScope(verdict.client, 'ADMIN')) {
      return reply.code(403).send({ error: 'Forbidden', code: 'FORBIDDEN', message: `/metrics needs the ADMIN scope; the key "${verdict.client.name}" has ${verdict.client.scopes.join(', ')} (or set RENTGRAPH_METRICS_PUBLIC=true for a scraper on a private network)` });
    }
  });
}
