import type { IdentityCountry } from './addressData.js';

/**
 * Postal codes in their canonical form: US five digits (ZIP+4 dropped: the +4 names a
 * delivery segment, not the building, and vendors include it or not at will), CA and GB
 * upper case without the space, DE five digits.
 */

const CA = /^([a-z]\d[a-z])\s*-?\s*(\d[a-z]\d)$/i;
// Outward code (A9, A99, A9A, AA9, AA99, AA9A) then inward code (9AA); the space is optional.
const GB = /^([a-z]{1,2}\d[a-z\d]?)\s*(\d[a-z]{2})$/i;
const US = /^(\d{5})(?:\s*-?\s*\d{4})?$/;
const US_PLUS4 = /^\d{5}\s*-\s*\d{4}$|^\d{9}$/;
const DE = /^(?:d\s*-\s*)?(\d{5})$/i;

/** The canonical code, or, when it does not fit the country's format, its letters and digits in upper case. */
export function normalizePostalCode(raw: string | null | undefined, country: IdentityCountry | null): string | null {
  const text = (raw ?? '').trim();
  if (text === '') return null;
  const fitted = country === null ? null : fitPostalCode(text, country);
  if (fitted !== null) return fitted;
  const loose = text.replace(/[^a-z\d]/gi, '').toUpperCase();
  return loose === '' ? null : loose;
}

function fitPostalCode(text: string, country: IdentityCountry): string | null {
  switch (country) {
    case 'US': {
      const m = US.exec(text);
      if (m !== null) return m[1]!;
      // Spreadsheets drop a ZIP's leading zeros ("02134" → "2134"); five digits is the rule, so pad back.
      if (/^\d{3,4}$/.test(text)) return text.padStart(5, '0');
      return null;
    }
    case 'CA': {
      const m = CA.exec(text);
      return m === null ? null : `${m[1]}${m[2]}`.toUpperCase();
    }
    case 'GB': {
      const m = GB.exec(text);
      return m === null ? null : `${m[1]}${m[2]}`.toUpperCase();
    }
    case 'DE': {
      const m = DE.exec(text);
      return m === null ? null : m[1]!;
    }
    default: {
      const unreachable: never = country;
      throw new Error(`unknown country ${String(unreachable)}`);
    }
  }
}

/**
 * The country a postal code alone proves: CA and GB formats are unique, and ZIP+4 is
 * American. Five plain digits fit both the US and Germany, so they prove nothing.
 */
export function countryOfPostalCode(raw: string | null | undefined): IdentityCountry | null {
  const text = (raw ?? '').trim();
  if (CA.test(text)) return 'CA';
  if (GB.test(text)) return 'GB';
  if (US_PLUS4.test(text)) return 'US';
  return null;
}

export function isFiveDigitPostalCode(raw: string | null | undefined): boolean {
  return /^\d{5}$/.test((raw ?? '').trim());
}

/**
 * Finds a postal code inside free text such as "IL 62701", "10115 Berlin" or
 * "Leeds LS6 1AB" and returns it with the text around it.
 */
export function findPostalCode(text: string): { postalCode: string; rest: string } | null {
  const patterns = [
    /\b([a-z]\d[a-z]\s?\d[a-z]\d)\b/i,
    /\b([a-z]{1,2}\d[a-z\d]?\s?\d[a-z]{2})\b/i,
    /\b(\d{5}(?:-\d{4})?)\b/,
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
