import type { Deadline } from '../ports/deadline.js';

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
