/**
 * How long a GraphQL request may wait for vendors. When its deadline passes, every vendor
 * read it still waits for ends with VENDOR_TIMEOUT and the answer goes out with what is
 * ready; the HTTP layer stops the upstream calls no other request waits for.
 *
 * A deadline is held by the request's context and given to its loaders
 * (`createLoaders(..., { deadline })`), which run their vendor calls within it (scope.ts);
 * the HTTP layer and the cross-request cache read it from there. Work without a deadline
 * (identity sync, change polling, writes) is bounded by each vendor's own timeouts only.
 */
export interface Deadline {
  /** Aborts once the deadline has passed; for a shared call (shared.ts), once no one waits for it any more. */
  readonly signal: AbortSignal;
  /** The budget it was set to, for messages; undefined when it is not one request's own. */
  readonly timeoutMillis: number | undefined;
}

/** Background work: never passes. */
export const NO_DEADLINE: Deadline = Object.freeze({ signal: new AbortController().signal, timeoutMillis: undefined });

/**
 * A deadline `timeoutMillis` from now. Its timer (AbortSignal.timeout, unreferenced) is
 * made on first use, so a request or subscription notice that reads no vendor costs one
 * small object and no timer.
 */
export function requestDeadline(timeoutMillis: number): Deadline {
  if (!(Number.isFinite(timeoutMillis) && timeoutMillis > 0)) throw new RangeError(`timeoutMillis must be a positive number, got ${timeoutMillis}`);
  const passesAtMillis = performance.now() + timeoutMillis;
  let signal: AbortSignal | undefined;
  return {
    timeoutMillis,
    get signal() {
      if (signal === undefined) {
        const leftMillis = Math.ceil(passesAtMillis - performance.now());
        signal = leftMillis > 0 ? AbortSignal.timeout(leftMillis) : AbortSignal.abort();
      }
      return signal;
    },
  };
}
