import type { NormalizedAddress } from './address.js';
import { DE_STREET_TYPES, EN_STREET_TYPES } from './addressData.js';

/**
 * Match keys: strings that two records of the same physical unit share and two
 * different units do not.
 *
 * The primary key is `p|COUNTRY|POSTAL|NUMBER|STREET|UNIT`:
 * - The unit is part of the key even when absent (written "-"): a record without a unit
 *   is the whole building, and must never merge with one flat in it.
 * - The postal code pins the locality. City names are looser (London has many "High
 *   Street"s), so the city only stands in when the postal code is missing (`c|...`);
 *   with neither there is too little to match on and the answer is null.
 * - An unknown country is written "?": such a record only meets others like it.
 *
 * `matchKeys` adds weaker keys for a second pass (see cluster.ts): a key is only used
 * to join a record to a unit when it points at exactly one unit, so a weak key adds
 * recall (a record without postal code, a street written without its type) but cannot
 * join two units that the strong keys keep apart.
 */
export function matchKey(n: NormalizedAddress): string | null {
  return matchKeys(n)[0] ?? null;
}

/**
 * The primary key first, then fallbacks, strongest first; [] when too little is known.
 * - `c|COUNTRY|REGION|CITY|...`: the same unit by city, for records with no postal code;
 *   the region is the US state or Canadian province ("?" when unknown, always "?" in GB
 *   and DE).
 * - the primary key with the street type left out ("123 main" for "123 Main St"), for
 *   records whose street has no type; it only joins when one street of that name and
 *   number exists at that postal code.
 */
export function matchKeys(n: NormalizedAddress): string[] {
  if (n.streetNumber === null || n.street === '') return [];
  const country = n.country ?? '?';
  const rest = [n.streetNumber, n.street, n.unit ?? '-'];
  const byPostal = n.postalCode === null ? null : ['p', country, n.postalCode, ...rest].join('|');
  // A city name is only unique within its state or province (Springfield IL, Springfield MA).
  const byCity = n.city === null ? null : ['c', country, n.region ?? '?', n.city, ...rest].join('|');
  const untyped = n.postalCode === null ? null : untypedStreet(n);
  const byPostalUntyped = untyped === null ? null : ['p', country, n.postalCode, n.streetNumber, untyped, n.unit ?? '-'].join('|');
  return [byPostal, byCity, byPostalUntyped].filter((k): k is string => k !== null);
}

/** The street without its last word, when that word is a street type; null when there is none to drop. */
function untypedStreet(n: NormalizedAddress): string | null {
  const words = n.street.split(' ');
  if (words.length < 2) return null;
  const last = words[words.length - 1]!;
  return STREET_TYPE_CANONICALS.has(last) ? words.slice(0, -1).join(' ') : null;
}

const STREET_TYPE_CANONICALS: ReadonlySet<string> = new Set([...Object.values(EN_STREET_TYPES), ...Object.values(DE_STREET_TYPES)]);
