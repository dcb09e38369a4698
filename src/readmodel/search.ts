import type { AddressModel } from '../domain/models.js';
import { normalizeAddress } from '../identity/address.js';
import { DE_STREET_TYPES, EN_STREET_TYPES, FR_STREET_TYPES } from '../identity/addressData.js';
import { fold, foldGermanDigraphs, words } from '../domain/text.js';

/**
 * Free-text search over units' addresses, as every vendor spells them. A unit's search
 * text holds, for each of its records' addresses, the words as written and as the
 * identity rules read them, all folded the same way: lower case, letters in ASCII
 * (ß → ss, é → e), and German umlaut digraphs folded (ue → u), so "Müllerstraße",
 * "Muellerstrasse" and "MULLERSTRASSE" are one word. A street's type is there as its
 * canonical form and spelled out ("str" and "strasse", "st" and "street"), and a
 * compound street ("Müllerstraße") also as its name alone ("muller").
 *
 * A query matches a unit when every word of it begins a word of the unit's text:
 * "Müllerstr. 5" finds "Müllerstraße 5" and "Muellerstrasse 5a", not "Müllerweg 5".
 */

/** Canonical street type → its spelled-out form ("st" → "street", "str" → "strasse"). */
const SPELLED_OUT: ReadonlyMap<string, string> = (() => {
  const longest = new Map<string, string>();
  for (const table of [EN_STREET_TYPES, DE_STREET_TYPES, FR_STREET_TYPES]) {
    for (const [spelling, canonical] of Object.entries(table)) {
      const known = longest.get(canonical);
      if (known === undefined || spelling.length > known.length) longest.set(canonical, spelling);
    }
  }
  return longest;
})();

/** The words of a text as search compares them. */
function searchWords(text: string | null | undefined): string[] {
  if (text === null || text === undefined || text.trim() === '') return [];
  return words(foldGermanDigraphs(fold(text))).filter((word) => word !== '#');
}

/** The search words of one address. */
export function addressSearchWords(address: AddressModel): string[] {
  const found = new Set<string>();
  const add = (text: string | null | undefined) => {
    for (const word of searchWords(text)) found.add(word);
  };
  add(address.line1);
  add(address.unitNumber);
  add(address.city);
  add(address.region);
  add(address.postalCode);
  add(address.country);
  const normalized = normalizeAddress({
    line1: address.line1, unitNumber: address.unitNumber, city: address.city, region: address.region,
    postalCode: address.postalCode, country: address.country,
  });
  add(normalized.streetName);
  if (normalized.streetType !== null) {
    add(normalized.streetType);
    add(SPELLED_OUT.get(normalized.streetType));
  }
  add(normalized.streetNumber);
  add(normalized.unit);
  add(normalized.building);
  add(normalized.city);
  add(normalized.postalCode);
  add(normalized.country?.code);
  return [...found];
}

/** A unit's search text: the search words of all its records' addresses. */
export function searchTextOf(addresses: readonly AddressModel[]): string {
  const found = new Set<string>();
  for (const address of addresses) for (const word of addressSearchWords(address)) found.add(word);
  return [...found].join(' ');
}

/** At most this many words of a query count; a longer query is no address. */
export const MAX_QUERY_WORDS = 12;

/** The words a query is matched by (each must begin a word of the unit); [] matches nothing. */
export function queryWords(query: string): string[] {
  return searchWords(query).slice(0, MAX_QUERY_WORDS);
}

/** An FTS5 MATCH expression: every word as a prefix ("muller"* AND "5"*). Words hold only letters and digits. */
export function sqliteMatchOf(query: readonly string[]): string {
  return query.map((word) => `"${word}"*`).join(' AND ');
}

/** A Postgres to_tsquery('simple', …) expression: every word as a prefix (muller:* & 5:*). */
export function postgresTsQueryOf(query: readonly string[]): string {
  return query.map((word) => `${word}:*`).join(' & ');
}
