import {
  CA_REGIONS, CITY_ABBREVIATIONS, COUNTRY_ALIASES, DE_REGIONS, US_REGIONS, type IdentityCountry,
} from './addressData.js';
import { countryOfPostalCode, findPostalCode, isFiveDigitPostalCode, normalizePostalCode } from './postal.js';
import { parseStreetLine, type ParsedStreetLine } from './street.js';
import { foldGermanDigraphs, foldWords } from './text.js';
import { normalizeUnitField } from './unit.js';

export type { IdentityCountry } from './addressData.js';

/** An address as a vendor sends it. `line1` may hold the unit, or even the whole address. */
export interface AddressInput {
  line1: string;
  unitNumber?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  /** A name ("United States", "Deutschland", "UK") or an ISO code. */
  country?: string | null;
}

/** The comparable form of an address; see matchKey.ts for how records are matched on it. */
export interface NormalizedAddress {
  /** Null when not given and the postal code or the street does not tell. */
  country: IdentityCountry | null;
  /** "123", "12a", "12-14"; null when the line has none. */
  streetNumber: string | null;
  /** Street name with canonical type and directionals: "n main st", "hyde park rd", "linden str". */
  street: string;
  /** Canonical unit without designator: "4", "a101"; null for a whole building. */
  unit: string | null;
  /** Lower case, accents folded: "munchen", "st louis". */
  city: string | null;
  /**
   * US state or Canadian province as its postal code in lower case ("il", "on"); null
   * elsewhere (British counties and German Länder are written too unevenly to compare)
   * and when unknown. It tells apart same-named cities when there is no postal code.
   */
  region: string | null;
  /** US "62701", CA "M5V2T6", GB "LS61AB", DE "80331". */
  postalCode: string | null;
}

/**
 * Normalizes one vendor address for matching. Pure and total: bad input gives nulls,
 * never an exception, because vendor data is what it is and the caller decides.
 *
 * Country: the given one when it names US, CA, GB or DE (another named country gives
 * null, and nothing is inferred); when missing, a CA or GB postal code or a ZIP+4 tells
 * it; five digits fit both the US and Germany, so then the region (a US state or a
 * German Land) or the street's own grammar ("Lindenstr. 12" vs "12 Main St") decides,
 * and when neither does the country stays null.
 */
export function normalizeAddress(input: AddressInput): NormalizedAddress {
  const line = input.line1;
  const given = countryOf(input.country);
  const first = parseStreetLine(line, given.country);
  const extra = readTrailingParts(first.trailing);

  const rawPostal = nonEmpty(input.postalCode) ?? extra.postalCode;
  const region = nonEmpty(input.region) ?? extra.region;
  let country = given.country;
  if (country === null && !given.named) {
    country = countryOf(extra.country).country ?? inferCountry(first, rawPostal, region);
  }
  // The street grammar depends on the country, so parse again once it is known.
  const parsed = country === given.country ? first : parseStreetLine(line, country);

  const unit = normalizeUnitField(input.unitNumber) ?? parsed.unit;
  const city = normalizeCity(nonEmpty(input.city) ?? extra.city, country);
  return {
    country,
    streetNumber: parsed.streetNumber,
    street: parsed.street,
    unit,
    city,
    region: normalizeRegion(region, country),
    postalCode: normalizePostalCode(rawPostal, country),
  };
}

function normalizeRegion(raw: string | null, country: IdentityCountry | null): string | null {
  if (raw === null) return null;
  const text = foldWords(raw);
  switch (country) {
    case 'US': return US_REGIONS[text] ?? (text === '' ? null : text);
    case 'CA': return CA_REGIONS[text] ?? (text === '' ? null : text);
    case 'GB':
    case 'DE':
    case null:
      return null;
    default: {
      const unreachable: never = country;
      throw new Error(`unknown country ${String(unreachable)}`);
    }
  }
}

function nonEmpty(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value;
}

/** `named` is true when some country was given, even one outside our four. */
function countryOf(raw: string | null | undefined): { country: IdentityCountry | null; named: boolean } {
  const text = nonEmpty(raw);
  if (text === null) return { country: null, named: false };
  return { country: COUNTRY_ALIASES[foldWords(text)] ?? null, named: true };
}

function inferCountry(line: ParsedStreetLine, postal: string | null, region: string | null): IdentityCountry | null {
  const byPostal = countryOfPostalCode(postal);
  if (byPostal !== null) return byPostal;
  if (!isFiveDigitPostalCode(postal)) return null;
  const r = region === null ? null : foldWords(region);
  if (r !== null && US_REGIONS[r] !== undefined) return 'US';
  if (r !== null && DE_REGIONS.has(foldGermanDigraphs(r))) return 'DE';
  // Only a street type proves the grammar: "Lindenstr. 12" is German, "12 Main St" is not.
  if (line.typed) return line.grammar === 'de' ? 'DE' : 'US';
  return null;
}

/** City, region, postal code and country from the parts after the street in a formatted address. */
function readTrailingParts(parts: string[]): { city: string | null; region: string | null; postalCode: string | null; country: string | null } {
  let city: string | null = null;
  let region: string | null = null;
  let postalCode: string | null = null;
  let country: string | null = null;
  for (const part of parts) {
    if (COUNTRY_ALIASES[foldWords(part)] !== undefined) {
      country = part;
      continue;
    }
    const found = findPostalCode(part);
    const rest = found === null ? part : found.rest;
    if (found !== null) postalCode = found.postalCode;
    if (rest === '') continue;
    if (found !== null && city !== null) region ??= rest;
    else if (city === null) city = rest;
    else region ??= rest;
  }
  return { city, region, postalCode, country };
}

/** "München" → "munchen", "St. Louis" → "st louis", "MUENCHEN" → "munchen". */
export function normalizeCity(raw: string | null, country: IdentityCountry | null): string | null {
  if (raw === null) return null;
  const text = country === 'DE' ? foldGermanDigraphs(foldWords(raw)) : foldWords(raw);
  const city = text.split(' ').map((w) => CITY_ABBREVIATIONS[w] ?? w).join(' ');
  return city === '' ? null : city;
}
