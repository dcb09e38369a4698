import type { NormalizedAddress } from './address.js';
import { isPreciseCode } from './postal.js';

/**
 * What clustering compares (cluster.ts). Two keys, each of fields that must be equal:
 * - `postal`: postal code, house number, street name, unit;
 * - `city`: city, house number, street name, unit (for records without a postal code,
 *   and to meet them).
 * The unit is part of both even when absent ("-"): a record without a unit is the whole
 * building and never merges with one flat in it. The street name leaves out the type and
 * the spaces ("hydepark" for "Hyde Park Road"), so "123 Main" can meet "123 Main St".
 *
 * `traits` are what two records sharing a key must not disagree on; null means unknown,
 * and unknown agrees with anything: a record that does not state a country, or writes no
 * street type, still joins the one unit it fits. The house number may be a house name
 * ("@rose cottage") when the line has no number.
 */
export interface MatchKeys {
  postal: string | null;
  city: string | null;
  traits: MatchTraits;
  /** The parts the keys were built from, for the index's copy of the address; null without a street. */
  address: { number: string; street: string; unit: string | null; region: string | null } | null;
}

export interface MatchTraits {
  /** The country a vendor stated: two stated countries that differ are never one unit. */
  stated: string | null;
  /** The stated country, else the inferred one: compared only where the agreement is weaker (no postal code). */
  country: string | null;
  streetType: string | null;
  building: string | null;
  /** The city, compared beside a postal code that is not precise (five digits can span two towns). */
  city: string | null;
  region: string | null;
  postalCode: string | null;
}

export const NO_MATCH_KEYS: MatchKeys = {
  postal: null,
  city: null,
  traits: { stated: null, country: null, streetType: null, building: null, city: null, region: null, postalCode: null },
  address: null,
};

export function matchKeys(n: NormalizedAddress): MatchKeys {
  const premise = n.streetNumber ?? (n.building === null ? null : `@${n.building}`);
  const street = n.streetName.replace(/\s+/g, '');
  const traits: MatchTraits = {
    stated: n.country?.source === 'stated' ? n.country.code : null,
    country: n.country?.code ?? null,
    streetType: n.streetType,
    building: n.streetNumber === null ? null : n.building,
    city: isPreciseCode(n.postalCode) ? null : n.city,
    region: n.region,
    postalCode: n.postalCode,
  };
  if (premise === null || street === '') return { ...NO_MATCH_KEYS, traits };
  const rest = [premise, street, n.unit ?? '-'].join('|');
  return {
    postal: n.postalCode === null ? null : `p|${n.postalCode}|${rest}`,
    city: n.city === null ? null : `c|${n.city}|${rest}`,
    traits,
    address: { number: premise, street: n.street, unit: n.unit, region: n.region },
  };
}

const LEGACY_TYPES: ReadonlySet<string> = new Set([
  'st', 'ave', 'rd', 'blvd', 'dr', 'ln', 'ct', 'pl', 'cres', 'ter', 'grv', 'way', 'cir', 'pkwy', 'hwy', 'sq', 'cl', 'str', 'weg', 'allee', 'gasse', 'ring', 'damm',
]);

/**
 * The keys as the index stores them (JSON of MatchKeys). Rows written before these keys
 * hold a list of strings ("p|COUNTRY|POSTAL|NUMBER|STREET|UNIT" first); they are read as
 * postal keys without traits until the next read of their vendor writes new ones.
 */
export function parseStoredKeys(json: string): MatchKeys {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value)) return value as MatchKeys;
  const primary = typeof value[0] === 'string' ? value[0].split('|') : [];
  if (primary.length < 6) return NO_MATCH_KEYS;
  const [number, street, unit] = primary.slice(-3) as [string, string, string];
  const words = street.split(' ');
  const name = words.length > 1 && LEGACY_TYPES.has(words[words.length - 1]!) ? words.slice(0, -1) : words;
  const rest = [number, name.join(''), unit].join('|');
  const region = primary[0] === 'c' && primary[2] !== '?' ? primary[2]! : null;
  return {
    postal: primary[0] === 'p' ? `p|${primary[2]}|${rest}` : null,
    city: primary[0] === 'c' ? `c|${primary[3]}|${rest}` : null,
    traits: { ...NO_MATCH_KEYS.traits, stated: primary[1] === '?' ? null : primary[1]! },
    address: { number, street, unit: unit === '-' ? null : unit, region },
  };
}
