import type { ErrorCode } from '../errors.js';

/**
 * A vendor connection's health and counters, as the HTTP layer (vendors/http) keeps them:
 * what Query.vendors, /metrics and the tests read.
 */
export type CircuitStateName = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface VendorHttpStats {
  /** get() and send() calls, deduplicated ones included. */
  calls: number;
  /** Requests that actually left for the vendor (first attempts and retries). */
  upstreamRequests: number;
  retries: number;
  /** Retries not made because the retry budget was spent. */
  retriesDeniedByBudget: number;
  /** GETs that joined an identical GET already in flight. */
  deduped: number;
  /** Upstream reads stopped because every request waiting for them had passed its deadline. */
  abandoned: number;
  /** Attempts refused without a request because the circuit was open. */
  breakerRejections: number;
  /** Attempts that had to wait for the outbound rate limit. */
  rateLimitWaits: number;
  /** Calls refused unsent because the rate limit's line was longer than rateLimitMaxWaitMillis. */
  rateLimitRefusals: number;
  /** Calls that ended in an error, by error code. */
  failures: Partial<Record<ErrorCode, number>>;
}

/** What the gateway reads and closes of a vendor's connection. */
export interface VendorLink {
  circuitState(): CircuitStateName;
  stats(): VendorHttpStats;
  /** Ends the calls under way (after a grace second) and refuses new ones. */
  close(): Promise<void>;
}
