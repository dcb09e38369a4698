import { setTimeout as sleep } from 'node:timers/promises';

export interface RateLimiter {
  /** Resolves when one more request may start; true when the caller had to wait. Never rejects. */
  acquire(): Promise<boolean>;
}

/**
 * A sliding-window log limiter: at most `requests` starts in any `perMillis` window.
 * Callers are served first come, first served, so a burst is spread out, not reordered.
 */
export function createRateLimiter(limit: { requests: number; perMillis: number }): RateLimiter {
  if (!Number.isInteger(limit.requests) || limit.requests < 1 || !(limit.perMillis > 0)) {
    throw new RangeError(`rateLimit needs requests >= 1 (integer) and perMillis > 0, got ${JSON.stringify(limit)}`);
  }
  const starts: number[] = [];
  let tail: Promise<unknown> = Promise.resolve();
  let queued = 0;
  const take = async (): Promise<void> => {
    for (;;) {
      const oldest = starts.length >= limit.requests ? starts[starts.length - limit.requests] : undefined;
      const waitMillis = oldest === undefined ? 0 : oldest + limit.perMillis - performance.now();
      if (waitMillis <= 0) break;
      await sleep(Math.ceil(waitMillis));
    }
    starts.push(performance.now());
    if (starts.length > limit.requests) starts.shift();
  };
  return {
    acquire: () => {
      // A caller waits when the window is full counting those queued ahead of it.
      const windowStart = performance.now() - limit.perMillis;
      const mustWait = queued + starts.filter((t) => t > windowStart).length >= limit.requests;
      queued++;
      const turn = tail.then(take).finally(() => queued--);
      tail = turn;
      return turn.then(() => mustWait);
    },
  };
}

export interface RetryBudget {
  /** A first attempt was made; it adds to what retries may spend. */
  recordCall(): void;
  /** Spends one retry if the budget allows it; false means the caller must give up now. */
  tryRetry(): boolean;
}

/**
 * A retry budget in the style of Finagle's: over a sliding window, retries may be at most
 * `minRetries + ratio × calls`. The ratio keeps a failing vendor from receiving a multiple
 * of the normal load; the floor lets a quiet client still retry its few calls.
 */
export function createRetryBudget(options: { ratio: number; minRetries: number; windowMillis: number }): RetryBudget {
  if (!(options.ratio >= 0) || !(options.minRetries >= 0) || !(options.windowMillis > 0)) {
    throw new RangeError(`retry budget needs ratio >= 0, minRetries >= 0 and windowMillis > 0, got ${JSON.stringify(options)}`);
  }
  const calls: number[] = [];
  const retries: number[] = [];
  const prune = (times: number[], now: number) => {
    while (times.length > 0 && (times[0] ?? now) <= now - options.windowMillis) times.shift();
  };
  return {
    recordCall: () => {
      calls.push(performance.now());
    },
    tryRetry: () => {
      const now = performance.now();
      prune(calls, now);
      prune(retries, now);
      if (retries.length + 1 > options.minRetries + options.ratio * calls.length) return false;
      retries.push(now);
      return true;
    },
  };
}
