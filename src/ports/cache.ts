import { currentDeadline, deadlinePassedError } from './deadline.js';
import { shareCall, type SharedCall } from './shared-call.js';
import type { Vendor } from '../domain/vendor.js';

/**
 * A cross-request cache of vendor reads, for vendors that ask for one (reports to be
 * kept for minutes, identical requests refused within seconds). Per-request
 * DataLoaders sit in front of it. Entries are tagged by vendor so that an event from a
 * vendor (webhook or poll) can drop what it makes stale: a query after an event never
 * shows the state before it.
 *
 * A load is shared by every request that asks for its key meanwhile, and each of them
 * waits only until its own deadline (src/deadline/): one request's deadline never fails
 * the load for another. A load every waiter has left is stopped and forgotten.
 */
export interface VendorCache {
  /**
   * The cached value for `key`, or the result of `load` (cached for `ttlMillis`). Concurrent
   * misses share one load; under a deadline a caller stops waiting with VENDOR_TIMEOUT.
   */
  get<T>(vendor: Vendor, key: string, ttlMillis: number, load: () => Promise<T>): Promise<T>;
  /** Drops every entry of a vendor, or those whose key starts with `prefix`. */
  invalidate(vendor: Vendor, prefix?: string): void;
  /** Drops everything. */
  clear(): void;
  stats(): { hits: number; misses: number; entries: number };
}

interface Entry {
  expiresAt: number;
  load: SharedCall<unknown>;
}

export function createVendorCache(options: { maxEntries?: number; now?: () => number } = {}): VendorCache {
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let hits = 0;
  let misses = 0;
  const fullKey = (vendor: Vendor, key: string) => `${vendor}\u0000${key}`;

  return {
    get<T>(vendor: Vendor, key: string, ttlMillis: number, load: () => Promise<T>): Promise<T> {
      const caller = currentDeadline();
      const timedOut = () => deadlinePassedError(vendor, 'shared read', caller, 'waiting');
      const k = fullKey(vendor, key);
      const entry = entries.get(k);
      // A request past its deadline is still answered from what is cached, but starts no load.
      if (entry !== undefined && entry.expiresAt > now()) {
        hits++;
        return entry.load.join(caller, timedOut) as Promise<T>;
      }
      if (caller.signal.aborted) return Promise.reject(deadlinePassedError(vendor, 'shared read', caller, 'unsent'));
      misses++;
      // A failed or abandoned load is never cached: the next caller tries again.
      const forget = () => {
        if (entries.get(k)?.load === shared) entries.delete(k);
      };
      const shared: SharedCall<T> = shareCall(async () => {
        try {
          return await load();
        } catch (error) {
          forget();
          throw error;
        }
      }, forget);
      entries.set(k, { expiresAt: now() + ttlMillis, load: shared });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return shared.join(caller, timedOut);
    },
    invalidate(vendor, prefix = '') {
      const start = fullKey(vendor, prefix);
      for (const k of entries.keys()) if (k.startsWith(start)) entries.delete(k);
    },
    clear: () => entries.clear(),
    stats: () => ({ hits, misses, entries: entries.size }),
  };
}
