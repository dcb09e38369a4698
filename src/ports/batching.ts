import DataLoader from 'dataloader';
import { bindToDeadline, type Deadline } from './deadline.js';

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
  /**
   * Told before each call to a vendor's client (or its cross-request cache) that these
   * loaders make, so the request knows it showed data no store write announces.
   */
  onVendorRead?: (() => void) | undefined;
}

/**
 * `target` (a vendor client, its cross-request cache) bound to the request these loaders
 * serve: every method runs within the request's deadline (bindToDeadline) and first tells
 * `onVendorRead`.
 */
export function bindToRequest<T extends object>(target: T, options: LoaderOptions): T {
  const bound = bindToDeadline(target, options.deadline);
  const { onVendorRead } = options;
  if (onVendorRead === undefined) return bound;
  return new Proxy(bound, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        onVendorRead();
        return Reflect.apply(value, object, args);
      };
    },
  });
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

/** A loader answering from another one, mapping each value; errors stay in their slot. */
export function mapLoader<K, V, W>(options: LoaderOptions, inner: DataLoader<K, V | null>, map: (value: V) => W): DataLoader<K, W | null> {
  return new DataLoader<K, W | null>(
    async (keys) => (await inner.loadMany(keys)).map((value) => (value instanceof Error ? value : value === null ? null : map(value))),
    { batch: options.batching, cache: options.batching },
  );
}

/** A vendor with no id filter: every key is answered from one whole-list read per request. */
export interface WholeListLoaders<T> {
  all: () => Promise<T[]>;
  byId: DataLoader<string, T | null>;
}

export function wholeListLoaders<T>(options: LoaderOptions, read: () => Promise<T[]>, idOf: (row: T) => string): WholeListLoaders<T> {
  const all = memo(options, read);
  return { all, byId: indexLoader(options, all, idOf) };
}

/** Every key's value through a loader, in key order; the first key that failed fails the whole (its error kept in its slot otherwise). */
export async function loadAll<K, V>(loader: DataLoader<K, V>, keys: readonly K[]): Promise<V[]> {
  return (await loader.loadMany(keys)).map((result) => {
    if (result instanceof Error) throw result;
    return result;
  });
}
