import { setTimeout as sleep } from 'node:timers/promises';
import { TaskCancelledError } from 'cockatiel';
import { Pool, type Dispatcher } from 'undici';
import { NO_DEADLINE, type Deadline } from '../../ports/deadline.js';
import { currentDeadline, deadlinePassedError } from '../../ports/deadline.js';
import { shareCall, type SharedCall } from '../../ports/shared-call.js';
import { reportWriteAnswer } from '../../ports/write-answers.js';
import type { ErrorCode } from '../../errors.js';
import { VendorError } from '../../errors.js';
import { circuitOpenError, deadlineError, identicalRequestError, isBrokenCircuit, isUnsentError, isVendorSideFailure, rateLimitLineError, type CallContext } from './errors.js';
import { checkRateLimit, createRetryBudget, type RateLimitSlot } from './limits.js';
import { createBreaker, createConcurrencyLimit, createRetry, stateName } from './policies.js';
import { createRedactor } from './redact.js';
import { readArrayBody } from './stream.js';
import { attempt, requestHeaders, type AttemptRequest } from './transport.js';
import type { ArrayReadResult } from '../../ports/streaming.js';
import type { ArrayReadRequest, RequestOptions, VendorHttp, VendorHttpOptions, VendorHttpStats, VendorResponse } from './types.js';
import { dedupeKey, parseBaseUrl, requestPath } from './url.js';
import { identicalRequestName, localWindows } from './windows.js';

const MIB = 1024 * 1024;
/** What an identical read may wait beyond its vendor's gap (the earlier one's answer time is counted in the gap too). */
const IDENTICAL_GAP_SLACK_MILLIS = 2_000;
/** What a retry waits beyond the vendor's gap: the gap runs from the failed attempt's arrival, before its failure was seen. */
const RETRY_GAP_SLACK_MILLIS = 500;

/**
 * The one HTTP client every vendor client uses. A read goes through, outermost first:
 *   in-flight dedupe → retry (budgeted) → circuit breaker → concurrency queue → rate limit → timeouts → undici Pool.
 * Writes skip dedupe and retry. Every failure is a VendorError whose message names the
 * vendor and operation and never carries a configured secret, a query string or a body.
 *
 * Timing: one attempt fails with VENDOR_TIMEOUT within the headers timeout (+ the body
 * timeout once headers arrived), not counting time queued for a concurrency slot or the
 * rate limit. With retries a hanging vendor takes up to (maxRetries + 1) × timeout plus
 * the backoff delays, unless the breaker opens first.
 *
 * Deadlines: a read made under a request's deadline (src/deadline/) ends for that request
 * with VENDOR_TIMEOUT when the deadline passes, wherever the call is (queued, waiting for
 * the rate limit, sent, in a retry's backoff). The upstream call itself is shared (one per
 * identical GET in flight) and goes on while any request still waits for it; once the
 * last one has left it is aborted, and neither it nor a retry of it is sent any more.
 * Writes take no deadline: a write once sent may have happened at the vendor, so it is
 * waited for (up to the vendor's own timeout) and reported as it ends.
 */
export function createVendorHttp(options: VendorHttpOptions): VendorHttp {
  const { vendor } = options;
  const { origin, pathPrefix } = parseBaseUrl(options.baseUrl);
  const redact = createRedactor(options.secrets);
  const logger = options.logger.child({ vendor });
  const maxConcurrent = options.maxConcurrent ?? 16;
  const headersTimeoutMillis = options.headersTimeoutMillis ?? 15_000;
  const bodyTimeoutMillis = options.bodyTimeoutMillis ?? 15_000;
  const maxRetries = options.maxRetries ?? 3;
  const retryAfterMaxMillis = options.retryAfterMaxMillis ?? 30_000;
  const maxResponseBytes = options.maxResponseBytes ?? 20 * MIB;

  const pool = new Pool(origin, {
    connections: maxConcurrent,
    pipelining: 1,
    connect: { timeout: options.connectTimeoutMillis ?? 5_000 },
  });
  const queue = createConcurrencyLimit(maxConcurrent);
  const rateLimit = options.rateLimit ?? null;
  if (rateLimit !== null) checkRateLimit(rateLimit);
  const identicalGapMillis = options.identicalRequestGapMillis ?? null;
  const windows = options.limitWindows ?? localWindows();
  const breaker = createBreaker(options.breaker ?? {});
  const budget = createRetryBudget({
    ratio: options.retryBudgetRatio ?? 0.2,
    minRetries: options.retryBudgetMinRetries ?? 10,
    windowMillis: options.retryBudgetWindowMillis ?? 10_000,
  });
  const retryMarked = new WeakSet<Error>();
  const retryGapMillis = options.retryGapMillis ?? null;
  const retryPolicy = createRetry({
    maxRetries,
    baseDelayMillis: options.retryBaseDelayMillis ?? 200,
    maxDelayMillis: options.retryMaxDelayMillis ?? 10_000,
    ...(retryGapMillis !== null && { minDelayMillis: retryGapMillis + RETRY_GAP_SLACK_MILLIS }),
    shouldRetry: (error) => retryMarked.has(error),
  });
  const inFlight = new Map<string, SharedCall<unknown>>();
  // Once closing, a failed read is not retried: its pool is going away, and so is the caller.
  let closing = false;
  const shareInFlight = options.shareInFlight ?? true;
  const rateLimitMaxWaitMillis = options.rateLimitMaxWaitMillis ?? 10_000;
  const counters = { calls: 0, upstreamRequests: 0, retries: 0, retriesDeniedByBudget: 0, deduped: 0, abandoned: 0, breakerRejections: 0, rateLimitWaits: 0, rateLimitRefusals: 0 };
  const failures: Partial<Record<ErrorCode, number>> = {};

  retryPolicy.onRetry((event) => {
    counters.retries++;
    const error = 'error' in event ? event.error : undefined;
    logger.warn(
      { attempt: event.attempt, delayMillis: Math.round(event.delay), code: error instanceof VendorError ? error.code : undefined, status: error instanceof VendorError ? error.status : undefined },
      redact(`retrying after: ${error?.message ?? 'failure'}`),
    );
  });
  breaker?.onStateChange((state) => {
    const circuit = stateName(state);
    const reason = breaker.lastFailure !== undefined && 'error' in breaker.lastFailure ? breaker.lastFailure.error.message : undefined;
    logger.warn({ circuit }, redact(`${vendor} circuit ${circuit}${circuit === 'OPEN' && reason !== undefined ? ` after: ${reason}` : ''}`));
  });

  const contextFor = (method: string, path: string, requestOptions: RequestOptions | undefined): CallContext => ({
    vendor,
    // The default names the path only: a query may carry a key (StuRents, Leasey ?token=).
    operation: redact(requestOptions?.operation ?? `${method} /${path.split('?')[0]?.replace(/^\/+/, '') ?? ''}`),
    redact,
  });

  /**
   * The places a request takes before it is sent: one in the vendor's rate window, and for
   * a vendor that refuses an identical read within a gap, the window of that very request.
   * A request that would wait longer than `maxWaitMillis` (the request's own, else the
   * client's rateLimitMaxWaitMillis) for either is refused unsent.
   */
  const takeSlots = async (ctx: CallContext, method: Dispatcher.HttpMethod, target: string, maxWaitMillis: number): Promise<RateLimitSlot[]> => {
    const slots: RateLimitSlot[] = [];
    if (identicalGapMillis !== null && method === 'GET') {
      // A whole gap is always waited out: the same read asked just after another (by another replica, say) waits for it.
      const gapWaitMillis = Math.max(maxWaitMillis, identicalGapMillis + IDENTICAL_GAP_SLACK_MILLIS);
      const same = await windows.slot(identicalRequestName(vendor, method, target), { requests: 1, perMillis: identicalGapMillis }, gapWaitMillis);
      if (same === null) {
        counters.rateLimitRefusals++;
        throw identicalRequestError(ctx, identicalGapMillis, gapWaitMillis);
      }
      slots.push(same);
    }
    if (rateLimit !== null) {
      const slot = await windows.slot(vendor, rateLimit, maxWaitMillis);
      if (slot === null) {
        for (const taken of slots) taken.cancel();
        counters.rateLimitRefusals++;
        throw rateLimitLineError(ctx, rateLimit, maxWaitMillis);
      }
      slots.push(slot);
    }
    return slots;
  };

  /** One attempt through breaker, queue and rate limit; `deadline.signal` stops it wherever it is. */
  const once = async (
    ctx: CallContext,
    method: Dispatcher.HttpMethod,
    path: string,
    body: unknown,
    requestOptions: RequestOptions | undefined,
    attemptNo: number,
    deadline: Deadline,
    perform: (request: AttemptRequest) => Promise<VendorResponse> = (request) => attempt(pool, ctx, request),
  ): Promise<VendorResponse> => {
    const timeoutMillis = requestOptions?.timeoutMillis;
    const { signal } = deadline;
    const send = () =>
      queue.execute(async () => {
        const target = requestPath(pathPrefix, path, requestOptions?.query);
        const slots = await takeSlots(ctx, method, target, requestOptions?.rateLimitMaxWaitMillis ?? rateLimitMaxWaitMillis);
        // The wait for the rate limit can outlast every caller's deadline: then nothing is sent.
        if (signal.aborted) {
          for (const slot of slots) slot.cancel();
          throw deadlineError(ctx, deadline, 'unsent');
        }
        if (slots.some((slot) => slot.waited)) counters.rateLimitWaits++;
        counters.upstreamRequests++;
        const started = performance.now();
        try {
          const response = await perform({
            method,
            target,
            headers: { accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }), ...requestOptions?.headers },
            body: body === undefined ? undefined : JSON.stringify(body),
            headersTimeoutMillis: timeoutMillis ?? headersTimeoutMillis,
            bodyTimeoutMillis: timeoutMillis ?? bodyTimeoutMillis,
            maxResponseBytes,
            emptyBodyIsNull: method !== 'GET',
            signal,
          });
          logger.debug({ operation: ctx.operation, attempt: attemptNo, status: response.status, durationMillis: Math.round(performance.now() - started) }, 'vendor call');
          return response;
        } catch (error) {
          // Stopped because every caller had passed its deadline, not by the vendor (see deadlineError).
          const vendorError = signal.aborted ? deadlineError(ctx, deadline, 'waiting') : (error as VendorError);
          logger.debug(
            { operation: ctx.operation, attempt: attemptNo, status: vendorError.status, code: vendorError.code, durationMillis: Math.round(performance.now() - started) },
            redact(`vendor call failed: ${vendorError.message}`),
          );
          throw vendorError;
        } finally {
          for (const slot of slots) slot.release();
        }
      }, signal).catch((error: unknown) => {
        // The bulkhead refuses a queued call whose signal aborted before a slot came free.
        throw error instanceof TaskCancelledError ? deadlineError(ctx, deadline, 'unsent') : error;
      });
    try {
      return breaker === null ? await send() : await breaker.execute(send, signal);
    } catch (error) {
      if (!isBrokenCircuit(error)) throw error;
      counters.breakerRejections++;
      throw circuitOpenError(ctx);
    }
  };

  /** Marks `error` for a retry when it is the vendor's doing and the attempts and the budget allow one. */
  const markRetryable = (ctx: CallContext, error: unknown, attemptNo: number, deadline: Deadline) => {
    if (!closing && attemptNo < maxRetries && !deadline.signal.aborted && isVendorSideFailure(error) && !isUnsentError(error) && retryAfterAllowed(error as VendorError) && retryFitsGap(deadline)) {
      if (budget.tryRetry()) retryMarked.add(error as Error);
      else {
        counters.retriesDeniedByBudget++;
        logger.warn({ operation: ctx.operation }, 'retry budget spent; failing without retry');
      }
    }
  };

  const read = (ctx: CallContext, path: string, requestOptions: RequestOptions | undefined, deadline: Deadline): Promise<VendorResponse> => {
    budget.recordCall();
    return retryPolicy.execute(async ({ attempt: attemptNo }) => {
      // cockatiel sleeps out a backoff even when the signal aborts meanwhile: no retry starts past the deadline.
      if (deadline.signal.aborted) throw deadlineError(ctx, deadline, 'unsent');
      try {
        return await once(ctx, 'GET', path, undefined, requestOptions, attemptNo, deadline);
      } catch (error) {
        markRetryable(ctx, error, attemptNo, deadline);
        throw error;
      }
    }, deadline.signal);
  };

  /**
   * A streamed GET of one JSON array (stream.ts). It is retried like any read until its
   * first batch has been handed over; after that a failure ends it (what was handed over
   * cannot be taken back, and reading the list again from its start would hand it over
   * twice), so the caller sees the read as incomplete and tries again on its next run.
   */
  const readArray = (ctx: CallContext, path: string, request: ArrayReadRequest, deadline: Deadline): Promise<ArrayReadResult> => {
    budget.recordCall();
    let handedOver = false;
    const onBatch = async (elements: unknown[]) => {
      handedOver = true;
      await request.onBatch(elements);
    };
    return retryPolicy.execute(async ({ attempt: attemptNo }) => {
      if (deadline.signal.aborted) throw deadlineError(ctx, deadline, 'unsent');
      let result: ArrayReadResult | undefined;
      try {
        await once(ctx, 'GET', path, undefined, request, attemptNo, deadline, async (attemptRequest) => {
          const response = await requestHeaders(pool, ctx, { ...attemptRequest, bodyTimeoutMillis: 0 });
          result = await readArrayBody(ctx, response, {
            ...(request.batchSize !== undefined && { batchSize: request.batchSize }),
            onBatch,
            maxElementBytes: request.maxElementBytes ?? maxResponseBytes,
            idleTimeoutMillis: request.timeoutMillis ?? bodyTimeoutMillis,
            signal: attemptRequest.signal,
          });
          return { status: response.statusCode, headers: response.headers as Record<string, string | string[] | undefined>, body: null };
        });
        return result!;
      } catch (error) {
        if (!handedOver) markRetryable(ctx, error, attemptNo, deadline);
        throw error;
      }
    }, deadline.signal);
  };

  // Only a caller that can wait out the gap gets a retry: background work, or a request whose whole budget is longer.
  const retryFitsGap = (deadline: Deadline) => retryGapMillis === null || deadline.unbounded || (deadline.timeoutMillis ?? 0) > retryGapMillis;
  const retryAfterAllowed = (error: VendorError) => error.retryAfterSeconds === undefined || error.retryAfterSeconds * 1000 <= retryAfterMaxMillis;

  const counted = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } catch (error) {
      const code: ErrorCode = error instanceof VendorError ? error.code : 'INTERNAL';
      failures[code] = (failures[code] ?? 0) + 1;
      throw error;
    }
  };

  return {
    vendor,
    get(path, requestOptions) {
      counters.calls++;
      const caller = currentDeadline();
      const timedOut = (phase: 'waiting' | 'unsent') => deadlinePassedError(vendor, contextFor('GET', path, requestOptions).operation, caller, phase);
      if (caller.signal.aborted) return counted(Promise.reject(timedOut('unsent')));
      const key = dedupeKey(requestPath(pathPrefix, path, requestOptions?.query), requestOptions?.headers);
      let call = shareInFlight ? inFlight.get(key) : undefined;
      if (call !== undefined) counters.deduped++;
      else {
        const ctx = contextFor('GET', path, requestOptions);
        const drop = () => {
          if (inFlight.get(key) === created) inFlight.delete(key);
        };
        const created: SharedCall<unknown> = shareCall(
          (deadline) => read(ctx, path, requestOptions, deadline).then((response) => response.body).finally(drop),
          () => {
            counters.abandoned++;
            drop();
          },
        );
        if (shareInFlight) inFlight.set(key, created);
        call = created;
      }
      return counted(call.join(caller, () => timedOut('waiting')));
    },
    getArray(path, request) {
      counters.calls++;
      const caller = currentDeadline();
      const ctx = contextFor('GET', path, request);
      if (caller.signal.aborted) return counted(Promise.reject(deadlinePassedError(vendor, ctx.operation, caller, 'unsent')));
      return counted(readArray(ctx, path, request, caller));
    },
    send(method, path, body, requestOptions) {
      counters.calls++;
      budget.recordCall();
      return counted(once(contextFor(method, path, requestOptions), method, path, body, requestOptions, 0, NO_DEADLINE)).then((response) => {
        reportWriteAnswer({ vendor, status: response.status });
        return response;
      });
    },
    circuitState: () => (breaker === null ? 'CLOSED' : stateName(breaker.state)),
    stats: (): VendorHttpStats => ({ ...counters, failures: { ...failures } }),
    async close() {
      closing = true;
      // Give in-flight calls a moment to finish, then cut what is left (a hanging vendor must not block shutdown).
      const poolClosed = pool.close();
      const graceMillis = 1_000;
      const closed = await Promise.race([poolClosed.then(() => true), sleep(graceMillis, false, { ref: false })]);
      if (!closed) await pool.destroy();
    },
  };
}

