import { GraphQLError } from 'graphql';
import type { Vendor } from './domain/vendor.js';

/**
 * The closed list of `extensions.code` values a client can see (README.md, Errors).
 * RATE_LIMITED is the client's own request rate (RENTGRAPH_CLIENT_RATE_LIMIT), not a
 * vendor's: retry after `retryAfterSeconds`.
 */
export const ERROR_CODES = [
  'VENDOR_UNAVAILABLE', 'VENDOR_TIMEOUT', 'VENDOR_RATE_LIMITED', 'VENDOR_AUTH_FAILED', 'VENDOR_BAD_RESPONSE',
  'NOT_FOUND', 'BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'CURSOR_EXPIRED', 'RATE_LIMITED', 'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * A failure talking to a vendor. Its message is safe to show a client: it names the
 * vendor, the operation and what went wrong, never a URL with credentials, a token or
 * a raw body. `details` holds the vendor's own field messages (validation answers),
 * which are meant for the client.
 */
export class VendorError extends Error {
  override readonly name = 'VendorError';
  readonly code: ErrorCode;
  readonly vendor: Vendor;
  /** The vendor's HTTP status, when it answered. */
  readonly status: number | undefined;
  /** The vendor's own field messages, from a 400 or 422 answer to a write. */
  readonly details: readonly string[];
  /** Seconds the vendor asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: {
    code: ErrorCode;
    vendor: Vendor;
    message: string;
    status?: number | undefined;
    details?: readonly string[];
    retryAfterSeconds?: number | undefined;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.vendor = init.vendor;
    this.status = init.status;
    this.details = init.details ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  toGraphQLError(path?: readonly (string | number)[]): GraphQLError {
    return new GraphQLError(this.message, {
      ...(path !== undefined && { path }),
      extensions: {
        code: this.code,
        vendor: this.vendor,
        ...(this.status !== undefined && { http: { status: this.status } }),
        ...(this.details.length > 0 && { details: this.details }),
      },
    });
  }
}

/** An error made on purpose for the client (bad input, not found, auth). */
export function userError(code: Exclude<ErrorCode, `VENDOR_${string}`>, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/** One thing wrong with a client's input: where (a path into the arguments, e.g. "input.prospect.phone") and what. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * BAD_USER_INPUT. With a field, `extensions.field` names it and `extensions.fields` is
 * `[{field, message}]`, the same shape as an error naming several fields (badInputs).
 */
export function badInput(message: string, field?: string): GraphQLError {
  return userError('BAD_USER_INPUT', message, field === undefined ? {} : { field, fields: [{ field, message }] });
}

/**
 * One BAD_USER_INPUT for every problem found in an input: `extensions.fields` lists each
 * `{field, message}` in the order found, `extensions.field` names the first, and the
 * message joins them, so a client fixes its input in one round.
 */
export function badInputs(problems: readonly FieldProblem[]): GraphQLError {
  const [first] = problems;
  if (first === undefined) throw new TypeError('badInputs needs at least one problem');
  const message = problems.length === 1 ? first.message : `${problems.length} input fields are invalid: ${problems.map((p) => p.message).join('; ')}`;
  return userError('BAD_USER_INPUT', message, { field: first.field, fields: problems.map((p) => ({ field: p.field, message: p.message })) });
}

/** The field problems a BAD_USER_INPUT error carries; null for any other error (or one naming no field). */
export function fieldProblemsOf(error: unknown): FieldProblem[] | null {
  if (!(error instanceof GraphQLError) || error.extensions['code'] !== 'BAD_USER_INPUT') return null;
  const fields = error.extensions['fields'];
  return Array.isArray(fields) && fields.length > 0 ? (fields as FieldProblem[]) : null;
}
