import { timeout, TimeoutStrategy } from 'cockatiel';
import type { Dispatcher, Pool } from 'undici';
import type { VendorError } from '../../errors.js';
import { BodyBrokeOffError, BodyTooLargeError, bodyError, notJsonError, requestError, statusError, type CallContext } from './errors.js';
import type { VendorResponse } from './types.js';

/** Error bodies are read only for their field messages; more than this is not worth holding. */
const ERROR_BODY_LIMIT_BYTES = 64 * 1024;

export interface AttemptRequest {
  method: Dispatcher.HttpMethod;
  /** Path prefix + path + query. */
  target: string;
  headers: Record<string, string>;
  body: string | undefined;
  headersTimeoutMillis: number;
  /** 0 = none here: a streamed body keeps its own idle timer (stream.ts). */
  bodyTimeoutMillis: number;
  maxResponseBytes: number;
  /** Whether an empty 2xx body reads as null (writes) or is a bad response (reads). */
  emptyBodyIsNull: boolean;
  /** Stops the request (headers or body) when no one waits for it any more; see client.ts. */
  signal: AbortSignal;
}

/**
 * One request and its response, as a VendorResponse for 2xx or a thrown VendorError.
 * Each phase has its own precise deadline (cockatiel timeouts that abort the request):
 * undici's own timers have about one second of resolution for long timeouts, and a
 * caller is promised VENDOR_TIMEOUT close to the configured value. `request.signal`
 * aborts either phase early (cockatiel derives each phase's signal from it); the caller
 * tells that from a timeout by the signal.
 */
export async function attempt(pool: Pool, ctx: CallContext, request: AttemptRequest): Promise<VendorResponse> {
  const response = await requestHeaders(pool, ctx, request);
  const status = response.statusCode;
  const headers = response.headers as Record<string, string | string[] | undefined>;

  let bytes: Buffer;
  try {
    bytes = await readWithin(response.body, request.bodyTimeoutMillis, request.maxResponseBytes, announcedLength(headers), request.signal);
  } catch (error) {
    throw bodyError(ctx, status, error, request.bodyTimeoutMillis);
  }
  if (bytes.length === 0 && (request.emptyBodyIsNull || status === 204 || status === 205)) return { status, headers, body: null };
  try {
    return { status, headers, body: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch {
    throw notJsonError(ctx, status, bytes.length);
  }
}

/**
 * Sends the request and waits for its headers (within `headersTimeoutMillis`); a non-2xx
 * answer is turned into its VendorError here. The body is left for the caller to read.
 */
export async function requestHeaders(pool: Pool, ctx: CallContext, request: AttemptRequest): Promise<Dispatcher.ResponseData> {
  let response: Dispatcher.ResponseData;
  try {
    response = await timeout(request.headersTimeoutMillis, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false }).execute(({ signal }) =>
      pool.request({
        path: request.target,
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal,
        // undici's timers stay as a backstop; ours fire first (a streamed body keeps its own idle timer).
        headersTimeout: request.headersTimeoutMillis + 1_000,
        bodyTimeout: request.bodyTimeoutMillis === 0 ? 0 : request.bodyTimeoutMillis + 1_000,
      }),
      request.signal,
    );
  } catch (error) {
    throw requestError(ctx, error, request.headersTimeoutMillis);
  }
  if (response.statusCode < 200 || response.statusCode > 299) throw await failedAnswer(ctx, response, request);
  return response;
}

async function failedAnswer(ctx: CallContext, response: Dispatcher.ResponseData, request: AttemptRequest): Promise<VendorError> {
  const status = response.statusCode;
  let parsed: unknown;
  // Only validation answers carry field messages worth reading; others are drained and dropped.
  if (status === 400 || status === 409 || status === 422) {
    try {
      const bytes = await readWithin(response.body, request.bodyTimeoutMillis, ERROR_BODY_LIMIT_BYTES, undefined, request.signal);
      parsed = JSON.parse(bytes.toString('utf8')) as unknown;
    } catch {
      parsed = undefined;
    }
  } else {
    await response.body.dump().catch(() => undefined);
  }
  return statusError(ctx, status, response.headers as Record<string, string | string[] | undefined>, parsed);
}

async function readWithin(body: Dispatcher.ResponseData['body'], timeoutMillis: number, limitBytes: number, announced: number | undefined, parent: AbortSignal): Promise<Buffer> {
  return timeout(timeoutMillis, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false }).execute(async ({ signal }) => {
    // undici's body emits an abort error when destroyed unread; the reader below sees failures its own way.
    body.on('error', () => undefined);
    signal.addEventListener('abort', () => body.destroy(), { once: true });
    if (announced !== undefined && announced > limitBytes) {
      body.destroy();
      throw new BodyTooLargeError(limitBytes);
    }
    const chunks: Buffer[] = [];
    let received = 0;
    try {
      for await (const chunk of body) {
        const buffer = chunk as Buffer;
        received += buffer.length;
        if (received > limitBytes) throw new BodyTooLargeError(limitBytes);
        chunks.push(buffer);
      }
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw error;
      throw new BodyBrokeOffError(received, announced, codeOf(error));
    }
    return Buffer.concat(chunks, received);
  }, parent);
}

function announcedLength(headers: Record<string, string | string[] | undefined>): number | undefined {
  const value = headers['content-length'];
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number.parseInt(value, 10);
}

function codeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
}
