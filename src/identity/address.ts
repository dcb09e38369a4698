import { CITY_ABBREVIATIONS, CA_REGIONS, US_REGIONS } from './addressData.js';
import {
  canonicalRegion, countryOfRegion, DUTCH_SPEAKING, ENGLISH_SPEAKING, FRENCH_SPEAKING, GERMAN_SPEAKING,
  narrowCandidates, type CountryEvidence,
} from './country.js';
import { countryCodeOf } from '../domain/country.js';
import { findPostalCode, normalizePostalCode, postalCandidates } from './postal.js';
import { parseStreetLine, type ParsedStreetLine } from './street.js';
import { foldGermanDigraphs, foldWords } from '../domain/text.js';
import { readUnitField } from './unit.js';

export type { CountryEvidence, CountrySource } from './country.js';

/** An address as a vendor sends it. `line1` may hold the unit, or even the whole address. */
export interface AddressInput {
  line1: string;
  unitNumber?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  /** What the vendor states: a name ("United States", "Deutschland", "UK") or an ISO code; absent when it states none. */
  country?: string | null;
}

/** The comparable form of an address; see matchKey.ts for how records are matched on it. */
export interface NormalizedAddress {
  /**
   * The country the vendor stated (in the country field or inside the line), else the one
   * the evidence leaves (postal code format, region, the street's language); null when the
   * evidence leaves several. See country.ts for what each source may decide.
   */
  country: CountryEvidence | null;
  /** Countries the evidence left when none was stated, sorted; [] when nothing told. */
  countryCandidates: readonly string[];
  /** "123", "12a", "12-14", "7/1"; null when the line has none. */
  streetNumber: string | null;
  /** Street name and type as written, canonical: "n main st", "hyde park rd", "linden str", "rue fleury w". */
  street: string;
  /** The street name without its type: "n main", "hyde park", "linden". */
  streetName: string;
  /** Canonical street type ("st", "rd", "str"); null when none was written. */
  streetType: string | null;
  /** Canonical unit without designator: "4", "a101", "f2l", "3f4"; null for a whole building. */
  unit: string | null;
  /** A building or house name written with the street ("albion house"); null when none. */
  building: string | null;
  /** Lower case, accents folded: "munchen", "st louis". */
  city: string | null;
  /**
   * US state, Canadian province or German Land as its code in lower case ("il", "on",
   * "by"); null elsewhere (British counties are written too unevenly to compare) and when
   * unknown. It tells apart same-named cities when there is no postal code.
   */
  region: string | null;
  /** "62701", "M5V2T6", "LS61AB", "80331", "1015CJ". */
  postalCode: string | null;
}

const LANGUAGE_COUNTRIES: Readonly<Record<NonNullable<ParsedStreetLine['language']>, ReadonlySet<string>>> = {
  de: GERMAN_SPEAKING, nl: DUTCH_SPEAKING, fr: FRENCH_SPEAKING, en: ENGLISH_SPEAKING,
};

/**
 * Normalizes one vendor address for matching. Pure and total: bad input gives nulls,
 * never an exception, because vendor data is what it is and the caller decides.
 *
 * Country: a stated one (the vendor's country field, or a country written at the end of
 * the line) is taken as stated. Without one, the candidates are narrowed by the region
 * (a US state, a Canadian province, a German Land), then by the postal code's format
 * (postcode-validator's patterns: "LS6 1AB" is British, "M5V 2T6" Canadian, five digits
 * fit the US, Germany and many more), then by the street's language ("Müllerstraße" is
 * German, "rue Fleury" French, "Main St" English); one candidate left is the inferred
 * country, several leave it null. No record is left out of matching for lack of one.
 */
export function normalizeAddress(input: AddressInput): NormalizedAddress {
  const line = input.line1;
  const statedField = countryCodeOf(input.country);
  const first = parseStreetLine(line, statedField);
  const extra = readTrailingParts(first.trailing);
  const stated = statedField ?? countryCodeOf(extra.country);

  const rawPostal = nonEmpty(input.postalCode) ?? extra.postalCode;
  const rawRegion = nonEmpty(input.region) ?? extra.region;
  let country: CountryEvidence | null = stated === null ? null : { code: stated, source: 'stated' };
  let candidates: string[] = [];
  if (country === null) {
    const region = countryOfRegion(rawRegion);
    candidates = narrowCandidates([
      region === null ? null : new Set([region]),
      postalCandidates(rawPostal),
      first.language === null ? null : LANGUAGE_COUNTRIES[first.language],
    ]);
    if (candidates.length === 1) country = { code: candidates[0]!, source: 'inferred' };
  }
  const code = country?.code ?? null;
  // The street's grammar may depend on the country (Canada's unit-civic prefix, German umlauts).
  const parsed = code === statedField ? first : parseStreetLine(line, code);

  const german = (code !== null && GERMAN_SPEAKING.has(code)) || parsed.language === 'de';
  const field = readUnitField(input.unitNumber);
  return {
    country,
    countryCandidates: country === null ? candidates : [],
    streetNumber: parsed.streetNumber,
    street: parsed.street,
    streetName: parsed.name,
    streetType: parsed.type,
    unit: field.unit ?? parsed.unit,
    building: parsed.building ?? field.building,
    city: normalizeCity(nonEmpty(input.city) ?? extra.city, german ? 'DE' : code),
    region: canonicalRegion(rawRegion, code),
    postalCode: normalizePostalCode(rawPostal, code),
  };
}

function nonEmpty(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value;
}

/**
 * City, region, postal code and country from the parts after the street in a formatted
 * address ("Springfield, IL 62701, USA", "13353 Berlin, Deutschland"). The last part is a
 * country when it names one and is no state or province ("Georgia", "CA"); a two-letter
 * code counts as a country only after the postal code ("10115 Berlin, DE").
 */
function readTrailingParts(parts: string[]): { city: string | null; region: string | null; postalCode: string | null; country: string | null } {
  let city: string | null = null;
  let region: string | null = null;
  let postalCode: string | null = null;
  let country: string | null = null;
  parts.forEach((part, i) => {
    const folded = foldWords(part);
    const isRegion = US_REGIONS[folded] !== undefined || CA_REGIONS[folded] !== undefined;
    if (i === parts.length - 1 && i > 0 && countryCodeOf(part) !== null && (folded.length > 2 ? !isRegion : postalCode !== null)) {
      country = part;
      return;
    }
    const found = findPostalCode(part);
    const rest = found === null ? part : found.rest;
    if (found !== null) postalCode = found.postalCode;
    if (rest === '') return;
    if (found !== null && city !== null) region ??= rest;
    else if (city === null) city = rest;
    else region ??= rest;
  });
  return { city, region, postalCode, country };
}

/**
 * "München" → "munchen", "St. Louis" → "st louis", "MUENCHEN" → "munchen" (German
 * umlaut spellings are folded alike for German-speaking countries).
 */
export function normalizeCity(raw: string | null, country: string | null): string | null {
  if (raw === null) return null;
  const folded = foldWords(raw);
  const text = country !== null && GERMAN_SPEAKING.has(country) ? foldGermanDigraphs(folded) : folded;
  const city = text.split(' ').map((w) => CITY_ABBREVIATIONS[w] ?? w).join(' ');
  return city === '' ? null : city;
}
