import { CA_REGIONS, DE_REGIONS, US_REGIONS } from './addressData.js';
import { foldGermanDigraphs, foldWords } from '../domain/text.js';


/**
 * Where a record's country comes from. A vendor that states a country is evidence: two
 * records that state different countries are never one unit. A country the rules infer
 * (from the postal code's format, the region, the street's language, or the country
 * other vendors state for a record that agrees on everything else) only guides: it never
 * outweighs agreement on postal code, street and number.
 */
export type CountrySource = 'stated' | 'inferred';

export interface CountryEvidence {
  /** ISO 3166-1 alpha-2, upper case. */
  code: string;
  source: CountrySource;
}

/** Countries whose addresses are written in German: the street's language points at them. */
export const GERMAN_SPEAKING: ReadonlySet<string> = new Set(['DE', 'AT', 'CH', 'LI', 'LU']);
/** Countries where Dutch street names are written. */
export const DUTCH_SPEAKING: ReadonlySet<string> = new Set(['NL', 'BE', 'SR']);
/** Countries where streets are written "rue …", "boulevard …" with the number first. */
export const FRENCH_SPEAKING: ReadonlySet<string> = new Set(['FR', 'CA', 'BE', 'CH', 'LU', 'MC']);
/** Countries whose addresses put an English street type after the name ("12 Main St"). */
export const ENGLISH_SPEAKING: ReadonlySet<string> = new Set(['US', 'CA', 'GB', 'IE', 'AU', 'NZ', 'ZA', 'IM', 'JE', 'GG']);

/**
 * The country a region names: a US state, a Canadian province or territory, or a German
 * Land, each by name or code. "CA" is California here (a region field holds a state), and
 * codes shared by two tables ("BE" Berlin, none with the US or Canada) go to the one that
 * has them. Null when the region names none of them (a British county, or nothing).
 */
export function countryOfRegion(raw: string | null): string | null {
  if (raw === null) return null;
  const folded = foldWords(raw);
  if (folded === '') return null;
  if (US_REGIONS[folded] !== undefined) return 'US';
  if (CA_REGIONS[folded] !== undefined) return 'CA';
  if (DE_REGIONS[foldGermanDigraphs(folded)] !== undefined) return 'DE';
  return null;
}

/** The region in canonical form for its country ("il", "on", "by"); null when the country keeps no table. */
export function canonicalRegion(raw: string | null, country: string | null): string | null {
  if (raw === null) return null;
  const folded = foldWords(raw);
  if (folded === '') return null;
  switch (country) {
    case 'US': return US_REGIONS[folded] ?? folded;
    case 'CA': return CA_REGIONS[folded] ?? folded;
    case 'DE': return DE_REGIONS[foldGermanDigraphs(folded)] ?? foldGermanDigraphs(folded);
    default: return null;
  }
}

/**
 * Narrows candidate countries by each piece of evidence in turn, strongest first; a piece
 * that contradicts everything before it is skipped (a vendor's typo must not empty the
 * set). `null` evidence says nothing. Returns the candidates left, sorted; [] when no
 * evidence said anything.
 */
export function narrowCandidates(evidence: readonly (ReadonlySet<string> | null)[]): string[] {
  let candidates: Set<string> | null = null;
  for (const set of evidence) {
    if (set === null || set.size === 0) continue;
    if (candidates === null) {
      candidates = new Set(set);
      continue;
    }
    const both: string[] = [...candidates].filter((code) => set.has(code));
    if (both.length > 0) candidates = new Set(both);
  }
  return candidates === null ? [] : [...candidates].sort();
}
