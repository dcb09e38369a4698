import { parseRef } from './refs.js';
import { vendorRank } from './vendor.js';

/**
 * A unit's position in the `units` ordering, derived from its key alone, so it never
 * changes while the key does not, and a cursor (which holds a position) stays valid
 * when units come and go: paging resumes at the first position after it.
 *
 * The order is the order of keys as refs (compareRefs): vendor precedence, then numeric
 * ids by value, then other ids by code units. Positions compare as plain strings, the
 * same in SQLite (BINARY) and in JavaScript for ASCII ids, so both directories (the
 * index and a vendor's interim directory) agree and a cursor carries over from one to the
 * other. With the first vendor in precedence (rank 0) and the last (rank 4):
 *
 *   "<first>:1001"     → "0a0004:1001:1001"
 *   "<last>:obj-3f2a"  → "4bobj-3f2a"
 */
export function unitPosition(key: string): string {
  const ref = parseRef(key);
  const rank = vendorRank(ref === null ? '' : ref.vendor);
  const id = ref === null ? key : ref.externalId;
  if (!/^\d+$/.test(id)) return `${rank}b${id}`;
  const digits = id.replace(/^0+(?=\d)/, '');
  // Length first makes "999" sort before "1001"; the raw id keeps "007" and "7" apart.
  return `${rank}a${String(digits.length).padStart(4, '0')}:${digits}:${id}`;
}
