import { vendorRank, VENDORS, type Vendor } from './vendor.js';

/**
 * A record ref is "VENDOR:externalId", the vendor as domain/vendor.ts names it.
 * Refs are ordered by vendor precedence (domain/vendor.ts), then by id; that order makes cluster output
 * deterministic and picks each unit's id.
 */

export interface RecordRef {
  vendor: Vendor;
  externalId: string;
}

const REF = new RegExp(`^(${VENDORS.join('|')}):(\\S(?:.*\\S)?)$`);

/** The parsed ref, or null when it is not "VENDOR:externalId" with a known vendor. */
export function parseRef(ref: string): RecordRef | null {
  const m = REF.exec(ref);
  return m === null ? null : { vendor: m[1] as Vendor, externalId: m[2]! };
}

export function formatRef(ref: RecordRef): string {
  return `${ref.vendor}:${ref.externalId}`;
}

/**
 * Total order on refs: vendor precedence, then id, numeric ids by value ("999" before
 * "1001"), other ids by UTF-16 code units (locale-free, so the same on every machine).
 * Strings that are not refs sort after all refs, by code units.
 */
export function compareRefs(a: string, b: string): number {
  const ra = parseRef(a);
  const rb = parseRef(b);
  if (ra === null || rb === null) {
    if (ra !== rb) return ra === null ? 1 : -1;
    return compareCodeUnits(a, b);
  }
  return compareRecordRefs(ra, rb);
}

/** The same order on parsed refs. */
export function compareRecordRefs(a: RecordRef, b: RecordRef): number {
  const byVendor = vendorRank(a.vendor) - vendorRank(b.vendor);
  if (byVendor !== 0) return byVendor;
  return compareIds(a.externalId, b.externalId);
}

const NUMERIC = /^\d+$/;

function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  if (NUMERIC.test(a) && NUMERIC.test(b)) {
    const x = a.replace(/^0+(?=\d)/, '');
    const y = b.replace(/^0+(?=\d)/, '');
    if (x.length !== y.length) return x.length - y.length;
    const byValue = compareCodeUnits(x, y);
    if (byValue !== 0) return byValue;
  }
  return compareCodeUnits(a, b);
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A unit's stable id: the first member of its group in ref order.
 *
 * Why the best-ranked member: the id must come from the members alone (no counter, no
 * clock), and must not move when a vendor that ranks lower joins later, which is how
 * units usually grow (a unit of the system of record gets listed, then handed over). It does move
 * when a higher-ranked record joins or when the group splits; the index that stores
 * units should keep the id it first gave a unit and use this only for new units.
 */
export function unitKeyOf(group: readonly string[]): string {
  if (group.length === 0) throw new RangeError('unitKeyOf needs a group with at least one ref, got an empty group');
  let best = group[0]!;
  for (const ref of group) if (compareRefs(ref, best) < 0) best = ref;
  return best;
}
