import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { SharedWindow } from '../../store/store.js';
import { createRateLimiter, type RateLimiter, type RateLimitSlot } from './limits.js';

/**
 * Where a vendor's outbound limits are counted: a window per name (the vendor's request
 * budget, or one identical request), with at most `limit.requests` starts in any
 * `limit.perMillis`.
 *
 * On SQLite one process serves the store, so its memory is the place. With a shared
 * store (Postgres) every replica takes its places from one window in the store, the same
 * rows whoever asks. The budget is not split among replicas by the leader instead: a split
 * leaves a replica idle below its share while another has callers waiting (RentEngine's
 * 20 per 5 s is small enough that each of three replicas would get 6), needs a new split
 * whenever a replica comes or goes (and one that died holds its share until noticed), and
 * still cannot keep two replicas from sending an identical StuRents request, which no
 * split of a count can express. The store already is the one thing every replica shares;
 * a place costs one short transaction, small beside a vendor call.
 */
export interface LimitWindows {
  /**
   * A place in window `name`, or null when the caller would have to wait longer than
   * `maxWaitMillis` for one.
   */
  slot(name: string, limit: { requests: number; perMillis: number }, maxWaitMillis: number): Promise<RateLimitSlot | null>;
}

/** Windows in this process's memory; a window unused for longer than its length is dropped. */
export function localWindows(): LimitWindows {
  const windows = new Map<string, { limiter: RateLimiter; usedAt: number }>();
  const sweep = (now: number) => {
    for (const [name, entry] of windows) if (now - entry.usedAt > entry.limiter.limit.perMillis * 2) windows.delete(name);
  };
  return {
    async slot(name, limit, maxWaitMillis) {
      const now = performance.now();
      if (windows.size > 1_000) sweep(now);
      let entry = windows.get(name);
      if (entry === undefined) windows.set(name, (entry = { limiter: createRateLimiter(limit), usedAt: now }));
      entry.usedAt = now;
      const slot = await entry.limiter.tryAcquireSlot(maxWaitMillis);
      if (slot === null) return null;
      const used = entry;
      return {
        waited: slot.waited,
        release() {
          used.usedAt = performance.now();
          slot.release();
        },
        cancel: () => slot.cancel(),
      };
    },
  };
}

/**
 * Windows in the store, shared by every replica. A store that cannot be asked does not
 * stop vendor calls: they fall back to this process's own windows (logged), which keep
 * one replica within the limit while the others may not be.
 */
export function sharedWindows(window: SharedWindow, logger: Logger): LimitWindows {
  const fallback = localWindows();
  const failed = (what: string) => (error: unknown) => logger.warn({ err: error }, `could not ${what} a place of a shared vendor rate window`);
  return {
    async slot(name, limit, maxWaitMillis) {
      const started = performance.now();
      let waited = false;
      for (;;) {
        let place: Awaited<ReturnType<SharedWindow['tryTake']>>;
        try {
          place = await window.tryTake(name, limit);
        } catch (error) {
          failed('take')(error);
          return fallback.slot(name, limit, Math.max(0, maxWaitMillis - (performance.now() - started)));
        }
        if (place.taken) {
          const { id } = place;
          let done = false;
          return {
            waited,
            release() {
              if (done) return;
              done = true;
              window.settle(id).catch(failed('settle'));
            },
            cancel() {
              if (done) return;
              done = true;
              window.giveBack(id).catch(failed('give back'));
            },
          };
        }
        if (performance.now() - started + place.retryInMillis > maxWaitMillis) return null;
        waited = true;
        // Replicas woken by the same freed place would all ask at once; a little jitter spreads them.
        await sleep(place.retryInMillis + Math.random() * 25);
      }
    },
  };
}

/** The window name of one request (method and target, query included), hashed: a target may carry a credential. */
export function identicalRequestName(vendor: string, method: string, target: string): string {
  return `${vendor}:same:${createHash('sha256').update(`${method} ${target}`).digest('base64url').slice(0, 32)}`;
}
