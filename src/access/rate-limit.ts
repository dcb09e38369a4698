import { TokenBucket } from 'limiter';
import type { RateLimit } from '../ports/config.js';
import { userError } from '../errors.js';
import type { GraphQLError } from 'graphql';

/**
 * RENTGRAPH_CLIENT_RATE_LIMIT: a token bucket per client key name, holding `requests`
 * tokens and refilled at `requests` per `perMillis`, so a quiet client may send a burst
 * of that size and a busy one is held to the rate. Every GraphQL request over HTTP and
 * every operation started over graphql-ws takes a token; a subscription's notices take
 * none. Buckets live in this process's memory: with several replicas each counts its
 * own share of a client's requests.
 *
 * `limiter`'s TokenBucket fits (continuous refill, a non-blocking take and the wait for
 * the next token); rate-limiter-flexible counts fixed windows, which let a client send
 * twice the limit across a window's edge.
 */
export interface ClientRateLimiter {
  /** Null when the client may go on; else the RATE_LIMITED error, with `retryAfterSeconds`. */
  take(clientName: string): RateLimitRefusal | null;
}

export interface RateLimitRefusal {
  retryAfterSeconds: number;
  error: GraphQLError;
}

export function createClientRateLimiter(limit: RateLimit): ClientRateLimiter {
  const buckets = new Map<string, TokenBucket>();
  const bucketOf = (name: string): TokenBucket => {
    let bucket = buckets.get(name);
    if (bucket === undefined) {
      bucket = new TokenBucket({ bucketSize: limit.requests, tokensPerInterval: limit.requests, interval: limit.perMillis });
      // A new bucket starts full: a client's first requests are never refused.
      bucket.content = limit.requests;
      buckets.set(name, bucket);
    }
    return bucket;
  };
  return {
    take(clientName) {
      const bucket = bucketOf(clientName);
      if (bucket.tryRemoveTokens(1)) return null;
      const retryAfterSeconds = Math.max(1, Math.ceil(bucket.getWaitTime(1) / 1000));
      return {
        retryAfterSeconds,
        error: userError(
          'RATE_LIMITED',
          `the key "${clientName}" is over its rate limit of ${limit.requests} requests per ${limit.perMillis} ms (RENTGRAPH_CLIENT_RATE_LIMIT); retry after ${retryAfterSeconds} s`,
          { retryAfterSeconds },
        ),
      };
    },
  };
}
