import { createHash } from 'node:crypto';
import type { AddressModel, UnitRecord } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';
import { normalizeAddress } from './address.js';
import { clusterRecords } from './cluster.js';
import type { IndexChanges, IndexedRecord, IndexedUnit, RetiredUnit } from './index-store.js';
import { matchKeys, NO_MATCH_KEYS, parseStoredKeys } from './matchKey.js';
import type { Overrides } from './overrides.js';
import type { OverrideChanges } from './stored-overrides.js';
import { unitPosition } from '../domain/positions.js';
import { compareRefs } from '../domain/refs.js';
import { assignUnitKeys } from './unit-keys.js';

/**
 * The pure half of a sync: vendor records in, the next index and its differences from
 * the stored one out. Kept apart from reading and writing so it can be measured and
 * tested without a vendor or a database.
 */

/** A record as the index will hold it, before it has a unit. */
export type RecordDraft = Omit<IndexedRecord, 'unitKey' | 'updatedAt' | 'matchedBy'>;

/**
 * Changes whenever the address rules or the key format change, so every record's keys are
 * computed again by the next sync instead of being reused by fingerprint.
 */
export const IDENTITY_RULES_VERSION = 2;

/** Same address under the same rules = same fingerprint; cheaper to compare and store than the address. */
export function fingerprintOf(address: AddressModel | null): string {
  const parts = address === null ? null : [address.line1, address.unitNumber, address.city, address.region, address.postalCode, address.country];
  return createHash('sha1').update(JSON.stringify([IDENTITY_RULES_VERSION, parts])).digest('base64url');
}

/**
 * The draft of one vendor record. Normalizing an address is the costly step of a sync
 * (tens of microseconds), so when `stored` was computed from the same address its keys
 * and normalized columns are reused.
 */
export function draftOf(record: UnitRecord, stored: IndexedRecord | undefined): RecordDraft {
  const fingerprint = fingerprintOf(record.address);
  if (stored !== undefined && stored.fingerprint === fingerprint) {
    // The common case of a quiet sync; returning the stored row itself spares an object per record.
    if (stored.active === record.active) return stored;
    return { ...stored, active: record.active };
  }
  const base = { vendor: record.vendor, externalId: record.externalId, fingerprint, active: record.active };
  if (record.address === null) {
    return { ...base, keysJson: JSON.stringify(NO_MATCH_KEYS), country: null, countrySource: null, city: null, postalCode: null };
  }
  const normalized = normalizeAddress(record.address);
  return {
    ...base,
    keysJson: JSON.stringify(matchKeys(normalized)),
    country: normalized.country?.code ?? null,
    countrySource: normalized.country?.source ?? null,
    city: normalized.city,
    postalCode: normalized.postalCode,
  };
}

export interface VendorCounts {
  added: number;
  changed: number;
  removed: number;
  records: number;
}

export interface IndexPlan {
  upsertRecords: IndexedRecord[];
  deleteRecords: { vendor: Vendor; externalId: string }[];
  upsertUnits: IndexedUnit[];
  deleteUnits: string[];
  /** Deleted unit keys whose records live on in another unit: the global id of that unit answers for them. */
  retireUnits: RetiredUnit[];
  units: number;
  /** Units with records of two or more vendors. */
  multiVendorUnits: number;
  unitsAdded: number;
  unitsRemoved: number;
  byVendor: Map<Vendor, VendorCounts>;
  clusteringMillis: number;
}

/**
 * Clusters `next` (every record the index will hold, by ref), gives each group its unit
 * key (unit-keys.ts), and diffs against what is stored. A unit whose key goes while its
 * records stay (merged into another, by a rule or a link) is retired into the unit that
 * now holds the record its key was made from, else most of its records.
 */
export function planIndex(input: {
  next: ReadonlyMap<string, RecordDraft>;
  stored: ReadonlyMap<string, IndexedRecord>;
  storedUnits: ReadonlyMap<string, IndexedUnit>;
  overrides: Overrides;
  now: string;
}): IndexPlan {
  const { next, stored, storedUnits, now } = input;
  const started = performance.now();
  const { groups, matchedBy } = clusterRecords([...next.entries()].map(([ref, draft]) => ({ ref, keys: parseStoredKeys(draft.keysJson) })), input.overrides);
  const keys = assignUnitKeys(groups, (ref) => stored.get(ref)?.unitKey);
  const clusteringMillis = performance.now() - started;

  const byVendor = new Map<Vendor, VendorCounts>();
  const counts = (vendor: Vendor): VendorCounts => {
    let c = byVendor.get(vendor);
    if (c === undefined) byVendor.set(vendor, (c = { added: 0, changed: 0, removed: 0, records: 0 }));
    return c;
  };
  const plan: IndexPlan = {
    upsertRecords: [], deleteRecords: [], upsertUnits: [], deleteUnits: [], retireUnits: [],
    units: groups.length, multiVendorUnits: 0, unitsAdded: 0, unitsRemoved: 0, byVendor, clusteringMillis,
  };

  const kept = new Set<string>();
  const keyOfRef = new Map<string, string>();
  groups.forEach((group, g) => {
    const unitKey = keys[g]!;
    kept.add(unitKey);
    for (const ref of group) keyOfRef.set(ref, unitKey);
    const vendors = new Set<Vendor>();
    // Groups list refs in vendor precedence order, so the first flag that says is the merged one.
    let active: boolean | null = null;
    for (const ref of group) {
      const draft = next.get(ref)!;
      vendors.add(draft.vendor);
      active ??= draft.active;
      const before = stored.get(ref);
      const rule = matchedBy.get(ref) ?? null;
      counts(draft.vendor).records++;
      if (before === undefined) counts(draft.vendor).added++;
      else if (!sameContent(before, draft)) counts(draft.vendor).changed++;
      if (before === undefined || before.unitKey !== unitKey || before.matchedBy !== rule || !sameContent(before, draft)) {
        plan.upsertRecords.push({ ...draft, unitKey, matchedBy: rule, updatedAt: now });
      }
    }
    if (vendors.size > 1) plan.multiVendorUnits++;
    const unitBefore = storedUnits.get(unitKey);
    if (unitBefore === undefined) plan.unitsAdded++;
    if (unitBefore === undefined || unitBefore.active !== active) plan.upsertUnits.push({ key: unitKey, position: unitPosition(unitKey), active });
  });
  for (const key of storedUnits.keys()) {
    if (kept.has(key)) continue;
    plan.deleteUnits.push(key);
    plan.unitsRemoved++;
  }
  plan.retireUnits = retirements(plan.deleteUnits, stored, keyOfRef);
  for (const [ref, before] of stored) {
    if (next.has(ref)) continue;
    plan.deleteRecords.push({ vendor: before.vendor, externalId: before.externalId });
    counts(before.vendor).removed++;
  }
  return plan;
}

/**
 * The index write of a plan made without reading a vendor (records a write just made, an
 * identity change): sync state, watermarks and the time of the last sync stay as they are.
 */
export function offSyncChanges(plan: IndexPlan, overrides: Overrides, overrideChanges?: OverrideChanges): IndexChanges {
  return {
    upsertRecords: plan.upsertRecords,
    deleteRecords: plan.deleteRecords,
    upsertUnits: plan.upsertUnits,
    deleteUnits: plan.deleteUnits,
    retireUnits: plan.retireUnits,
    syncState: [],
    syncedAt: null,
    overridesDigest: overridesDigest(overrides),
    ...(overrideChanges !== undefined && { overrides: overrideChanges }),
  };
}

/**
 * The plan when no record changed and the overrides are the ones last applied: clustering
 * would give the stored units back, so it is skipped (it is most of a quiet sync's time,
 * and it blocks the event loop).
 */
export function unchangedPlan(stored: ReadonlyMap<string, IndexedRecord>, storedUnits: ReadonlyMap<string, IndexedUnit>): IndexPlan {
  const byVendor = new Map<Vendor, VendorCounts>();
  const vendorsOfUnit = new Map<string, Set<Vendor>>();
  for (const record of stored.values()) {
    const counts = byVendor.get(record.vendor) ?? { added: 0, changed: 0, removed: 0, records: 0 };
    counts.records++;
    byVendor.set(record.vendor, counts);
    const vendors = vendorsOfUnit.get(record.unitKey) ?? new Set<Vendor>();
    vendors.add(record.vendor);
    vendorsOfUnit.set(record.unitKey, vendors);
  }
  return {
    upsertRecords: [], deleteRecords: [], upsertUnits: [], deleteUnits: [], retireUnits: [],
    units: storedUnits.size,
    multiVendorUnits: [...vendorsOfUnit.values()].filter((vendors) => vendors.size > 1).length,
    unitsAdded: 0, unitsRemoved: 0, byVendor, clusteringMillis: 0,
  };
}

/** Whether `next` holds exactly the stored records with the same content. */
export function sameRecords(next: ReadonlyMap<string, RecordDraft>, stored: ReadonlyMap<string, IndexedRecord>): boolean {
  if (next.size !== stored.size) return false;
  for (const [ref, draft] of next) {
    const before = stored.get(ref);
    if (before === undefined || !sameContent(before, draft)) return false;
  }
  return true;
}

/** A stable digest of overrides, to tell whether they changed since the last run. */
export function overridesDigest(overrides: Overrides): string {
  return createHash('sha1').update(JSON.stringify([overrides.link, overrides.unlink, overrides.alone ?? []])).digest('base64url');
}

/** Where each deleted unit's records went: the unit holding the key's own record, else the one holding most of them (ties by key order). */
function retirements(deleted: readonly string[], stored: ReadonlyMap<string, IndexedRecord>, keyOfRef: ReadonlyMap<string, string>): RetiredUnit[] {
  if (deleted.length === 0) return [];
  const gone = new Set(deleted);
  const landed = new Map<string, Map<string, number>>();
  for (const [ref, record] of stored) {
    if (!gone.has(record.unitKey)) continue;
    const now = keyOfRef.get(ref);
    if (now === undefined) continue;
    const counts = landed.get(record.unitKey) ?? new Map<string, number>();
    counts.set(now, (counts.get(now) ?? 0) + 1);
    landed.set(record.unitKey, counts);
  }
  const out: RetiredUnit[] = [];
  for (const key of deleted) {
    const counts = landed.get(key);
    if (counts === undefined) continue;
    const own = keyOfRef.get(key);
    const survivor = own !== undefined && counts.has(own)
      ? own
      : [...counts].sort(([a, x], [b, y]) => y - x || compareRefs(a, b))[0]![0];
    out.push({ key, survivor });
  }
  return out;
}

function sameContent(a: RecordDraft, b: RecordDraft): boolean {
  return a.fingerprint === b.fingerprint && a.active === b.active && a.country === b.country && a.countrySource === b.countrySource
    && a.city === b.city && a.postalCode === b.postalCode && a.keysJson === b.keysJson;
}
