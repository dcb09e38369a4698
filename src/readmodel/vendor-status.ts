import type { Vendor } from '../domain/vendor.js';
import type { Store } from '../store/store.js';
import type { VendorStatusTable } from '../store/tables.js';
import { announceChanges } from './changes.js';

/**
 * When each vendor's records were last refreshed, and when a refresh (a sync, a poll, a
 * live read under @fresh) last failed (table vendor_status). A vendor whose last
 * refresh failed is stale: its records are served as the last synced copy, and say so.
 */
export interface VendorRefresh {
  vendor: Vendor;
  /** Epoch milliseconds; null before the first. */
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  lastError: string | null;
  /** The last complete read of every resource of the vendor (a full sync). */
  lastFullSyncAt: number | null;
}

export function isStale(status: VendorRefresh | undefined): boolean {
  return status !== undefined && status.lastFailureAt !== null && (status.lastSuccessAt === null || status.lastFailureAt > status.lastSuccessAt);
}

export interface VendorStatusStore {
  succeeded(vendor: Vendor, options?: { at?: number; fullSync?: boolean }): Promise<void>;
  failed(vendor: Vendor, error: string, at?: number): Promise<void>;
  all(): Promise<Map<Vendor, VendorRefresh>>;
}

export function createVendorStatusStore(store: Store): VendorStatusStore {
  /**
   * One vendor's row written, and told: every write moves a time (SYNC_TIMES); one that
   * changes whether the vendor is held or stale changes how its data is served (HOLDINGS).
   */
  const upsert = (vendor: Vendor, values: { last_success_at?: number; last_failure_at?: number; last_error?: string | null; last_full_sync_at?: number }) =>
    store.transaction(async (tx) => {
      const before = await tx.db.selectFrom('vendor_status').selectAll().where('vendor', '=', vendor).executeTakeFirst();
      await tx.db
        .insertInto('vendor_status')
        .values({ vendor, last_success_at: null, last_failure_at: null, last_error: null, last_full_sync_at: null, ...values })
        .onConflict((oc) => oc.column('vendor').doUpdateSet(values))
        .execute();
      const was = before === undefined ? undefined : refreshOf(before);
      const now = refreshOf({ vendor, last_success_at: null, last_failure_at: null, last_error: null, last_full_sync_at: null, ...before, ...values });
      const holdingsMoved = isStale(was) !== isStale(now) || (was?.lastFullSyncAt ?? null) === null !== (now.lastFullSyncAt === null);
      announceChanges(tx, holdingsMoved ? ['SYNC_TIMES', 'HOLDINGS'] : ['SYNC_TIMES']);
    });
  return {
    async succeeded(vendor, options = {}) {
      const at = options.at ?? Date.now();
      await upsert(vendor, { last_success_at: at, ...(options.fullSync === true && { last_full_sync_at: at }) });
    },
    async failed(vendor, error, at = Date.now()) {
      await upsert(vendor, { last_failure_at: at, last_error: error.slice(0, 500) });
    },
    async all() {
      const rows = await store.read.selectFrom('vendor_status').selectAll().execute();
      return new Map(rows.map((row) => [row.vendor as Vendor, refreshOf(row)]));
    },
  };
}

function refreshOf(row: VendorStatusTable): VendorRefresh {
  return {
    vendor: row.vendor as Vendor,
    lastSuccessAt: row.last_success_at,
    lastFailureAt: row.last_failure_at,
    lastError: row.last_error,
    lastFullSyncAt: row.last_full_sync_at,
  };
}
