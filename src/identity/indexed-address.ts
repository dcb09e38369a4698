import type { AddressModel } from '../domain/models.js';

/** What the index keeps of a record's address: its match keys and normalized filter columns. */
export interface IndexedAddressParts {
  /** matchKeys output, primary key first (matchKey.ts). */
  keys: readonly string[];
  country: string | null;
  city: string | null;
  postalCode: string | null;
}

/**
 * A record's address rebuilt from what the identity index stored at the last sync, for
 * when no vendor that knows the unit answers now: Address is required, and a unit must
 * not vanish from a page because its vendor is down. It is the normalized form ("12 Hyde
 * Park Rd", "LS61AB", umlauts folded), so it reads a little differently from the
 * vendor's own spelling. Null when the keys hold no street.
 *
 * Keys end in `NUMBER|STREET|UNIT` ("-" = no unit); a `c|COUNTRY|REGION|CITY|...` key also
 * carries the region.
 */
export function addressOfIndexedRecord(parts: IndexedAddressParts): AddressModel | null {
  const primary = parts.keys[0];
  if (primary === undefined) return null;
  const fields = primary.split('|');
  if (fields.length < 6) return null;
  const [number, street, unit] = fields.slice(-3) as [string, string, string];
  if (number === '' || street === '') return null;
  const byCity = parts.keys.find((key) => key.startsWith('c|'))?.split('|');
  const region = byCity === undefined || byCity[2] === undefined || byCity[2] === '?' ? null : byCity[2].toUpperCase();
  return {
    line1: `${number.toUpperCase()} ${titleCase(street)}`,
    unitNumber: unit === '-' ? null : unit.toUpperCase(),
    city: parts.city === null ? null : titleCase(parts.city),
    region,
    postalCode: parts.postalCode,
    country: parts.country === '?' ? null : parts.country,
  };
}

function titleCase(text: string): string {
  return text.replace(/(^|[\s-])(\p{L})/gu, (_match, before: string, letter: string) => before + letter.toUpperCase());
}
