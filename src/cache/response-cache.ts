import { LRUCache } from 'lru-cache';
import type { ChangeTopic } from '../readmodel/changes.js';
import type { ChangeVersions } from './change-versions.js';

/**
 * Whole responses, kept while nothing they were built from changed: each entry names
 * the parts of the store its response read (request/response-inputs.ts) and the change
 * count its build began at; a lookup after any of those parts changed drops it. So an
 * answer is served again exactly until a write (a sync page, a poll, a webhook, a
 * mutation, here or on another replica) changes what it showed, with no time to live to
 * tune. Responses that showed anything else (a vendor read live, errors, stale data) are
 * never kept. Bounded by bytes, least recently used first out.
 */
export interface ResponseCacheOptions {
  maxBytes: number;
  versions: ChangeVersions;
  /** Epoch milliseconds now; for entries whose values move with the clock. */
  now?: () => number;
}

interface Entry {
  body: Buffer;
  topics: readonly ChangeTopic[];
  builtAt: number;
  expiresAt: number | null;
}

export interface ResponseCacheStats {
  hits: number;
  misses: number;
  stored: number;
  /** Entries found but dropped because something they read changed (or their time passed). */
  invalidated: number;
  entries: number;
  bytes: number;
}

/** Per entry beyond its body: the key, the topics, the map's own bookkeeping. */
const ENTRY_OVERHEAD_BYTES = 256;

export class ResponseCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly versions: ChangeVersions;
  private readonly now: () => number;
  private readonly counts = { hits: 0, misses: 0, stored: 0, invalidated: 0 };

  constructor(options: ResponseCacheOptions) {
    if (!(Number.isInteger(options.maxBytes) && options.maxBytes > 0)) throw new RangeError(`maxBytes must be a positive integer, got ${options.maxBytes}`);
    this.versions = options.versions;
    this.now = options.now ?? Date.now;
    this.entries = new LRUCache<string, Entry>({
      maxSize: options.maxBytes,
      // One response may take at most a quarter of the room, so a few huge pages cannot empty it.
      maxEntrySize: Math.max(1, Math.floor(options.maxBytes / 4)),
      sizeCalculation: (entry, key) => entry.body.length + key.length + ENTRY_OVERHEAD_BYTES,
    });
  }

  /** The change count a response begun now is built on; hand it to `keep`. */
  begin(): number {
    return this.versions.now;
  }

  /** The kept response for `key`, if nothing it read changed since it was built. */
  find(key: string): Buffer | null {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      this.counts.misses++;
      return null;
    }
    if (!this.versions.unchangedSince(entry.builtAt, entry.topics) || (entry.expiresAt !== null && this.now() >= entry.expiresAt)) {
      this.entries.delete(key);
      this.counts.invalidated++;
      this.counts.misses++;
      return null;
    }
    this.counts.hits++;
    return entry.body;
  }

  /**
   * Keeps a response built from `topics` since change count `builtAt` (from `begin`).
   * Kept only if none of them changed meanwhile: the response may already show either side.
   */
  keep(key: string, body: string, inputs: { topics: Iterable<ChangeTopic>; expiresAt: number | null }, builtAt: number): boolean {
    const topics = [...inputs.topics];
    if (!this.versions.unchangedSince(builtAt, topics)) return false;
    if (inputs.expiresAt !== null && this.now() >= inputs.expiresAt) return false;
    this.entries.set(key, { body: Buffer.from(body), topics, builtAt, expiresAt: inputs.expiresAt });
    // Larger than an entry may be: not kept.
    if (!this.entries.has(key)) return false;
    this.counts.stored++;
    return true;
  }

  stats(): ResponseCacheStats {
    return { ...this.counts, entries: this.entries.size, bytes: this.entries.calculatedSize };
  }
}
