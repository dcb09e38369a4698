import { JSONParser } from '@streamparser/json';
import type { Dispatcher } from 'undici';
import { VendorError } from '../../errors.js';
import type { ArrayReadOptions, ArrayReadResult } from '../../ports/streaming.js';
import { BodyBrokeOffError, bodyError, type CallContext } from './errors.js';

/**
 * Reads a 2xx body that is one JSON array, element by element (@streamparser/json with
 * `keepStack: false`, so the parser keeps no element it has emitted). Elements are
 * handed over in batches; while a batch is being taken, the body is not read, so TCP
 * flow control holds the vendor back instead of memory filling up.
 *
 * Time limits: the body may take as long as it needs, but the vendor may not go silent:
 * `idleTimeoutMillis` without a byte while we wait for one is VENDOR_TIMEOUT. Time the
 * consumer spends on a batch does not count. An element over `maxElementBytes` (measured
 * to within one network chunk) is VENDOR_BAD_RESPONSE; the body as a whole has no cap.
 */
export interface StreamedBodyOptions extends ArrayReadOptions {
  idleTimeoutMillis: number;
  maxElementBytes: number;
  /** Aborts the read (the caller's deadline or the client closing). */
  signal: AbortSignal;
}

const DEFAULT_BATCH = 500;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

export async function readArrayBody(ctx: CallContext, response: Dispatcher.ResponseData, options: StreamedBodyOptions): Promise<ArrayReadResult> {
  const status = response.statusCode;
  const body = response.body;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const bad = (what: string) => new VendorError({ code: 'VENDOR_BAD_RESPONSE', vendor: ctx.vendor, status, message: `${ctx.vendor} ${ctx.operation} answered ${status} with ${what}` });
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false, stringBufferSize: 0, numberBufferSize: 0 });
  let pending: unknown[] = [];
  let elements = 0;
  let bytes = 0;
  /** Bytes fed since the chunk in which the last element ended. */
  let sinceElement = 0;
  let ended = false;
  let sawStart = false;
  parser.onValue = ({ value }) => {
    pending.push(value);
    sinceElement = 0;
  };
  parser.onEnd = () => {
    ended = true;
  };
  /** Hands over full batches (one network chunk may complete several), or with `all` what is left. */
  const hand = async (all = false) => {
    while (pending.length >= batchSize || (all && pending.length > 0)) {
      const batch = pending.length <= batchSize ? pending : pending.slice(0, batchSize);
      pending = pending.length <= batchSize ? [] : pending.slice(batchSize);
      elements += batch.length;
      await options.onBatch(batch);
    }
  };

  body.on('error', () => undefined);
  const abort = () => body.destroy();
  options.signal.addEventListener('abort', abort, { once: true });
  const iterator = body[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await withinIdle(iterator.next(), options.idleTimeoutMillis, () => body.destroy(), ctx, status);
      if (next.done === true) break;
      const chunk = next.value as Buffer;
      bytes += chunk.length;
      if (!sawStart) {
        const first = chunk.findIndex((byte) => !WHITESPACE.has(byte));
        if (first >= 0) {
          if (chunk[first] !== 0x5b) throw bad('a body that is not a JSON array (expected a JSON array of records)');
          sawStart = true;
        }
      }
      if (ended) {
        if (chunk.some((byte) => !WHITESPACE.has(byte))) throw bad('more after the end of its JSON array (expected one JSON array)');
        continue;
      }
      sinceElement += chunk.length;
      try {
        parser.write(chunk);
      } catch {
        throw bad(`a body that is not valid JSON after ${bytes} bytes (expected a JSON array of records)`);
      }
      if (sinceElement > options.maxElementBytes) throw bad(`an array element over ${options.maxElementBytes} bytes (expected each element to be at most ${options.maxElementBytes} bytes)`);
      await hand();
    }
  } catch (error) {
    body.destroy();
    if (error instanceof VendorError) throw error;
    if (options.signal.aborted) throw error;
    throw bodyError(ctx, status, error instanceof BodyBrokeOffError ? error : new BodyBrokeOffError(bytes, undefined, codeOf(error)), options.idleTimeoutMillis);
  } finally {
    options.signal.removeEventListener('abort', abort);
  }
  if (!sawStart) throw bad('an empty body (expected a JSON array of records)');
  if (!ended) throw bad(`a JSON array that broke off after ${bytes} bytes (expected the whole array)`);
  await hand(true);
  return { elements, bytes };
}

/** The next chunk, or VENDOR_TIMEOUT when none comes within `millis`. */
async function withinIdle<T>(next: Promise<T>, millis: number, stop: () => void, ctx: CallContext, status: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      stop();
      reject(new VendorError({
        code: 'VENDOR_TIMEOUT',
        vendor: ctx.vendor,
        status,
        message: `${ctx.vendor} ${ctx.operation} answered ${status} but its body stalled: nothing for ${millis} ms (expected the body to keep coming)`,
      }));
    }, millis);
  });
  try {
    return await Promise.race([next, idle]);
  } finally {
    clearTimeout(timer);
  }
}

function codeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
}
