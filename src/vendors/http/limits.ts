import { setTimeout as sleep } from 'node:timers/promises';

export interface RateLimiter {
  /** Resolves when one more request may start; true when the caller had to wait. Never rejects. */
  acquire(): Promise<boolean>;
  /**
   * Like acquire, but the request keeps its place in the window until `release()` and is
   * then counted from that moment. A vendor stamps a request somewhere between our send
   * and its answer (a busy vendor may stamp it hundreds of ms after it arrived), so a
   * window counted from the answers can never be fuller at the vendor than here.
   */
  acquireSlot(): Promise<RateLimitSlot>;
  /**
   * acquireSlot for a caller that waits at most `maxWaitMillis`: one whose turn would come
   * later (estimated from the line ahead of it, each window letting `requests` more start)
   * is not queued and gets null, so overload turns into fast refusals, not an ever longer line.
   */
  tryAcquireSlot(maxWaitMillis: number): Promise<RateLimitSlot | null>;
  readonly limit: { requests: number; perMillis: number };
}

export interface RateLimitSlot {
  /** True when the caller had to wait for the window. */
  waited: boolean;
  /** The request is done (answered or failed); idempotent. */
  release(): void;
  /** The request was never sent (its caller gave up while it waited): its place in the window is given back. */
  cancel(): void;
}

/** Throws a RangeError unless `requests` is a whole number of at least 1 and `perMillis` positive. */
export function checkRateLimit(limit: { requests: number; perMillis: number }): void {
  if (!Number.isInteger(limit.requests) || limit.requests < 1 || !(limit.perMillis > 0)) {
    throw new RangeError(`rateLimit needs requests >= 1 (integer) and perMillis > 0, got ${JSON.stringify(limit)}`);
  }
}

interface WindowEntry {
  /** Start time, moved to the release time when released. */
  at: number;
  inFlight: boolean;
}

/**
 * A sliding-window log limiter: at most `requests` starts in any `perMillis` window.
 * Callers are served first come, first served, so a burst is spread out, not reordered.
 * Requests taken with acquireSlot count until released, then from their release time.
 */
export function createRateLimiter(limit: { requests: number; perMillis: number }): RateLimiter {
  checkRateLimit(limit);
  let entries: WindowEntry[] = [];
  let tail: Promise<unknown> = Promise.resolve();
  let queued = 0;
  const inWindow = (now: number) => entries.filter((e) => e.at > now - limit.perMillis).map((e) => e.at).sort((a, b) => a - b);
  const take = async (inFlight: boolean): Promise<WindowEntry> => {
    for (;;) {
      const now = performance.now();
      const times = inWindow(now);
      const oldest = times.length >= limit.requests ? times[times.length - limit.requests] : undefined;
      const waitMillis = oldest === undefined ? 0 : oldest + limit.perMillis - now;
      if (waitMillis <= 0) break;
      // A release while asleep can move an entry later; the loop then looks again.
      await sleep(Math.ceil(waitMillis));
    }
    const now = performance.now();
    entries = entries.filter((e) => e.inFlight || e.at > now - limit.perMillis);
    const entry = { at: now, inFlight };
    entries.push(entry);
    return entry;
  };
  const enqueue = (inFlight: boolean): { mustWait: boolean; turn: Promise<WindowEntry> } => {
    // A caller waits when the window is full counting those queued ahead of it.
    const mustWait = queued + inWindow(performance.now()).length >= limit.requests;
    queued++;
    const turn = tail.then(() => take(inFlight)).finally(() => queued--);
    tail = turn;
    return { mustWait, turn };
  };
  const slot = async (): Promise<RateLimitSlot> => {
    const { mustWait, turn } = enqueue(true);
    const entry = await turn;
    return {
      waited: mustWait,
      release: () => {
        if (!entry.inFlight) return;
        entry.inFlight = false;
        entry.at = Math.max(entry.at, performance.now());
      },
      cancel: () => {
        entries = entries.filter((e) => e !== entry);
      },
    };
  };
  return {
    acquire: () => {
      const { mustWait, turn } = enqueue(false);
      return turn.then(() => mustWait);
    },
    acquireSlot: () => slot(),
    tryAcquireSlot: async (maxWaitMillis) => {
      const ahead = queued + inWindow(performance.now()).length;
      const windowsToWait = ahead < limit.requests ? 0 : Math.floor((ahead - limit.requests) / limit.requests) + 1;
      return windowsToWait * limit.perMillis > maxWaitMillis ? null : slot();
    },
    limit: { ...limit },
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
