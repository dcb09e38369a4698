import { timingSafeEqual } from 'node:crypto';

/** The token in `Authorization: Bearer <token>`, compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface RateLimit {
  requests: number;
  windowMillis: number;
}

/**
 * A sliding-window limit per key (per token): at most `requests` in any
 * `windowMillis`. Returns null when the request may pass, else the whole seconds
 * (at least 1) until the oldest counted request leaves the window, for Retry-After.
 */
export function createRateLimiter(limit: RateLimit): (key: string, nowMillis: number) => number | null {
  const hits = new Map<string, number[]>();
  return (key, now) => {
    let log = hits.get(key);
    if (log === undefined) hits.set(key, (log = []));
    while (log.length > 0 && log[0]! <= now - limit.windowMillis) log.shift();
    if (log.length >= limit.requests) return Math.max(1, Math.ceil((log[0]! + limit.windowMillis - now) / 1000));
    log.push(now);
    return null;
  };
}
