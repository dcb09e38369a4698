import type { Vendor } from '../domain/vendor.js';

/**
 * A cross-request cache of vendor reads, for vendors that ask for one (Leasey: cache
 * reports 5–15 minutes; StuRents: rate-limits identical requests). Per-request
 * DataLoaders sit in front of it. Entries are tagged by vendor so that an event from a
 * vendor (webhook or poll) can drop what it makes stale: a query after an event never
 * shows the state before it.
 */
export interface VendorCache {
  /** The cached value for `key`, or the result of `load` (cached for `ttlMillis`). Concurrent misses share one load. */
  get<T>(vendor: Vendor, key: string, ttlMillis: number, load: () => Promise<T>): Promise<T>;
  /** Drops every entry of a vendor, or those whose key starts with `prefix`. */
  invalidate(vendor: Vendor, prefix?: string): void;
  /** Drops everything. */
  clear(): void;
  stats(): { hits: number; misses: number; entries: number };
}

interface Entry {
  expiresAt: number;
  value: Promise<unknown>;
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
      const k = fullKey(vendor, key);
      const entry = entries.get(k);
      if (entry !== undefined && entry.expiresAt > now()) {
        hits++;
        return entry.value as Promise<T>;
      }
      misses++;
      const value = load();
      entries.set(k, { expiresAt: now() + ttlMillis, value });
      // A failed load is never cached: the next caller tries again.
      value.catch(() => {
        if (entries.get(k)?.value === value) entries.delete(k);
      });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return value;
    },
    invalidate(vendor, prefix = '') {
      const start = fullKey(vendor, prefix);
      for (const k of entries.keys()) if (k.startsWith(start)) entries.delete(k);
    },
    clear: () => entries.clear(),
    stats: () => ({ hits, misses, entries: entries.size }),
  };
}
