import { nextDateStatusChange } from '../domain/leases.js';
import type { Vendor } from '../domain/vendor.js';
import { RECORD_KINDS } from '../ports/read-model.js';
import type { Store } from '../store/store.js';
import { createHistoryQueries, createLeaseQueries, createPersonQueries, createRecordListQueries, type FactOrder, type FactQueries, type HistoryQueries, type LeaseOrderField, type LeaseQueryFilter, type PersonQueryFilter, type RecordListFilter } from './fact-queries.js';
import { createRecordStore, type RecordStore } from './records.js';
import { createUnitQueries, type UnitQueries } from './unit-query.js';
import { createVendorStatusStore, type VendorRefresh } from './vendor-status.js';

/** What a unit shows from its facts (unit-facts.ts), as the graph reads them. */
export interface UnitFacts {
  occupied: boolean | null;
  rentMonthly: { amount: number; currency: string } | null;
  /** Epoch milliseconds; null when none of its records was ever written. */
  updatedAt: number | null;
}

/**
 * Everything the graph reads from the read model: the queries that page, filter, order
 * and count in the store, and the batched reads per-request loaders are built on
 * (request/store-reads.ts). Every method is one statement per call (or per chunk of 400).
 */
export interface ReadModelReads {
  readonly records: RecordStore;
  readonly units: UnitQueries;
  readonly leases: FactQueries<LeaseQueryFilter, FactOrder<LeaseOrderField>>;
  readonly tenants: FactQueries<PersonQueryFilter>;
  readonly prospects: FactQueries<PersonQueryFilter>;
  readonly history: HistoryQueries;
  /** Lists of records of one kind, by vendor then id. */
  readonly lockboxes: FactQueries<RecordListFilter>;
  readonly listings: FactQueries<RecordListFilter>;
  /** Facts of these units, by unit key (absent: no facts yet). */
  unitFacts(unitKeys: readonly string[]): Promise<Map<string, UnitFacts>>;
  /** The oldest synced_at (epoch ms) of the records of each "VENDOR:id", whatever their kind. */
  syncedAt(refKeys: readonly string[]): Promise<Map<string, number>>;
  /** Each vendor's last refresh, success and failure. */
  vendorRefresh(): Promise<Map<Vendor, VendorRefresh>>;
  /** Records per vendor. */
  countsByVendor(): Promise<Map<Vendor, number>>;
  /**
   * When the status of some stored lease next changes after `at` (a start reached, an end
   * passed), epoch milliseconds; null when none will. What a status filter matches moves then.
   */
  leaseStatusChangesAt(at: Date): Promise<number | null>;
}

const CHUNK = 400;

export function createReadModelReads(store: Store): ReadModelReads {
  const records = createRecordStore(store);
  const vendorStatus = createVendorStatusStore(store);
  return {
    records,
    units: createUnitQueries(store),
    leases: createLeaseQueries(store),
    tenants: createPersonQueries(store, 'TENANT'),
    prospects: createPersonQueries(store, 'PROSPECT'),
    history: createHistoryQueries(store),
    lockboxes: createRecordListQueries(store, 'LOCKBOX'),
    listings: createRecordListQueries(store, 'LISTING'),
    async unitFacts(unitKeys) {
      const found = new Map<string, UnitFacts>();
      const keys = [...new Set(unitKeys)];
      for (let i = 0; i < keys.length; i += CHUNK) {
        const rows = await store.read.selectFrom('unit_facts').select(['unit_key', 'occupied', 'rent_monthly', 'rent_currency', 'updated_at']).where('unit_key', 'in', keys.slice(i, i + CHUNK)).execute();
        for (const row of rows) {
          const updatedAt = Number(row.updated_at);
          found.set(row.unit_key, {
            occupied: row.occupied === null ? null : Number(row.occupied) === 1,
            rentMonthly: row.rent_monthly === null || row.rent_currency === null ? null : { amount: Number(row.rent_monthly), currency: row.rent_currency },
            updatedAt: updatedAt > 0 ? updatedAt : null,
          });
        }
      }
      return found;
    },
    async syncedAt(refKeys) {
      const found = new Map<string, number>();
      const byVendor = new Map<string, Set<string>>();
      for (const key of refKeys) {
        const colon = key.indexOf(':');
        const ids = byVendor.get(key.slice(0, colon)) ?? new Set<string>();
        ids.add(key.slice(colon + 1));
        byVendor.set(key.slice(0, colon), ids);
      }
      for (const [vendor, idSet] of byVendor) {
        const ids = [...idSet];
        for (let i = 0; i < ids.length; i += CHUNK) {
          const rows = await store.read
            .selectFrom('records')
            .select(['external_id', (eb) => eb.fn.min<number>('synced_at').as('synced_at')])
            // Every kind named, so that the primary key (kind, vendor, external_id) finds the rows.
            .where('kind', 'in', [...RECORD_KINDS])
            .where('vendor', '=', vendor)
            .where('external_id', 'in', ids.slice(i, i + CHUNK))
            .groupBy('external_id')
            .execute();
          for (const row of rows) found.set(`${vendor}:${row.external_id}`, Number(row.synced_at));
        }
      }
      return found;
    },
    async leaseStatusChangesAt(at) {
      const now = at.toISOString();
      // Derived statuses only (a stated one never moves); dates are UTC ISO text, so text order is time order.
      const row = await store.read
        .selectFrom('lease_facts')
        .select((eb) => [
          eb.fn.min<string | null>(eb.case().when('starts_at', '>', now).then(eb.ref('starts_at')).end()).as('start'),
          eb.fn.min<string | null>(eb.case().when('ends_at', '>=', now).then(eb.ref('ends_at')).end()).as('end'),
        ])
        .where('status', 'is', null)
        .executeTakeFirst();
      return nextDateStatusChange(row?.start ?? null, row?.end ?? null, at);
    },
    vendorRefresh: () => vendorStatus.all(),
    countsByVendor: () => records.countsByVendor(),
  };
}
