import { EMPTY_UNIT_VALUES, UNIT_DESIGNATORS } from './addressData.js';
import { fold, stripLeadingZeros, words } from './text.js';

/**
 * Units in canonical form: the designator is dropped ("Apt 4", "#4", "Flat 4", "Whg. 4"
 * are all "4"), letters are lower case and separators vanish ("A-101" → "a101"), a
 * purely numeric unit loses leading zeros ("04" → "4").
 */

/** A single token that can stand for a unit after a designator: "4", "a101", "4b", "ph2", "b". */
const UNIT_VALUE = /^(?:[a-z]{0,2}\d{1,5}[a-z]{0,2}|[a-z])$/;

export function isUnitValue(token: string): boolean {
  return UNIT_VALUE.test(token.replace(/-/g, ''));
}

export function isUnitDesignator(token: string): boolean {
  return token === '#' || UNIT_DESIGNATORS.has(token);
}

/** A unit value token in canonical form. */
export function canonicalUnitValue(token: string): string {
  return stripLeadingZeros(token.replace(/[^a-z\d]/g, ''));
}

/**
 * A vendor's own unit field ("Apt 4", "#A101", "Flat 2", "Suite 4B", "Basement Flat",
 * "Wohnung 3") in canonical form; null when it says there is no unit.
 */
export function normalizeUnitField(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const folded = fold(raw).trim();
  if (EMPTY_UNIT_VALUES.has(folded.replace(/[^a-z\d]+/g, ' ').trim())) return null;
  const kept = words(folded).filter((w) => !isUnitDesignator(w));
  const joined = kept.join('');
  return joined === '' ? null : stripLeadingZeros(joined);
}

/**
 * A comma-separated part of a street line that is a unit and nothing else: "Flat 2",
 * "Apt. #4", "Whg. 3", "#A101", "Ground Floor Flat". Returns the canonical unit or null.
 */
export function unitOfSegment(segment: string): string | null {
  const tokens = words(segment);
  if (tokens.length === 0) return null;
  let i = 0;
  while (i < tokens.length && isUnitDesignator(tokens[i]!)) i++;
  const rest = tokens.slice(i);
  if (i > 0 && rest.length === 1 && isUnitValue(rest[0]!)) return canonicalUnitValue(rest[0]!);
  // British flats named by floor: "Basement Flat", "Ground Floor Flat", "Top Flat".
  if (tokens.length >= 2 && tokens.length <= 4 && tokens[tokens.length - 1] === 'flat'
    && tokens.slice(0, -1).every((t) => /^[a-z]+$/.test(t))) {
    return tokens.slice(0, -1).join('');
  }
  return null;
}
