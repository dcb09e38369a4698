import DataLoader from 'dataloader';
import type { LoaderOptions } from './memo.js';

/**
 * Loaders over a vendor's multi-id filter: every key of one tick goes to the vendor in
 * one read (split at `maxBatchSize`, the vendor's page limit). Both honour the batching
 * switch like memo.ts. Results are shared with other readers: read-only.
 */

/** One record per key, null where the vendor has none. */
export function byIdsLoader<V>(
  options: LoaderOptions,
  maxBatchSize: number,
  fetch: (ids: readonly string[]) => Promise<readonly V[]>,
  keyOf: (value: V) => string,
): DataLoader<string, V | null> {
  return new DataLoader<string, V | null>(
    async (keys) => {
      const index = new Map<string, V>();
      for (const value of await fetch(keys)) index.set(keyOf(value), value);
      return keys.map((key) => index.get(key) ?? null);
    },
    { batch: options.batching, cache: options.batching, maxBatchSize },
  );
}

/** Every record naming a key (e.g. the events of a lockbox), an empty list where none does. */
export function groupByIdsLoader<V>(
  options: LoaderOptions,
  maxBatchSize: number,
  fetch: (ids: readonly string[]) => Promise<readonly V[]>,
  keyOf: (value: V) => string | null,
): DataLoader<string, V[]> {
  return new DataLoader<string, V[]>(
    async (keys) => {
      const groups = new Map<string, V[]>(keys.map((key) => [key, []]));
      for (const value of await fetch(keys)) {
        const key = keyOf(value);
        if (key !== null) groups.get(key)?.push(value);
      }
      return keys.map((key) => groups.get(key)!);
    },
    { batch: options.batching, cache: options.batching, maxBatchSize },
  );
}
