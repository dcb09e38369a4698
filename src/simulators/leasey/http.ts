/**
 * Leasey's error bodies: `{"error": <status name>, "message": <what happened>}`
 * (ASSUMPTIONS.md), plus `details` on 422 and `debug` on a token length mismatch.
 * Handlers return a `Failure` instead of throwing, so every path states its status.
 */
export interface Failure {
  readonly status: 400 | 401 | 404 | 405 | 422;
  readonly body: { error: string; message: string; details?: string[]; debug?: Record<string, number> };
}

const STATUS_NAMES = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  422: 'Unprocessable Entity',
} as const;

export function fail(status: Failure['status'], message: string, extra: Pick<Failure['body'], 'details' | 'debug'> = {}): Failure {
  return { status, body: { error: STATUS_NAMES[status], message, ...extra } };
}

export function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}

export const VALIDATION_MESSAGE = "Validation failed. See 'details' for field-level errors.";
export const PROPERTY_NOT_FOUND = 'Property not found or does not belong to your company';

/** A body that arrived but is not JSON; kept (not rejected by the parser) so the route answers in Leasey's format. */
export class MalformedJson {
  constructor(readonly reason: string) {}
}

/** Parses any request body as JSON, whatever its Content-Type; empty = undefined. */
export function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return new MalformedJson(error instanceof Error ? error.message : String(error));
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
