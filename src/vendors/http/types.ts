import type { Logger } from 'pino';
import type { Vendor } from '../../domain/vendor.js';
import type { CircuitStateName, VendorHttpStats } from '../../ports/health.js';
import type { LimitWindows } from './windows.js';
import type { ArrayReadOptions, ArrayReadResult } from '../../ports/streaming.js';

/** Query values: arrays are sent comma-joined (`unitIds=1,2,3`), undefined is left out. */
export type Query = Record<string, string | number | boolean | readonly (string | number)[] | undefined>;

export interface BreakerOptions {
  /** Share of counted calls (0..1] that must fail for the circuit to open. Default 0.5 (opens at >= 50 %). */
  failureRatio?: number;
  /** Fewest counted calls in the sampling window before the circuit may open. Default 10. */
  minimumCalls?: number;
  /** Length of the sliding window failures are counted over. Default 30_000. */
  samplingWindowMillis?: number;
  /** How long the circuit stays open before one probe call is let through. Default 30_000. */
  halfOpenAfterMillis?: number;
}

export interface VendorHttpOptions {
  vendor: Vendor;
  /** Base URL including any path prefix, e.g. http://127.0.0.1:4100/api/public/v1 */
  baseUrl: string;
  /** Values that must never appear in a log line or an error (tokens, passwords, keys). */
  secrets: readonly string[];
  logger: Logger;
  /** Most requests in flight to this vendor at once; further calls wait in a queue. Default 16. */
  maxConcurrent?: number;
  /** Default 5_000. */
  connectTimeoutMillis?: number;
  /** Time from sending a request to its response headers. Default 15_000. */
  headersTimeoutMillis?: number;
  /** Time from the response headers to the end of its body. Default 15_000. */
  bodyTimeoutMillis?: number;
  /** Retries of a failed read (network error, timeout, 5xx, 429). Default 3. */
  maxRetries?: number;
  /** First retry delay; exponential with full jitter, capped at retryMaxDelayMillis. Default 200. */
  retryBaseDelayMillis?: number;
  /** Longest backoff between two attempts when the vendor gave no Retry-After. Default 10_000. */
  retryMaxDelayMillis?: number;
  /** Longest Retry-After we wait for; a vendor asking for more gets no retry. Default 30_000. */
  retryAfterMaxMillis?: number;
  /** At most this share of calls may be retries (a retry budget over a sliding window). Default 0.2. */
  retryBudgetRatio?: number;
  /** Retries allowed per window on top of the ratio, so a quiet client can still retry. Default 10. */
  retryBudgetMinRetries?: number;
  /** Length of the retry budget's sliding window. Default 10_000. */
  retryBudgetWindowMillis?: number;
  /** Circuit breaker settings; false turns it off. */
  breaker?: BreakerOptions | false;
  /** Outbound rate limit, e.g. RentEngine { requests: 20, perMillis: 5_000 }. Default none. Calls wait their turn. */
  rateLimit?: { requests: number; perMillis: number } | null;
  /**
   * Longest a call may expect to wait for the rate limit; one that would wait longer fails
   * at once with VENDOR_RATE_LIMITED, unsent and not retried. Default 10_000.
   */
  rateLimitMaxWaitMillis?: number;
  /**
   * A vendor that refuses the same read again within this many ms (StuRents: 10 s): an
   * identical GET waits out the gap, counted from when the earlier one was answered
   * (refused only when a still earlier one holds it longer). Default none.
   */
  identicalRequestGapMillis?: number | null;
  /**
   * A vendor that refuses the same read again within this many ms (StuRents: 10 s) refuses
   * a retry sent sooner too, so a failed read is retried no sooner than this after it
   * failed; a read whose request budget is this short or shorter is not retried at all (it
   * fails at once with the vendor's error rather than waiting out its deadline). Applies
   * in every process, whether or not `identicalRequestGapMillis` gates first attempts
   * (a failed read is not in the cross-request cache that keeps one process from
   * repeating a read). Default none.
   */
  retryGapMillis?: number | null;
  /** Where the rate limit and identical-request gaps are counted; default this process's memory (windows.ts). */
  limitWindows?: LimitWindows;
  /** Largest response body accepted. Default 20 MiB. */
  maxResponseBytes?: number;
  /** Identical GETs in flight at once share one upstream request. Default true; off only for the no-batching benchmark baseline. */
  shareInFlight?: boolean;
}

export interface RequestOptions {
  /** Arrays are sent comma-separated: unitIds=1,2,3. */
  query?: Query;
  headers?: Record<string, string>;
  /** Overrides the vendor's headers and body timeouts for this call (e.g. the deep.rent PDF call: 60_000). */
  timeoutMillis?: number;
  /** Name of the operation for logs, metrics and error messages, e.g. "GET /units". Default: method + path. */
  operation?: string;
  /**
   * Overrides rateLimitMaxWaitMillis for this call: background work reading page after
   * page (the read-model sync) may wait its turn longer than a request would.
   */
  rateLimitMaxWaitMillis?: number;
}

/**
 * A streamed read of one JSON array (ports/streaming.ts). `timeoutMillis` here bounds the
 * wait for the headers and any silence in the body, not the body as a whole.
 */
export type ArrayReadRequest = RequestOptions & ArrayReadOptions;

export interface VendorResponse {
  status: number;
  /** Parsed JSON, or null when the vendor sent no body. */
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export type { CircuitStateName, VendorHttpStats } from '../../ports/health.js';

export interface VendorHttp {
  readonly vendor: Vendor;
  /**
   * GET returning parsed JSON (2xx). Retried; identical GETs in flight at once share one
   * upstream request, so callers must treat the result as read-only. Under a deadline
   * (ports/deadline.ts) it rejects with VENDOR_TIMEOUT once that passes.
   */
  get(path: string, options?: RequestOptions): Promise<unknown>;
  /**
   * GET of a body that is one JSON array, parsed as it arrives and handed over in batches
   * (ports/streaming.ts): no response cap, a cap per element. Same breaker, concurrency,
   * rate limit and deadline as `get`; retried like it until the first batch was handed
   * over, never after. Not shared with other callers.
   */
  getArray(path: string, request: ArrayReadRequest): Promise<ArrayReadResult>;
  /**
   * POST/PUT/PATCH/DELETE with a JSON body. Never retried (writes are never retried
   * blindly), and never cut by a request's deadline: a write once sent may have happened.
   */
  send(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body: unknown, options?: RequestOptions): Promise<VendorResponse>;
  circuitState(): CircuitStateName;
  /** Counters for /metrics and tests. */
  stats(): VendorHttpStats;
  close(): Promise<void>;
}
