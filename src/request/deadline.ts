import type { Deadline } from '../ports/deadline.js';

/**
 * A deadline `timeoutMillis` from now. Its timer (AbortSignal.timeout, unreferenced) is
 * made on first use, so a request or subscription notice that reads no vendor costs one
 * small object and no timer.
 */
export function requestDeadline(timeoutMillis: number): Deadline {
  if (!(Number.isFinite(timeoutMillis) && timeoutMillis > 0)) throw new RangeError(`timeoutMillis must be a positive number, got ${timeoutMillis}`);
  return new RequestDeadline(timeoutMillis, performance.now() + timeoutMillis);
}

/**
 * A class, so that the lazy `signal` is a getter on the prototype: an object literal with
 * a getter is made in dictionary mode, a few hundred bytes, and every subscription keeps
 * the deadline of the context it started with.
 */
class RequestDeadline implements Deadline {
  private made: AbortSignal | undefined;
  constructor(readonly timeoutMillis: number, private readonly passesAtMillis: number) {}
  get unbounded(): false {
    return false;
  }
  get signal(): AbortSignal {
    if (this.made === undefined) {
      const leftMillis = Math.ceil(this.passesAtMillis - performance.now());
      this.made = leftMillis > 0 ? AbortSignal.timeout(leftMillis) : AbortSignal.abort();
    }
    return this.made;
  }
}
