import { AsyncLocalStorage } from 'node:async_hooks';
import { NO_DEADLINE, type Deadline } from './deadline.js';

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
