import { AsyncLocalStorage } from 'node:async_hooks';
import type { Vendor } from '../domain/vendor.js';
import { VendorError } from '../errors.js';

/**
 * How long a GraphQL request may wait for vendors. When its deadline passes, every vendor
 * read it still waits for ends with VENDOR_TIMEOUT and the answer goes out with what is
 * ready; the HTTP layer stops the upstream calls no other request waits for.
 *
 * A deadline is held by the request's scope (src/request/) and given to its loaders,
 * which run their vendor calls within it (bindToDeadline below); the HTTP layer and the
 * cross-request cache read it from there (currentDeadline). Work without a deadline
 * (identity sync, change polling, writes) is bounded by each vendor's own timeouts only.
 */
export interface Deadline {
  /** Aborts once the deadline has passed; for a shared call (shared.ts), once no one waits for it any more. */
  readonly signal: AbortSignal;
  /** The budget it was set to, for messages; undefined when it is not one request's own. */
  readonly timeoutMillis: number | undefined;
  /** True when background work waits for it (NO_DEADLINE, or a shared call one such caller joined): it never passes. */
  readonly unbounded: boolean;
}

/** Background work: never passes. */
export const NO_DEADLINE: Deadline = Object.freeze({ signal: new AbortController().signal, timeoutMillis: undefined, unbounded: true });

/**
 * The deadline a vendor call runs under. Vendor clients are shared by every request and
 * take no per-call deadline, so the loaders enter a request's deadline around the client
 * calls they make (bindToDeadline) and the HTTP layer and the cross-request cache read it
 * here. Everything started inside, and every continuation of it, sees the same deadline.
 */
const scope = new AsyncLocalStorage<Deadline>();

/** The deadline of the call being made; NO_DEADLINE outside any (background work). */
export function currentDeadline(): Deadline {
  return scope.getStore() ?? NO_DEADLINE;
}

/** Runs `work` with `deadline` as the current one. */
export function withinDeadline<T>(deadline: Deadline, work: () => T): T {
  return scope.run(deadline, work);
}

/**
 * `target` with every method run within `deadline`, unless a deadline is already current:
 * a call made inside a shared read (a cross-request cache fill, see shared.ts) belongs to
 * that read, whose deadline lasts as long as anyone waits for it. Undefined = `target` as is.
 */
export function bindToDeadline<T extends object>(target: T, deadline: Deadline | undefined): T {
  if (deadline === undefined) return target;
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => scope.run(scope.getStore() ?? deadline, () => Reflect.apply(value, object, args));
    },
  });
}

/**
 * VENDOR_TIMEOUT for a vendor read the request's deadline cut short: `waiting` when the
 * vendor had not answered in time, `unsent` when the deadline had passed before the call
 * could be sent (after a wait for a connection, the rate limit or a retry's backoff).
 */
export function deadlinePassedError(vendor: Vendor, operation: string, deadline: Deadline, phase: 'waiting' | 'unsent'): VendorError {
  const budget = deadline.timeoutMillis === undefined ? "the request's deadline" : `the request's deadline of ${deadline.timeoutMillis} ms`;
  const message =
    phase === 'waiting'
      ? `${vendor} ${operation} timed out: no answer within ${budget} (expected an answer before the deadline)`
      : `${vendor} ${operation} not sent: ${budget} had passed (expected time left to ask the vendor)`;
  return new VendorError({ code: 'VENDOR_TIMEOUT', vendor, message });
}
