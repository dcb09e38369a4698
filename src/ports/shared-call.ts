import { NO_DEADLINE, withinDeadline, type Deadline } from './deadline.js';

/**
 * One piece of work several callers wait for (identical GETs in flight, a cross-request
 * cache fill), each only until its own deadline:
 * - a waiter whose deadline passes stops waiting at once with its own error; the work
 *   goes on for the others, so one request's deadline never fails another's call;
 * - the work runs under a deadline of its own (passed to it and current while it runs)
 *   whose signal aborts when the last waiter has left before it settled: only then is
 *   it abandoned, and the owner must stop handing it out (`onAbandon`);
 * - a waiter without a deadline (NO_DEADLINE: sync, polling) keeps it going to the end.
 * The work starts on the first join.
 */
export interface SharedCall<T> {
  /** The result, or `onDeadline()` as soon as `waiter`'s deadline passes first. */
  join(waiter: Deadline, onDeadline: () => Error): Promise<T>;
  /** Every waiter left before it settled: it was told to stop and can no longer be joined. */
  readonly abandoned: boolean;
}

export function shareCall<T>(work: (deadline: Deadline) => Promise<T>, onAbandon: () => void = () => undefined): SharedCall<T> {
  const controller = new AbortController();
  /** The deadlines of the callers waiting now; background ones never leave. */
  const waiters = new Set<Deadline>();
  const own: Deadline = {
    signal: controller.signal,
    timeoutMillis: undefined,
    get unbounded() {
      for (const waiter of waiters) if (waiter.unbounded) return true;
      return false;
    },
  };
  let result: Promise<T> | undefined;
  let settled = false;
  let waiting = 0;
  let abandoned = false;

  const abandon = () => {
    abandoned = true;
    controller.abort();
    onAbandon();
  };
  const start = (): Promise<T> => {
    const started = withinDeadline(own, async () => work(own));
    // Registered first, so `settled` is true before any waiter hears of the outcome.
    started.then(
      () => (settled = true),
      () => (settled = true),
    );
    return started;
  };

  return {
    get abandoned() {
      return abandoned;
    },
    join(waiter, onDeadline) {
      if (abandoned) return Promise.reject(new Error('a shared call was joined after every waiter had left it (expected its owner to drop it then)'));
      if (settled && result !== undefined) return result;
      if (waiter.signal.aborted) {
        if (result === undefined) abandon();
        return Promise.reject(onDeadline());
      }
      waiting++;
      waiters.add(waiter);
      const running = (result ??= start());
      // It never leaves, so it needs no listener.
      if (waiter === NO_DEADLINE) return running;
      return new Promise<T>((resolve, reject) => {
        const leave = () => {
          waiting--;
          waiters.delete(waiter);
          reject(onDeadline());
          if (waiting === 0 && !settled) abandon();
        };
        waiter.signal.addEventListener('abort', leave, { once: true });
        running.then(
          (value) => {
            waiter.signal.removeEventListener('abort', leave);
            waiters.delete(waiter);
            resolve(value);
          },
          (error: unknown) => {
            waiter.signal.removeEventListener('abort', leave);
            waiters.delete(waiter);
            reject(error);
          },
        );
      });
    },
  };
}
