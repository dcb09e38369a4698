import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { stringify } from 'safe-stable-stringify';

/** An operation's parameters as the GraphQL route hands them to Apollo (after trusted documents). */
export interface OperationParameters {
  body: unknown;
  search: string;
}

/**
 * The key of an operation's response: its document (or persisted-query hash), operation
 * name, variables and extensions, and the scopes of the client asking, as one digest.
 * A GET and a POST of the same operation share it. Null when the parameters are not a
 * well-formed single operation (Apollo then answers, and refuses, them itself).
 */
export function responseKeyOf(method: string, parameters: OperationParameters, scopes: readonly string[]): string | null {
  const operation = method === 'GET' ? fromSearch(parameters.search) : fromBody(parameters.body);
  if (operation === null) return null;
  let text: string | undefined;
  try {
    text = stringify([[...scopes].sort(), operation]);
  } catch {
    // Variables nested deeper than the stack: Apollo refuses or answers them, unkept.
    return null;
  }
  return text === undefined ? null : createHash('sha256').update(text).digest('base64url');
}

type Operation = [query: string | null, operationName: string | null, variables: unknown, extensions: unknown];

/** A GET parameter that is not JSON: no key (Apollo refuses it). */
const UNREADABLE = Symbol('unreadable');

function fromBody(body: unknown): Operation | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const { query, operationName, variables, extensions } = body as Record<string, unknown>;
  return operationOf(query, operationName, variables ?? null, extensions ?? null);
}

function fromSearch(search: string): Operation | null {
  const params = new URLSearchParams(search);
  const json = (name: string): unknown => {
    const text = params.get(name);
    if (text === null) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return UNREADABLE;
    }
  };
  return operationOf(params.get('query') ?? undefined, params.get('operationName') ?? undefined, json('variables'), json('extensions'));
}

function operationOf(query: unknown, operationName: unknown, variables: unknown, extensions: unknown): Operation | null {
  if (query !== undefined && typeof query !== 'string') return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
  if (variables === UNREADABLE || extensions === UNREADABLE) return null;
  if (query === undefined && (extensions === null || typeof extensions !== 'object')) return null;
  return [query ?? null, operationName ?? null, variables, extensions];
}

/** Content types a browser sends cross-origin without asking first (CORS "simple" requests). */
const SIMPLE_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/**
 * Whether Apollo's CSRF prevention would let this request through: a content type a
 * browser must ask before sending, or a header only a script can set. A kept response
 * is answered without Apollo, so it is answered only to such requests; others go to
 * Apollo, which refuses them as always.
 */
export function passesCsrfPrevention(headers: IncomingHttpHeaders): boolean {
  const contentType = headers['content-type'];
  if (contentType !== undefined && !SIMPLE_CONTENT_TYPES.has(contentType.split(';')[0]!.trim().toLowerCase())) return true;
  return ['x-apollo-operation-name', 'apollo-require-preflight'].some((name) => {
    const value = headers[name];
    return typeof value === 'string' && value.length > 0;
  });
}
