import postcodeValidator from 'postcode-validator';

/**
 * Postal codes: their canonical form for matching, and which countries' formats they fit
 * (the formats are postcode-validator's, one pattern per country).
 */

const { postcodeValidator: fitsFormat, CountryCode } = postcodeValidator;
/** Every country the library has a format for; "UK" is its alias of GB. */
const FORMAT_COUNTRIES: readonly string[] = Object.values(CountryCode).filter((code) => /^[A-Z]{2}$/.test(code) && code !== 'UK');

/**
 * The old European form "D-80331", "A-1010", "CH-8001" puts a country's car code before
 * the postal code; the prefix is dropped from the code and is evidence of the country.
 */
const CEPT_PREFIXES: Readonly<Record<string, string>> = {
  D: 'DE', A: 'AT', CH: 'CH', F: 'FR', B: 'BE', L: 'LU', I: 'IT', NL: 'NL', DK: 'DK', S: 'SE', N: 'NO', FL: 'LI', P: 'PT', E: 'ES',
};
const CEPT = /^([A-Z]{1,2})\s*-\s*(\d{4,5})$/;
const ZIP_PLUS_4 = /^(\d{5})\s*-?\s*\d{4}$/;

function compact(raw: string | null | undefined): string {
  return (raw ?? '').trim().toUpperCase().replace(/\s+/g, ' ');
}

/**
 * The canonical code: upper case, letters and digits only ("ls6 1ab" → "LS61AB",
 * "M5V-2T6" → "M5V2T6", "D-80331" → "80331"), a ZIP+4 cut to its five digits (the +4
 * names a delivery segment, not the building, and vendors include it or not at will).
 * When the record's country is the US or Germany, a code of three or four digits gets its
 * leading zeros back (spreadsheets drop them: "2108" → "02108", "1069" → "01069").
 * Null when nothing is left.
 */
export function normalizePostalCode(raw: string | null | undefined, country: string | null): string | null {
  let text = compact(raw);
  if (text === '') return null;
  const cept = CEPT.exec(text);
  if (cept !== null && CEPT_PREFIXES[cept[1]!] !== undefined) text = cept[2]!;
  const zip = ZIP_PLUS_4.exec(text);
  if (zip !== null) return zip[1]!;
  const code = text.replace(/[^A-Z0-9]/g, '');
  if ((country === 'US' || country === 'DE') && /^\d{3,4}$/.test(code)) return code.padStart(5, '0');
  return code === '' ? null : code;
}

/**
 * The countries whose postal code format the code fits (postcode-validator's patterns,
 * tried on the code as written and on its compact form), plus the country of a CEPT
 * prefix. Empty when it fits none or is missing. Five digits fit the US, Germany, France,
 * Italy and many more, so this is a set of candidates, not an answer.
 */
export function postalCandidates(raw: string | null | undefined): ReadonlySet<string> {
  const text = compact(raw);
  const out = new Set<string>();
  if (text === '') return out;
  const cept = CEPT.exec(text);
  if (cept !== null && CEPT_PREFIXES[cept[1]!] !== undefined) {
    out.add(CEPT_PREFIXES[cept[1]!]!);
    return out;
  }
  if (/^\d{9}$/.test(text)) out.add('US');
  const forms = [...new Set([text, text.replace(/[\s-]/g, ''), text.replace(/-/g, ' ')])];
  for (const country of FORMAT_COUNTRIES) {
    if (forms.some((form) => fitsFormat(form, country))) out.add(country);
  }
  return out;
}

/**
 * Whether a canonical code pins a handful of addresses (a British postcode unit, a
 * Canadian FSA+LDU): then the town written beside it adds nothing, and vendors write a
 * dependent locality ("Headingley") or the post town ("Leeds") as they please.
 */
export function isPreciseCode(code: string | null): boolean {
  return code !== null && (/^[A-Z]\d[A-Z]\d[A-Z]\d$/.test(code) || /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/.test(code));
}

/**
 * Finds a postal code inside free text such as "IL 62701", "10115 Berlin", "Leeds LS6 1AB"
 * or "1015 CJ Amsterdam" and returns it with the text around it.
 */
export function findPostalCode(text: string): { postalCode: string; rest: string } | null {
  const patterns = [
    /\b([a-z]\d[a-z]\s?-?\s?\d[a-z]\d)\b/i,
    /\b([a-z]{1,2}\d[a-z\d]?\s?\d[a-z]{2})\b/i,
    /\b((?:[a-z]{1,2}-)?\d{5}(?:-\d{4})?)\b/i,
    /\b(\d{4}\s?[a-z]{2})\b/i,
  ];
  for (const pattern of patterns) {
    const m = pattern.exec(text);
    if (m !== null) {
      const rest = `${text.slice(0, m.index)} ${text.slice(m.index + m[0].length)}`.replace(/\s+/g, ' ').trim();
      return { postalCode: m[1]!, rest };
    }
  }
  return null;
}
