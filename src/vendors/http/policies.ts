import {
  bulkhead,
  circuitBreaker,
  CircuitState,
  DelegateBackoff,
  ExponentialBackoff,
  fullJitterGenerator,
  handleWhen,
  retry,
  SamplingBreaker,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
  type IBackoff,
  type IRetryBackoffContext,
  type RetryPolicy,
} from 'cockatiel';
import { VendorError } from '../../errors.js';
import { isVendorOutage } from './errors.js';
import type { BreakerOptions, CircuitStateName } from './types.js';

/**
 * The breaker opens when at least `failureRatio` of the calls counted in the sampling
 * window failed, once at least `minimumCalls` were counted. SamplingBreaker opens on
 * "more than threshold" and counts a minimum rate, so both are translated here.
 */
export function createBreaker(options: BreakerOptions | false): CircuitBreakerPolicy | null {
  if (options === false) return null;
  const failureRatio = options.failureRatio ?? 0.5;
  const minimumCalls = Math.max(1, options.minimumCalls ?? 10);
  const samplingWindowMillis = options.samplingWindowMillis ?? 30_000;
  if (!(failureRatio > 0 && failureRatio <= 1)) throw new RangeError(`breaker.failureRatio must be in (0, 1], got ${failureRatio}`);
  if (!(samplingWindowMillis > 0)) throw new RangeError(`breaker.samplingWindowMillis must be > 0, got ${samplingWindowMillis}`);
  // SamplingBreaker rounds the window to whole slices; the minimum rate is set against that length.
  const slices = Math.max(5, Math.ceil(samplingWindowMillis / 1000));
  const effectiveWindowMillis = Math.round(samplingWindowMillis / slices) * slices;
  const breaker = new SamplingBreaker({
    threshold: Math.min(failureRatio, 1) - 1e-9,
    duration: samplingWindowMillis,
    minimumRps: ((minimumCalls - 0.5) * 1000) / effectiveWindowMillis,
  });
  // Only outages are handled (counted); a 429, 404 or 400 passes through uncounted.
  return circuitBreaker(handleWhen(isVendorOutage), { breaker, halfOpenAfter: options.halfOpenAfterMillis ?? 30_000 });
}

export function stateName(state: CircuitState): CircuitStateName {
  switch (state) {
    case CircuitState.Closed:
      return 'CLOSED';
    case CircuitState.HalfOpen:
      return 'HALF_OPEN';
    case CircuitState.Open:
    case CircuitState.Isolated:
      return 'OPEN';
    default: {
      const unexpected: never = state;
      throw new Error(`unexpected circuit state ${String(unexpected)}`);
    }
  }
}

/**
 * Retries only errors the caller marked as retryable (it knows the attempt count and the
 * retry budget). Delay: exponential with full jitter, but never less than the vendor's
 * Retry-After.
 */
export function createRetry(options: {
  maxRetries: number;
  baseDelayMillis: number;
  maxDelayMillis: number;
  /** No retry sooner than this after a failure, whatever the backoff says. Default 0. */
  minDelayMillis?: number;
  shouldRetry: (error: Error) => boolean;
}): RetryPolicy {
  const minDelayMillis = options.minDelayMillis ?? 0;
  const exponential = new ExponentialBackoff({ generator: fullJitterGenerator, initialDelay: options.baseDelayMillis, maxDelay: options.maxDelayMillis });
  const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>, IBackoff<unknown> | undefined>((context, previous) => {
    const next = previous === undefined ? exponential.next() : previous.next(context);
    const error = 'error' in context.result ? context.result.error : undefined;
    const retryAfterMillis = error instanceof VendorError && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 0;
    return { delay: Math.max(next.duration, retryAfterMillis, minDelayMillis), state: next };
  });
  return retry(handleWhen(options.shouldRetry), { maxAttempts: options.maxRetries, backoff });
}

/** Concurrency cap with an unbounded queue: callers wait for a slot, they are never refused. */
export function createConcurrencyLimit(maxConcurrent: number): BulkheadPolicy {
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new RangeError(`maxConcurrent must be an integer >= 1, got ${maxConcurrent}`);
  return bulkhead(maxConcurrent, Number.POSITIVE_INFINITY);
}
