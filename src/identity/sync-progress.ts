import type { Vendor } from '../domain/vendor.js';

/** What an identity sync reports while it runs, and what it returns. */

export type SyncPhase = 'reading' | 'clustering' | 'writing';

export type VendorSyncOutcome =
  | {
    vendor: Vendor;
    ok: true;
    recordsRead: number;
    /** The read was the vendor's whole set, so records missing from it were removed. */
    complete: boolean;
    added: number;
    changed: number;
    removed: number;
    /** This vendor's records in the index after the run. */
    records: number;
  }
  | {
    vendor: Vendor;
    ok: false;
    /** What went wrong, safe to log and show (VendorError messages carry no secrets). */
    error: string;
    /** Records kept from earlier syncs. */
    records: number;
  };

export interface SyncResult {
  startedAt: string;
  finishedAt: string;
  durationMillis: number;
  /** Every vendor was asked for its whole set. */
  full: boolean;
  vendors: VendorSyncOutcome[];
  records: number;
  units: number;
  /** Units with records of two or more vendors. */
  multiVendorUnits: number;
  unitsAdded: number;
  unitsRemoved: number;
  timings: { readingMillis: number; clusteringMillis: number; writingMillis: number };
}

export type SyncEvent =
  | { type: 'phase'; phase: SyncPhase; records: number }
  /** `done`: the vendor's read has ended (well or not); the last event for it before `vendor`. */
  | { type: 'read'; vendor: Vendor; recordsRead: number; done: boolean }
  | { type: 'vendor'; outcome: VendorSyncOutcome }
  | { type: 'done'; result: SyncResult };

export interface SyncProgress {
  phase: SyncPhase;
  startedAt: string;
  /** Records read so far, by vendor, in source order. */
  recordsRead: Partial<Record<Vendor, number>>;
  /** Vendors whose read has ended, well or not. */
  vendorsDone: Vendor[];
  /** Records being clustered or written (0 while reading). */
  records: number;
}

export interface SyncStatus {
  /** The index holds a completed sync, from this process or an earlier one; the graph pages over it. */
  firstSyncDone: boolean;
  running: boolean;
  /** When the last run ended. */
  lastRunAt: string | null;
  /** The last run's failure, or its failed vendors ("VENDOR: message; …"); null when it went well. */
  lastError: string | null;
  /** The run in flight; null when idle. */
  progress: SyncProgress | null;
}

/** One line for /readyz while the first sync has not finished. */
export function describeSync(status: SyncStatus): string {
  const { progress } = status;
  if (status.running && progress !== null) {
    if (progress.phase !== 'reading') return `first sync ${progress.phase}: ${progress.records} records`;
    const read = Object.entries(progress.recordsRead).map(([vendor, n]) => `${vendor} ${n}`).join(', ');
    return `first sync reading: ${read === '' ? 'no records yet' : `${read} records read`}`;
  }
  if (status.lastError !== null) return `first sync failed: ${status.lastError}`;
  return 'first sync not started';
}
