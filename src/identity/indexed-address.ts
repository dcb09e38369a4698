import type { AddressModel } from '../domain/models.js';
import type { MatchKeys } from './matchKey.js';

/** What the index keeps of a record's address: its match keys and normalized filter columns. */
export interface IndexedAddressParts {
  /** matchKeys output (matchKey.ts). */
  keys: MatchKeys;
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
 */
export function addressOfIndexedRecord(parts: IndexedAddressParts): AddressModel | null {
  const address = parts.keys.address;
  if (address === null || address.street === '') return null;
  const number = address.number.startsWith('@') ? titleCase(address.number.slice(1)) : address.number.toUpperCase();
  return {
    line1: `${number} ${titleCase(address.street)}`,
    unitNumber: address.unit === null ? null : address.unit.toUpperCase(),
    city: parts.city === null ? null : titleCase(parts.city),
    region: address.region === null ? null : address.region.toUpperCase(),
    postalCode: parts.postalCode,
    country: parts.country,
  };
}

function titleCase(text: string): string {
  return text.replace(/(^|[\s-])(\p{L})/gu, (_match, before: string, letter: string) => before + letter.toUpperCase());
}
