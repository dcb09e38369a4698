import type { ChangeTopic } from '../readmodel/changes.js';

/**
 * What one response was built from, so that it can be kept whole and dropped exactly when
 * a write changes something it read (src/cache/). Reads of the store say which parts
 * they read (ChangeTopic); anything else a response may show (a vendor read live, data
 * a vendor's client cached for a while, the circuit state, the client's own key, the
 * audit log) makes it one that is never kept, and so does a response whose values move
 * with the clock beyond `expiresAt`.
 */
export class ResponseInputs {
  private readonly read = new Set<ChangeTopic>();
  private liveReason: string | null = null;
  private expires: number | null = null;

  /** The response shows these parts of the store. */
  reads(topics: readonly ChangeTopic[]): void {
    for (const topic of topics) this.read.add(topic);
  }

  /** The response shows something no store write announces (`reason` is for logs and tests). */
  readsLive(reason: string): void {
    this.liveReason ??= reason;
  }

  /** What the response shows stops being true at `epochMillis` even if nothing is written (e.g. a lease ends). */
  changesAt(epochMillis: number): void {
    if (this.expires === null || epochMillis < this.expires) this.expires = epochMillis;
  }

  /** Why the response may not be kept; null when it may. */
  get live(): string | null {
    return this.liveReason;
  }

  get topics(): ReadonlySet<ChangeTopic> {
    return this.read;
  }

  /** Epoch milliseconds after which the response may no longer be served as is; null: only a write ends it. */
  get expiresAt(): number | null {
    return this.expires;
  }
}
