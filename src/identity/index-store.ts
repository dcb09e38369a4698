import type { Vendor } from '../domain/vendor.js';
import type { Store } from '../store/sqlite.js';
import type { CountrySource } from './country.js';

/**
 * The identity index's tables (migrations 0002-identity-index, 0005-identity-matched-by):
 * vendor records with their match keys, normalized filter columns and the rule that
 * joined them, units with their stable key and position,
 * and per-vendor sync state. The sync reads everything, computes the next state in
 * memory and hands back only the differences, written in one transaction.
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
}

/** Another writer changed the index between this run's read and its write. */
export class IndexConflictError extends Error {
  override readonly name = 'IndexConflictError';
}

export interface IndexStore {
  records(): Map<string, IndexedRecord>;
  units(): Map<string, IndexedUnit>;
  syncState(): Map<Vendor, VendorSyncState>;
  /** Bumped by every write; a write names the generation it read, so two writers cannot interleave. */
  generation(): number;
  /** When the last completed sync wrote the index (this process or an earlier one); null before the first. */
  syncedAt(): string | null;
  /** Digest of the overrides of the last write; null before the first. */
  overridesDigest(): string | null;
  write(changes: IndexChanges, readGeneration: number): void;
}

const GENERATION = 'identity.generation';
const SYNCED_AT = 'identity.synced_at';
const OVERRIDES_DIGEST = 'identity.overrides_digest';

interface RecordRow {
  vendor: Vendor;
  external_id: string;
  unit_key: string;
  match_keys: string;
  fingerprint: string;
  country: string | null;
  country_source: CountrySource | null;
  matched_by: string | null;
  city: string | null;
  postal_code: string | null;
  active: number | null;
  updated_at: string;
}

interface StateRow {
  vendor: Vendor;
  watermark: string | null;
  last_read_at: string | null;
  last_full_read_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_read_count: number;
  records: number;
}

export const refOf = (vendor: Vendor, externalId: string): string => `${vendor}:${externalId}`;
export const toFlag = (value: number | null): boolean | null => (value === null ? null : value !== 0);
const fromFlag = (value: boolean | null): number | null => (value === null ? null : value ? 1 : 0);

export function createIndexStore(store: Store): IndexStore {
  const { db } = store;
  const metaGet = db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck();
  const metaSet = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const upsertRecord = db.prepare(`
    INSERT INTO identity_records (vendor, external_id, unit_key, match_keys, fingerprint, country, country_source, matched_by, city, postal_code, active, updated_at)
    VALUES (@vendor, @external_id, @unit_key, @match_keys, @fingerprint, @country, @country_source, @matched_by, @city, @postal_code, @active, @updated_at)
    ON CONFLICT (vendor, external_id) DO UPDATE SET unit_key = excluded.unit_key, match_keys = excluded.match_keys,
      fingerprint = excluded.fingerprint, country = excluded.country, country_source = excluded.country_source,
      matched_by = excluded.matched_by, city = excluded.city,
      postal_code = excluded.postal_code, active = excluded.active, updated_at = excluded.updated_at`);
  const deleteRecord = db.prepare('DELETE FROM identity_records WHERE vendor = ? AND external_id = ?');
  const upsertUnit = db.prepare(`
    INSERT INTO identity_units (unit_key, position, active, created_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (unit_key) DO UPDATE SET active = excluded.active`);
  const deleteUnit = db.prepare('DELETE FROM identity_units WHERE unit_key = ?');
  const upsertState = db.prepare(`
    INSERT INTO identity_sync_state (vendor, watermark, last_read_at, last_full_read_at, last_success_at, last_error, last_read_count, records)
    VALUES (@vendor, @watermark, @last_read_at, @last_full_read_at, @last_success_at, @last_error, @last_read_count, @records)
    ON CONFLICT (vendor) DO UPDATE SET watermark = excluded.watermark, last_read_at = excluded.last_read_at,
      last_full_read_at = excluded.last_full_read_at, last_success_at = excluded.last_success_at,
      last_error = excluded.last_error, last_read_count = excluded.last_read_count, records = excluded.records`);
  const generation = () => Number(metaGet.get(GENERATION) ?? '0');

  const write = db.transaction((changes: IndexChanges, readGeneration: number) => {
    const current = generation();
    if (current !== readGeneration) {
      throw new IndexConflictError(`expected the identity index at generation ${readGeneration}, found ${current}: another sync wrote it meanwhile; run again`);
    }
    const now = new Date().toISOString();
    for (const key of changes.deleteUnits) deleteUnit.run(key);
    for (const unit of changes.upsertUnits) upsertUnit.run(unit.key, unit.position, fromFlag(unit.active), now);
    for (const r of changes.deleteRecords) deleteRecord.run(r.vendor, r.externalId);
    for (const r of changes.upsertRecords) {
      upsertRecord.run({
        vendor: r.vendor, external_id: r.externalId, unit_key: r.unitKey, match_keys: r.keysJson,
        fingerprint: r.fingerprint, country: r.country, country_source: r.countrySource, matched_by: r.matchedBy,
        city: r.city, postal_code: r.postalCode,
        active: fromFlag(r.active), updated_at: r.updatedAt,
      });
    }
    for (const s of changes.syncState) {
      upsertState.run({
        vendor: s.vendor, watermark: s.watermark, last_read_at: s.lastReadAt, last_full_read_at: s.lastFullReadAt,
        last_success_at: s.lastSuccessAt, last_error: s.lastError, last_read_count: s.lastReadCount, records: s.records,
      });
    }
    if (changes.syncedAt !== null) metaSet.run(SYNCED_AT, changes.syncedAt);
    metaSet.run(OVERRIDES_DIGEST, changes.overridesDigest);
    metaSet.run(GENERATION, String(current + 1));
  });

  return {
    records() {
      const rows = db.prepare<[], RecordRow>('SELECT * FROM identity_records').all();
      return new Map(rows.map((row) => [refOf(row.vendor, row.external_id), {
        vendor: row.vendor,
        externalId: row.external_id,
        unitKey: row.unit_key,
        keysJson: row.match_keys,
        fingerprint: row.fingerprint,
        country: row.country,
        countrySource: row.country_source,
        matchedBy: row.matched_by,
        city: row.city,
        postalCode: row.postal_code,
        active: toFlag(row.active),
        updatedAt: row.updated_at,
      }]));
    },
    units() {
      const rows = db.prepare<[], { unit_key: string; position: string; active: number | null }>('SELECT unit_key, position, active FROM identity_units').all();
      return new Map(rows.map((row) => [row.unit_key, { key: row.unit_key, position: row.position, active: toFlag(row.active) }]));
    },
    syncState() {
      const rows = db.prepare<[], StateRow>('SELECT * FROM identity_sync_state').all();
      return new Map(rows.map((row) => [row.vendor, {
        vendor: row.vendor,
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
    syncedAt: () => metaGet.get(SYNCED_AT) ?? null,
    overridesDigest: () => metaGet.get(OVERRIDES_DIGEST) ?? null,
    // IMMEDIATE takes the write lock up front, so the generation check and the writes are one step.
    write: (changes, readGeneration) => write.immediate(changes, readGeneration),
  };
}
