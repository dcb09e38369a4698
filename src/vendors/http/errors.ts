import { BrokenCircuitError, TaskCancelledError } from 'cockatiel';
import type { Deadline } from '../../ports/deadline.js';
import { deadlinePassedError } from '../../ports/deadline.js';
import type { Vendor } from '../../domain/vendor.js';
import { VendorError } from '../../errors.js';

/** Who failed and doing what; `operation` is already free of secrets. */
export interface CallContext {
  vendor: Vendor;
  operation: string;
  redact: (text: string) => string;
}

/** A response body grew past maxResponseBytes. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`response body over ${limitBytes} bytes`);
  }
}

/** The body stream failed after the headers had arrived (reset, announced length not reached). */
export class BodyBrokeOffError extends Error {
  constructor(readonly receivedBytes: number, readonly announcedBytes: number | undefined, readonly code: string) {
    super(`response body broke off after ${receivedBytes} bytes`);
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const MAX_DETAILS = 20;
const MAX_DETAIL_CHARS = 500;

/** The error for a non-2xx answer. `body` is the parsed error body when it was read, for field messages. */
export function statusError(ctx: CallContext, status: number, headers: Record<string, string | string[] | undefined>, body: unknown): VendorError {
  const base = `${ctx.vendor} ${ctx.operation} answered ${status} (expected 2xx)`;
  if (status === 429) {
    const retryAfterSeconds = parseRetryAfter(headers['retry-after']);
    const wait = retryAfterSeconds === undefined ? '' : `; the vendor asks to retry after ${retryAfterSeconds} s`;
    return new VendorError({ code: 'VENDOR_RATE_LIMITED', vendor: ctx.vendor, status, retryAfterSeconds, message: `${base}: rate limited${wait}` });
  }
  if (status >= 500) {
    return new VendorError({ code: 'VENDOR_UNAVAILABLE', vendor: ctx.vendor, status, retryAfterSeconds: parseRetryAfter(headers['retry-after']), message: base });
  }
  if (status === 401 || status === 403) {
    return new VendorError({ code: 'VENDOR_AUTH_FAILED', vendor: ctx.vendor, status, message: `${base}: the vendor refused our credentials` });
  }
  if (status === 404) return new VendorError({ code: 'NOT_FOUND', vendor: ctx.vendor, status, message: `${base}: not found` });
  if (status === 400 || status === 409 || status === 422) {
    const details = vendorDetails(body).map((d) => ctx.redact(d));
    return new VendorError({ code: 'BAD_USER_INPUT', vendor: ctx.vendor, status, details, message: `${base}: the vendor rejected the request` });
  }
  return new VendorError({ code: 'VENDOR_BAD_RESPONSE', vendor: ctx.vendor, status, message: base });
}

/** Errors thrown while waiting for the response headers (connect, send, headers timeout). */
export function requestError(ctx: CallContext, error: unknown, timeoutMillis: number): VendorError {
  const code = errorCode(error);
  if (error instanceof TaskCancelledError || TIMEOUT_CODES.has(code)) {
    const what = code === 'UND_ERR_CONNECT_TIMEOUT' ? 'could not connect in time' : `sent no response headers within ${timeoutMillis} ms`;
    return new VendorError({ code: 'VENDOR_TIMEOUT', vendor: ctx.vendor, message: `${ctx.vendor} ${ctx.operation} timed out: ${what} (expected an answer within ${timeoutMillis} ms)` });
  }
  return new VendorError({
    code: 'VENDOR_UNAVAILABLE',
    vendor: ctx.vendor,
    message: `${ctx.vendor} ${ctx.operation} could not be reached: ${code === '' ? 'network error' : code} (expected an HTTP answer)`,
  });
}

/** Errors thrown while reading a 2xx body. */
export function bodyError(ctx: CallContext, status: number, error: unknown, timeoutMillis: number): VendorError {
  const base = `${ctx.vendor} ${ctx.operation} answered ${status}`;
  if (error instanceof TaskCancelledError || TIMEOUT_CODES.has(errorCode(error))) {
    return new VendorError({ code: 'VENDOR_TIMEOUT', vendor: ctx.vendor, status, message: `${base} but its body did not complete within ${timeoutMillis} ms (expected the whole body in time)` });
  }
  if (error instanceof BodyTooLargeError) {
    return new VendorError({ code: 'VENDOR_BAD_RESPONSE', vendor: ctx.vendor, status, message: `${base} with a body over ${error.limitBytes} bytes (expected at most ${error.limitBytes} bytes)` });
  }
  const received = error instanceof BodyBrokeOffError ? error.receivedBytes : undefined;
  const announced = error instanceof BodyBrokeOffError && error.announcedBytes !== undefined ? `${error.announcedBytes} bytes as announced` : 'a complete body';
  return new VendorError({
    code: 'VENDOR_BAD_RESPONSE',
    vendor: ctx.vendor,
    status,
    message: `${base} but the body broke off${received === undefined ? '' : ` after ${received} bytes`} (expected ${announced})`,
  });
}

/** A 2xx body that is not JSON. The body itself is never quoted: it may hold anything. */
export function notJsonError(ctx: CallContext, status: number, sizeBytes: number): VendorError {
  const what = sizeBytes === 0 ? 'an empty body' : `a ${sizeBytes}-byte body that is not valid JSON`;
  return new VendorError({ code: 'VENDOR_BAD_RESPONSE', vendor: ctx.vendor, status, message: `${ctx.vendor} ${ctx.operation} answered ${status} with ${what} (expected JSON)` });
}

/** Errors for calls refused before any request went out: there is nothing to retry. */
const unsentErrors = new WeakSet<VendorError>();

export function circuitOpenError(ctx: CallContext): VendorError {
  const error = new VendorError({
    code: 'VENDOR_UNAVAILABLE',
    vendor: ctx.vendor,
    message: `${ctx.vendor} ${ctx.operation} not sent: circuit open after repeated vendor failures (expected a closed circuit; a probe goes through once it half-opens)`,
  });
  unsentErrors.add(error);
  return error;
}

/** A call refused because the outbound rate limit's line ahead of it is longer than the caller may wait. */
export function rateLimitLineError(ctx: CallContext, limit: { requests: number; perMillis: number }, maxWaitMillis: number): VendorError {
  const error = new VendorError({
    code: 'VENDOR_RATE_LIMITED',
    vendor: ctx.vendor,
    retryAfterSeconds: Math.ceil(limit.perMillis / 1000),
    message:
      `${ctx.vendor} ${ctx.operation} not sent: the vendor allows ${limit.requests} requests per ${limit.perMillis} ms and the calls already waiting ` +
      `would hold this one longer than ${maxWaitMillis} ms (expected a shorter line; try again shortly)`,
  });
  unsentErrors.add(error);
  return error;
}

/** A read refused because the same request was sent within the vendor's gap for identical requests and the rest of the gap is longer than the caller may wait. */
export function identicalRequestError(ctx: CallContext, gapMillis: number, maxWaitMillis: number): VendorError {
  const error = new VendorError({
    code: 'VENDOR_RATE_LIMITED',
    vendor: ctx.vendor,
    retryAfterSeconds: Math.ceil(gapMillis / 1000),
    message:
      `${ctx.vendor} ${ctx.operation} not sent: the vendor refuses an identical request within ${gapMillis} ms of the last, ` +
      `and the wait would be longer than ${maxWaitMillis} ms (expected the same request no sooner; try again shortly)`,
  });
  unsentErrors.add(error);
  return error;
}

/**
 * Errors for attempts the deadline cut short once sent: every request waiting for the
 * call had passed its deadline. They say nothing about the vendor's health (it may just be
 * slower than the requests were willing to wait), so the breaker does not count them.
 */
const cutErrors = new WeakSet<VendorError>();

/**
 * The error of an attempt stopped by the deadline of the call: `unsent` when it passed
 * before the request went out (nothing to retry, nothing to count), `waiting` when the
 * vendor had not answered by then.
 */
export function deadlineError(ctx: CallContext, deadline: Deadline, phase: 'waiting' | 'unsent'): VendorError {
  const error = deadlinePassedError(ctx.vendor, ctx.operation, deadline, phase);
  (phase === 'unsent' ? unsentErrors : cutErrors).add(error);
  return error;
}

/** cockatiel's refusal, before it is turned into a VendorError. */
export function isBrokenCircuit(error: unknown): boolean {
  return error instanceof BrokenCircuitError;
}

/** A VendorError made by circuitOpenError, rateLimitLineError or an unsent deadlineError: no request was sent, so there is nothing to retry. */
export function isUnsentError(error: unknown): boolean {
  return error instanceof VendorError && unsentErrors.has(error);
}

/** Failures that say the vendor is struggling or throttling: worth a retry. */
export function isVendorSideFailure(error: unknown): boolean {
  if (!(error instanceof VendorError)) return false;
  switch (error.code) {
    case 'VENDOR_UNAVAILABLE':
    case 'VENDOR_TIMEOUT':
    case 'VENDOR_RATE_LIMITED':
      return true;
    default:
      return false;
  }
}

/**
 * Failures the breaker counts: the vendor is down or hanging. A 429 is not one: the
 * vendor is up and asks us to slow down, which Retry-After and the outbound rate limit
 * answer; opening the circuit would turn a throttle into an outage of halfOpenAfter. Nor
 * is a call a request's deadline cut short (see deadlineError).
 */
export function isVendorOutage(error: unknown): boolean {
  return error instanceof VendorError && (error.code === 'VENDOR_UNAVAILABLE' || error.code === 'VENDOR_TIMEOUT') && !isUnsentError(error) && !cutErrors.has(error);
}

/** Retry-After as whole seconds from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | string[] | undefined, nowMillis = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMillis) / 1000));
}

/**
 * Field messages from a validation answer, as strings: RentEngine's
 * `{error, details: [{message, ...}]}`, Leasey's `{error, message, details: [string]}`,
 * else the one `message` or `error` text the vendor gave.
 */
export function vendorDetails(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const record = body as Record<string, unknown>;
  const out: string[] = [];
  if (Array.isArray(record['details'])) {
    for (const item of record['details']) {
      if (typeof item === 'string') out.push(item);
      else if (typeof item === 'object' && item !== null && typeof (item as Record<string, unknown>)['message'] === 'string') {
        out.push((item as Record<string, unknown>)['message'] as string);
      }
    }
  }
  if (out.length === 0) {
    const single = typeof record['message'] === 'string' ? record['message'] : record['error'];
    if (typeof single === 'string') out.push(single);
  }
  return out.slice(0, MAX_DETAILS).map((d) => (d.length > MAX_DETAIL_CHARS ? `${d.slice(0, MAX_DETAIL_CHARS)}…` : d));
}

function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined || cause === error ? '' : errorCode(cause);
}
