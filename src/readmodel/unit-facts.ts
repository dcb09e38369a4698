import { setImmediate } from 'node:timers/promises';
import { leaseStatusOf } from '../domain/leases.js';
import { refKey } from '../domain/ids.js';
import type { LeaseModel, ListingModel, MoneyModel, SourceRef, UnitRecord } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';
import { fold, foldGermanDigraphs } from '../domain/text.js';
import { normalizeAddress } from '../identity/address.js';
import type { RecordKind } from '../ports/read-model.js';
import type { Store, StoreTx } from '../store/store.js';
import type { UnitFactsTable } from '../store/tables.js';
import { createRecordStore, type StoredModel } from './records.js';
import { announceChanges } from './changes.js';
import { searchTextOf } from './search.js';

/**
 * What units are filtered, ordered, counted and searched by (table unit_facts): one row
 * per unit of the identity index, derived from its records exactly as the graph shows
 * the unit (each field from the first record, in vendor precedence, that has it), and
 * recomputed in the transaction that changed any of them.
 */
export interface UnitFactsInput {
  unitKey: string;
  /** True when one of its records is of a vendor that keeps leases: no CURRENT lease then means vacant, not unknown. */
  keepsLeases: boolean;
  /** The unit's country as the identity index has it (stated first, else inferred). */
  country: string | null;
  /** Its records of every vendor, in vendor precedence. */
  units: readonly StoredModel<UnitRecord>[];
  /** Listings of any of its records. */
  listings: readonly StoredModel<ListingModel>[];
  /** Leases of any of its records. */
  leases: readonly StoredModel<LeaseModel>[];
}

/** The kinds of record a unit's facts are computed from (the identity index reads its units alone). */
export const UNIT_FACT_KINDS: ReadonlySet<RecordKind> = new Set<RecordKind>(['UNIT', 'LISTING', 'LEASE']);

const WEEKS_PER_MONTH = 52 / 12;

/** A rent as a monthly amount: a weekly rent counts 52/12 times, a yearly one a twelfth; one-off amounts are no rent. */
export function monthlyRent(money: MoneyModel | null): { amount: number; currency: string } | null {
  if (money === null) return null;
  switch (money.period) {
    case 'MONTH':
      return { amount: money.amount, currency: money.currency };
    case 'WEEK':
      return { amount: Math.round(money.amount * WEEKS_PER_MONTH * 100) / 100, currency: money.currency };
    case 'YEAR':
      return { amount: Math.round((money.amount / 12) * 100) / 100, currency: money.currency };
    default:
      return null;
  }
}

const firstOf = <T>(values: readonly (T | null | undefined)[]): T | null => values.find((v): v is T => v !== null && v !== undefined) ?? null;

/** "main st|00000123|4b": street, then number in numeric order, then unit; units without an address last. */
function addressSortOf(unit: Omit<UnitRecord, 'raw'> | undefined): string {
  const address = unit?.address;
  if (address === null || address === undefined) return '\u{10FFFF}';
  const normalized = normalizeAddress({ line1: address.line1, unitNumber: address.unitNumber, city: address.city, region: address.region, postalCode: address.postalCode, country: address.country });
  const number = normalized.streetNumber ?? '';
  const digits = /^\d+/.exec(number)?.[0] ?? '';
  return `${normalized.street}|${digits.padStart(8, '0')}${number.slice(digits.length)}|${normalized.unit ?? ''}`;
}

/** @param now the instant occupancy is judged at (a lease's status is the clock's, domain/leases.ts) */
export function computeUnitFacts(input: UnitFactsInput, now = new Date()): UnitFactsTable {
  const models = input.units.map((record) => record.model);
  const address = firstOf(models.map((m) => m.address));
  const rent = firstOf(input.listings.map((listing) => monthlyRent(listing.model.rent)));
  const changedAt = Math.max(0, ...[...input.units, ...input.listings, ...input.leases].map((record) => record.changedAt));
  return {
    unit_key: input.unitKey,
    country: input.country,
    city: address?.city === null || address?.city === undefined ? null : foldGermanDigraphs(fold(address.city)),
    postal_code: address?.postalCode ?? null,
    bedrooms: firstOf(models.map((m) => m.bedrooms)),
    square_feet: firstOf(models.map((m) => m.squareFeet)),
    rent_monthly: rent?.amount ?? null,
    rent_currency: rent?.currency ?? null,
    // The vendor that keeps leases knows: a CURRENT lease (now, not when it was stored) or none. Without its record nothing here says.
    occupied: input.keepsLeases ? (input.leases.some((lease) => leaseStatusOf(lease.model, now) === 'CURRENT') ? 1 : 0) : null,
    listed: input.listings.some((listing) => listing.model.published === true) ? 1 : 0,
    active: toFlag(firstOf(models.map((m) => m.active))),
    address_sort: addressSortOf(models.find((m) => m.address !== null)),
    city_sort: address?.city === null || address?.city === undefined ? null : foldGermanDigraphs(fold(address.city)),
    updated_at: changedAt,
    search: searchTextOf(models.flatMap((m) => (m.address === null ? [] : [m.address]))),
  };
}

const toFlag = (value: boolean | null): number | null => (value === null ? null : value ? 1 : 0);

export interface UnitFactsStore {
  /** Recomputes the facts of these units (deleting those of units no longer in the index), in `tx`. */
  refresh(tx: StoreTx, unitKeys: readonly string[]): Promise<void>;
  /** The units that the given records ("VENDOR:id") belong to. */
  unitKeysOf(tx: StoreTx, refs: readonly string[]): Promise<string[]>;
  /** Recomputes every unit's facts (after a first sync or a migration), in chunks of one transaction each. */
  rebuild(): Promise<number>;
}

const CHUNK = 400;
/** Units per transaction of a rebuild: small, so the vendor reads it runs beside get a turn of the event loop often. */
const REBUILD_CHUNK = 100;

/**
 * @param precedence vendors in field precedence (domain/vendor.ts VENDORS)
 * @param leaseVendors the vendors whose modules list leases
 */
export function createUnitFactsStore(store: Store, precedence: readonly Vendor[], leaseVendors: ReadonlySet<Vendor>): UnitFactsStore {
  const records = createRecordStore(store);
  const rank = (vendor: Vendor) => precedence.indexOf(vendor);
  const byPrecedence = <T extends { vendor: Vendor }>(items: T[]) => items.sort((a, b) => rank(a.vendor) - rank(b.vendor));

  const refreshChunk = async (tx: StoreTx, keys: readonly string[]): Promise<void> => {
    const members = await tx.db
      .selectFrom('identity_records')
      .select(['unit_key', 'vendor', 'external_id', 'country', 'country_source'])
      .where('unit_key', 'in', keys)
      .execute();
    const byUnit = new Map<string, { refs: SourceRef[]; country: string | null; stated: boolean }>();
    for (const row of members) {
      let unit = byUnit.get(row.unit_key);
      if (unit === undefined) byUnit.set(row.unit_key, (unit = { refs: [], country: null, stated: false }));
      unit.refs.push({ vendor: row.vendor as Vendor, externalId: row.external_id });
      const stated = row.country_source === 'stated';
      if (row.country !== null && (unit.country === null || (stated && !unit.stated))) {
        unit.country = row.country;
        unit.stated = stated;
      }
    }
    const refs = [...byUnit.values()].flatMap((unit) => unit.refs);
    const refKeys = refs.map(refKey);
    // Read inside the transaction: it may have written these records just now.
    const [unitRecords, listings, leases] = await Promise.all([
      records.modelsIn<UnitRecord>(tx, 'UNIT', refs),
      records.modelsByUnitRefIn<ListingModel>(tx, 'LISTING', refKeys),
      records.modelsByUnitRefIn<LeaseModel>(tx, 'LEASE', refKeys),
    ]);
    const rows = [...byUnit].map(([unitKey, unit]) => {
      const keysOfUnit = unit.refs.map(refKey);
      return computeUnitFacts({
        unitKey,
        keepsLeases: unit.refs.some((ref) => leaseVendors.has(ref.vendor)),
        country: unit.country,
        units: byPrecedence(keysOfUnit.flatMap((key) => unitRecords.get(key) ?? [])),
        listings: byPrecedence(keysOfUnit.flatMap((key) => listings.get(key) ?? [])),
        leases: keysOfUnit.flatMap((key) => leases.get(key) ?? []),
      });
    });
    if (await factsDiffer(tx, keys, rows)) announceChanges(tx, ['FACTS']);
    const gone = keys.filter((key) => !byUnit.has(key));
    if (gone.length > 0) await tx.db.deleteFrom('unit_facts').where('unit_key', 'in', gone).execute();
    if (rows.length > 0) {
      await tx.db
        .insertInto('unit_facts')
        .values(rows)
        .onConflict((oc) => oc.column('unit_key').doUpdateSet((eb) => ({
          country: eb.ref('excluded.country'), city: eb.ref('excluded.city'), postal_code: eb.ref('excluded.postal_code'),
          bedrooms: eb.ref('excluded.bedrooms'), square_feet: eb.ref('excluded.square_feet'), rent_monthly: eb.ref('excluded.rent_monthly'),
          rent_currency: eb.ref('excluded.rent_currency'), occupied: eb.ref('excluded.occupied'), listed: eb.ref('excluded.listed'),
          active: eb.ref('excluded.active'), address_sort: eb.ref('excluded.address_sort'), city_sort: eb.ref('excluded.city_sort'),
          updated_at: eb.ref('excluded.updated_at'), search: eb.ref('excluded.search'),
        })))
        .execute();
    }
    if (store.dialect === 'sqlite') {
      // The FTS5 table is kept beside unit_facts (Postgres indexes a generated tsvector column instead).
      await tx.db.deleteFrom('unit_search').where('unit_key', 'in', keys).execute();
      if (rows.length > 0) await tx.db.insertInto('unit_search').values(rows.map((row) => ({ unit_key: row.unit_key, search: row.search }))).execute();
    }
  };

  /**
   * Whether writing `rows` for `keys` changes what is stored (a unit gone counts): a
   * webhook refreshes the facts of its unit whatever it changed, and most leave them as
   * they were; only a change is announced.
   */
  const factsDiffer = async (tx: StoreTx, keys: readonly string[], rows: readonly UnitFactsTable[]): Promise<boolean> => {
    const stored = await tx.db.selectFrom('unit_facts').selectAll().where('unit_key', 'in', keys).execute();
    if (stored.length !== rows.length) return true;
    const byKey = new Map(stored.map((row) => [row.unit_key, row]));
    return rows.some((row) => {
      const before = byKey.get(row.unit_key);
      // Compared as text: the engines hand numbers back as numbers or strings.
      return before === undefined || (Object.keys(row) as (keyof UnitFactsTable)[]).some((column) => String(before[column]) !== String(row[column]));
    });
  };

  return {
    async refresh(tx, unitKeys) {
      const keys = [...new Set(unitKeys)];
      for (let i = 0; i < keys.length; i += CHUNK) await refreshChunk(tx, keys.slice(i, i + CHUNK));
    },
    async unitKeysOf(tx, refs) {
      const keys = new Set<string>();
      const unique = [...new Set(refs)];
      for (let i = 0; i < unique.length; i += CHUNK) {
        const part = unique.slice(i, i + CHUNK).map((ref) => {
          const colon = ref.indexOf(':');
          return { vendor: ref.slice(0, colon), externalId: ref.slice(colon + 1) };
        });
        const rows = await tx.db
          .selectFrom('identity_records')
          .select('unit_key')
          .where((eb) => eb.or(part.map((ref) => eb.and([eb('vendor', '=', ref.vendor), eb('external_id', '=', ref.externalId)]))))
          .execute();
        for (const row of rows) keys.add(row.unit_key);
      }
      return [...keys];
    },
    async rebuild() {
      const keys = (await store.read.selectFrom('identity_units').select('unit_key').execute()).map((row) => row.unit_key);
      for (let i = 0; i < keys.length; i += REBUILD_CHUNK) {
        await store.transaction((tx) => refreshChunk(tx, keys.slice(i, i + REBUILD_CHUNK)));
        // SQLite answers synchronously, so without a turn of the event loop between chunks a
        // rebuild would hold it for the whole portfolio: requests and the sync's vendor reads wait.
        await setImmediate();
      }
      await store.transaction(async (tx) => {
        const { db } = tx;
        announceChanges(tx, ['FACTS']);
        const known = db.selectFrom('identity_units').select('unit_key');
        await db.deleteFrom('unit_facts').where('unit_key', 'not in', known).execute();
        if (store.dialect === 'sqlite') await db.deleteFrom('unit_search').where('unit_key', 'not in', known).execute();
      });
      return keys.length;
    },
  };
}
