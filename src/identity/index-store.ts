import type { Kysely } from 'kysely';
import type { Vendor } from '../domain/vendor.js';
import type { Store } from '../store/store.js';
import type { IdentityRecordsTable, Tables } from '../store/tables.js';
import type { CountrySource } from './country.js';
import { readStoredOverrides, writeStoredOverrides, type OverrideChanges, type StoredOverride } from './stored-overrides.js';
import { announceChanges } from '../readmodel/changes.js';

/**
 * The identity index's tables (migrations 0002-identity-index, 0005-identity-matched-by,
 * 0010-identity-overrides): vendor records with their match keys, normalized filter
 * columns and the rule that joined them, units with their stable key and position, the
 * keys of units merged away, the overrides made through the graph, and per-vendor sync
 * state. The sync reads everything, computes the next state in memory and hands back
 * only the differences, written in one transaction.
 */
export interface IndexedRecord {
  vendor: Vendor;
  externalId: string;
  unitKey: string;
  /** matchKeys output as JSON (parseStoredKeys reads it): parsed only when clustering, compared as text. */
  keysJson: string;
  /** Identifies the address the keys were computed from; unchanged address = keys reused. */
  fingerprint: string;
  /** The record's own country: the one its vendor stated, else the one the rules inferred; null when neither. */
  country: string | null;
  countrySource: CountrySource | null;
  /** The rule that joined the record to its unit (cluster.ts MatchRule); null in rows written before it was kept. */
  matchedBy: string | null;
  /** normalizeCity output, for filtering. */
  city: string | null;
  /** normalizePostalCode output, for filtering. */
  postalCode: string | null;
  active: boolean | null;
  /** When this row last changed in the index. */
  updatedAt: string;
}

export interface IndexedUnit {
  key: string;
  position: string;
  /** The first member's flag, in vendor precedence order, that is not null (as the graph merges it). */
  active: boolean | null;
}

export interface VendorSyncState {
  vendor: Vendor;
  /** What the vendor's source returned as `watermark` on the last successful read. */
  watermark: string | null;
  lastReadAt: string | null;
  /** Last successful read without a watermark (from scratch); reads are from scratch again once it is old. */
  lastFullReadAt: string | null;
  lastSuccessAt: string | null;
  /** The last read's error, cleared by a successful read. */
  lastError: string | null;
  lastReadCount: number;
  /** Records of this vendor in the index after the last run. */
  records: number;
}

/** A unit key merged away, and the key of the unit that holds its records now. */
export interface RetiredUnit {
  key: string;
  survivor: string;
}

export interface IndexChanges {
  upsertRecords: readonly IndexedRecord[];
  deleteRecords: readonly { vendor: Vendor; externalId: string }[];
  upsertUnits: readonly IndexedUnit[];
  deleteUnits: readonly string[];
  syncState: readonly VendorSyncState[];
  /** Set when this run counts as a completed sync (see sync.ts). */
  syncedAt: string | null;
  /** Digest of the overrides the units were clustered with. */
  overridesDigest: string;
  /** Unit keys merged away (sync-plan.ts); a key that is a unit's again leaves this list by itself. */
  retireUnits?: readonly RetiredUnit[];
  /** Stored overrides an identity change writes with the index it re-clustered (edits.ts). */
  overrides?: OverrideChanges;
}

/** Another writer changed the index between this run's read and its write. */
export class IndexConflictError extends Error {
  override readonly name = 'IndexConflictError';
}

/**
 * Runs `attempt` (read the index, plan, write naming the generation read) again while
 * its write is refused because another writer moved the index on meanwhile, at most
 * `times` times in all; then the conflict is thrown.
 */
export async function retryConflicts<T>(attempt: () => Promise<T>, times = 5): Promise<T> {
  for (let tried = 1; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof IndexConflictError) || tried >= times) throw error;
    }
  }
}

export interface IndexStore {
  records(): Promise<Map<string, IndexedRecord>>;
  units(): Promise<Map<string, IndexedUnit>>;
  syncState(): Promise<Map<Vendor, VendorSyncState>>;
  /** Bumped by every write; a write names the generation it read, so two writers cannot interleave. */
  generation(): Promise<number>;
  /** When the last completed sync wrote the index (this process or an earlier one); null before the first. */
  syncedAt(): Promise<string | null>;
  /** Digest of the overrides of the last write; null before the first. */
  overridesDigest(): Promise<string | null>;
  /** The overrides made through the graph (stored-overrides.ts). */
  overrides(): Promise<StoredOverride[]>;
  write(changes: IndexChanges, readGeneration: number): Promise<void>;
}

const GENERATION = 'identity.generation';
const SYNCED_AT = 'identity.synced_at';
const OVERRIDES_DIGEST = 'identity.overrides_digest';

export const refOf = (vendor: Vendor, externalId: string): string => `${vendor}:${externalId}`;
export const toFlag = (value: number | null): boolean | null => (value === null ? null : value !== 0);
const fromFlag = (value: boolean | null): number | null => (value === null ? null : value ? 1 : 0);

/** Rows per multi-row statement: well under both engines' bound-parameter limits. */
const WRITE_CHUNK = 500;

const chunks = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += WRITE_CHUNK) out.push(items.slice(i, i + WRITE_CHUNK));
  return out;
};

export function createIndexStore(store: Store): IndexStore {
  const { read } = store;
  const meta = async (key: string): Promise<string | undefined> =>
    (await read.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst())?.value;
  const generation = async () => Number((await meta(GENERATION)) ?? '0');

  return {
    async records() {
      const rows = await read.selectFrom('identity_records').selectAll().execute();
      return new Map(rows.map((row) => [refOf(row.vendor as Vendor, row.external_id), {
        vendor: row.vendor as Vendor,
        externalId: row.external_id,
        unitKey: row.unit_key,
        keysJson: row.match_keys,
        fingerprint: row.fingerprint,
        country: row.country,
        countrySource: row.country_source as CountrySource | null,
        matchedBy: row.matched_by,
        city: row.city,
        postalCode: row.postal_code,
        active: toFlag(row.active),
        updatedAt: row.updated_at,
      }]));
    },
    async units() {
      const rows = await read.selectFrom('identity_units').select(['unit_key', 'position', 'active']).execute();
      return new Map(rows.map((row) => [row.unit_key, { key: row.unit_key, position: row.position, active: toFlag(row.active) }]));
    },
    async syncState() {
      const rows = await read.selectFrom('identity_sync_state').selectAll().execute();
      return new Map(rows.map((row) => [row.vendor as Vendor, {
        vendor: row.vendor as Vendor,
        watermark: row.watermark,
        lastReadAt: row.last_read_at,
        lastFullReadAt: row.last_full_read_at,
        lastSuccessAt: row.last_success_at,
        lastError: row.last_error,
        lastReadCount: row.last_read_count,
        records: row.records,
      }]));
    },
    generation,
    syncedAt: async () => (await meta(SYNCED_AT)) ?? null,
    overridesDigest: async () => (await meta(OVERRIDES_DIGEST)) ?? null,
    overrides: () => readStoredOverrides(read),
    write: (changes, readGeneration) =>
      store.transaction(async (tx) => {
        const { db } = tx;
        const setMeta = (key: string, value: string) =>
          db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
        // Compare-and-set on the generation, first: a second writer that read the same
        // generation waits on this row (Postgres row lock; SQLite has one writer) and then
        // finds it moved on, so two writers can never both write.
        const next = String(readGeneration + 1);
        const claimed = readGeneration === 0
          ? await db.insertInto('meta').values({ key: GENERATION, value: next }).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst()
          : await db.updateTable('meta').set({ value: next }).where('key', '=', GENERATION).where('value', '=', String(readGeneration)).executeTakeFirst();
        const changed = 'numInsertedOrUpdatedRows' in claimed ? claimed.numInsertedOrUpdatedRows : claimed.numUpdatedRows;
        if (Number(changed ?? 0n) !== 1) {
          const found = (await db.selectFrom('meta').select('value').where('key', '=', GENERATION).executeTakeFirst())?.value ?? '0';
          throw new IndexConflictError(`expected the identity index at generation ${readGeneration}, found ${found}: another sync wrote it meanwhile; run again`);
        }
        const now = new Date().toISOString();
        const moved = changes.upsertRecords.length + changes.deleteRecords.length + changes.upsertUnits.length + changes.deleteUnits.length;
        if (moved > 0 || (changes.retireUnits?.length ?? 0) > 0 || changes.overrides !== undefined) announceChanges(tx, ['IDENTITY']);
        for (const keys of chunks(changes.deleteUnits)) await db.deleteFrom('identity_units').where('unit_key', 'in', keys).execute();
        for (const units of chunks(changes.upsertUnits)) {
          await db
            .insertInto('identity_units')
            .values(units.map((unit) => ({ unit_key: unit.key, position: unit.position, active: fromFlag(unit.active), created_at: now })))
            .onConflict((oc) => oc.column('unit_key').doUpdateSet((eb) => ({ active: eb.ref('excluded.active') })))
            .execute();
        }
        for (const refs of chunks(changes.deleteRecords)) {
          await db.deleteFrom('identity_records').where((eb) => eb.or(refs.map((r) => eb.and([eb('vendor', '=', r.vendor), eb('external_id', '=', r.externalId)])))).execute();
        }
        for (const records of chunks(changes.upsertRecords)) {
          await db
            .insertInto('identity_records')
            .values(records.map((r): IdentityRecordsTable => ({
              vendor: r.vendor, external_id: r.externalId, unit_key: r.unitKey, match_keys: r.keysJson,
              fingerprint: r.fingerprint, country: r.country, country_source: r.countrySource, matched_by: r.matchedBy,
              city: r.city, postal_code: r.postalCode,
              active: fromFlag(r.active), updated_at: r.updatedAt,
            })))
            .onConflict((oc) => oc.columns(['vendor', 'external_id']).doUpdateSet((eb) => ({
              unit_key: eb.ref('excluded.unit_key'), match_keys: eb.ref('excluded.match_keys'), fingerprint: eb.ref('excluded.fingerprint'),
              country: eb.ref('excluded.country'), country_source: eb.ref('excluded.country_source'), matched_by: eb.ref('excluded.matched_by'),
              city: eb.ref('excluded.city'), postal_code: eb.ref('excluded.postal_code'),
              active: eb.ref('excluded.active'), updated_at: eb.ref('excluded.updated_at'),
            })))
            .execute();
        }
        for (const state of changes.syncState) {
          const values = {
            watermark: state.watermark, last_read_at: state.lastReadAt, last_full_read_at: state.lastFullReadAt,
            last_success_at: state.lastSuccessAt, last_error: state.lastError, last_read_count: state.lastReadCount, records: state.records,
          };
          await db.insertInto('identity_sync_state').values({ vendor: state.vendor, ...values }).onConflict((oc) => oc.column('vendor').doUpdateSet(values)).execute();
        }
        await retireUnits(db, changes, now);
        if (changes.overrides !== undefined) await writeStoredOverrides(db, changes.overrides);
        if (changes.syncedAt !== null) await setMeta(SYNCED_AT, changes.syncedAt);
        await setMeta(OVERRIDES_DIGEST, changes.overridesDigest);
      }),
  };
}

/**
 * Keeps identity_retired_units in step with a write: a retired key points at its
 * survivor, and so does every key that pointed at the retired one (so a lookup takes one
 * step); a key that names a unit again leaves it; keys pointing at a unit deleted without
 * a survivor (its records are gone) go too.
 */
async function retireUnits(db: Kysely<Tables>, changes: IndexChanges, now: string): Promise<void> {
  const retired = changes.retireUnits ?? [];
  for (const { key, survivor } of retired) {
    await db.updateTable('identity_retired_units').set({ surviving_key: survivor }).where('surviving_key', '=', key).execute();
    await db
      .insertInto('identity_retired_units')
      .values({ unit_key: key, surviving_key: survivor, retired_at: now })
      .onConflict((oc) => oc.column('unit_key').doUpdateSet({ surviving_key: survivor, retired_at: now }))
      .execute();
  }
  const retiredKeys = new Set(retired.map((r) => r.key));
  const vanished = changes.deleteUnits.filter((key) => !retiredKeys.has(key));
  const revived = changes.upsertUnits.map((unit) => unit.key);
  if (vanished.length + revived.length === 0) return;
  // The common sync retires nothing; one probe spares it a statement per chunk of units.
  if ((await db.selectFrom('identity_retired_units').select('unit_key').limit(1).executeTakeFirst()) === undefined) return;
  for (const keys of chunks(vanished)) await db.deleteFrom('identity_retired_units').where('surviving_key', 'in', keys).execute();
  for (const keys of chunks(revived)) await db.deleteFrom('identity_retired_units').where('unit_key', 'in', keys).execute();
}
