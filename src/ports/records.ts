import type { UnitRecord } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';

/**
 * A vendor's unit-like records, as the identity sync reads them (a unit of the system of record, a
 * listing's property, the object of a handover protocol). Each vendor module provides one.
 *
 * The shape is the one every listable record kind will take for the read model: the
 * whole set, or where the vendor can filter by change time, what changed since a
 * watermark the source itself returned.
 */
export interface UnitRecordSource {
  vendor: Vendor;
  /**
   * Reads records. With `since` (a watermark this source returned before) a vendor that
   * can read incrementally returns only records added or changed since; others return
   * everything and say `complete: true`.
   */
  list(options: UnitListOptions): Promise<UnitListResult>;
}

export interface UnitListOptions {
  since: string | null;
  /** Called as pages arrive, with the number of records read so far. */
  onProgress?: (recordsRead: number) => void;
}

export interface UnitListResult {
  records: UnitRecord[];
  /** Pass back as `since` next time; null when the vendor cannot read incrementally. */
  watermark: string | null;
  /** True when `records` is the vendor's whole set (so records missing from it are gone). */
  complete: boolean;
}
