import DataLoader from 'dataloader';
import type { Deadline } from '../deadline/deadline.js';

/**
 * Loader building blocks that honour the batching switch. With batching off (a
 * benchmark baseline only) nothing is batched or cached, so every load is its own
 * upstream call and the N+1 cost is visible.
 */
export interface LoaderOptions {
  batching: boolean;
  /**
   * The request's deadline: every vendor read of these loaders ends by it (VENDOR_TIMEOUT).
   * Undefined: reads are bounded by the vendors' own timeouts only.
   */
  deadline?: Deadline | undefined;
}

/** A whole-list read shared by every load in one request. */
export function memo<T>(options: LoaderOptions, fetch: () => Promise<T>): () => Promise<T> {
  if (!options.batching) return fetch;
  let pending: Promise<T> | null = null;
  return () => (pending ??= fetch());
}

/** A DataLoader over a whole-list read: keys are answered from the list, missing ones as null. */
export function indexLoader<K, V>(options: LoaderOptions, list: () => Promise<readonly V[]>, keyOf: (value: V) => K): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(
    async (keys) => {
      const index = new Map<K, V>();
      for (const value of await list()) index.set(keyOf(value), value);
      return keys.map((key) => index.get(key) ?? null);
    },
    { batch: options.batching, cache: options.batching },
  );
}

/** A DataLoader grouping a whole-list read by a key: keys with nothing get an empty list. */
export function groupLoader<K, V>(options: LoaderOptions, list: () => Promise<readonly V[]>, keysOf: (value: V) => readonly K[]): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(
    async (keys) => {
      const wanted = new Set(keys);
      const groups = new Map<K, V[]>();
      for (const value of await list()) {
        for (const key of keysOf(value)) {
          if (!wanted.has(key)) continue;
          const group = groups.get(key);
          if (group === undefined) groups.set(key, [value]);
          else group.push(value);
        }
      }
      return keys.map((key) => groups.get(key) ?? []);
    },
    { batch: options.batching, cache: options.batching },
  );
}
