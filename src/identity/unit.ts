import {
  BUILDING_PARTS, EMPTY_UNIT_VALUES, FLOOR_FLAT_SHORTHAND, FLOOR_SIDES, FLOOR_WORDS, NAMED_FLOORS, NAME_ABBREVIATIONS,
  UNIT_DESIGNATORS, WORD_UNITS,
} from './addressData.js';
import { fold, stripLeadingZeros } from '../domain/text.js';

/**
 * Units in canonical form. What identifies a flat, in order:
 * 1. its own label, designator dropped: "Apt 4", "#4", "Flat 4", "Whg. 4", "// 4" → "4";
 *    letters lower case, separators gone ("A-101" → "a101"); a tenement position in the
 *    Edinburgh ("3F4", "GF2") or Glasgow ("2/1", "0/1", "G/1") style → "3f4", "0f2", "2f1";
 * 2. else a unit named by a word (USPS "Bsmt", "Rear", "Uppr", "PH 2") → "fb", "rear",
 *    "upper", "ph2";
 * 3. else its floor, with the building part and the side of a German floor: "2. OG links"
 *    → "f2l", "EG" and "Ground Floor Flat" → "f0", "DG" → "fdg", "Hinterhaus, 3. OG" →
 *    "hhf3", "6th Fl" and "Floor 6" → "f6".
 * A label wins over a floor written beside it ("Flat 3, 2nd floor" is flat "3").
 */

/** A single token that can stand for a unit after a designator: "4", "a101", "4b", "ph2", "b", "3f4", "2/1". */
const UNIT_VALUE = /^(?:[a-z]{0,2}\d{1,5}[a-z]{0,2}|[a-z]|\d{1,2}f\d{1,2}|(?:\d{1,2}|g)\/\d{1,2})$/;
const TENEMENT = /^(?:(\d{1,2}|g|gf|b|bf)f?(\d{1,2})|(\d{1,2}|g)\/(\d{1,2}))$/;
const ORDINAL = /^(\d{1,3})(?:st|nd|rd|th|e|er|re)?$/;

export function isUnitValue(token: string): boolean {
  return UNIT_VALUE.test(token.replace(/-/g, ''));
}

export function isUnitDesignator(token: string): boolean {
  return token === '#' || UNIT_DESIGNATORS.has(token);
}

/** A unit value token in canonical form. */
export function canonicalUnitValue(token: string): string {
  const t = token.replace(/-/g, '');
  const tenement = /^(\d{1,2}|g)\/(\d{1,2})$/.exec(t) ?? /^(\d{1,2}|gf|bf)(\d{1,2})$/.exec(t) ?? /^(\d{1,2})f(\d{1,2})$/.exec(t);
  if (tenement !== null && (t.includes('/') || t.includes('f'))) {
    const level = tenement[1]!.replace(/f$/, '');
    return `${level === 'g' ? '0' : level === 'b' ? 'b' : stripLeadingZeros(level)}f${stripLeadingZeros(tenement[2]!)}`;
  }
  return stripLeadingZeros(t.replace(/[^a-z\d]/g, ''));
}

/** Folded tokens of unit text; "/" stays inside "2/1", "#" is a token of its own. */
export function unitTokens(text: string): string[] {
  return fold(text)
    .replace(/#/g, ' # ')
    .split(/[^a-z0-9#/-]+/)
    .flatMap((t) => (/^[a-z0-9]+([/-][a-z0-9]+)*$/.test(t) || t === '#' ? [t] : t.split(/[/-]+/)))
    .filter((t) => t !== '');
}

export interface UnitReadOptions {
  /** A single bare value is a unit: true for a vendor's unit field, where "5" means flat 5. */
  bareValue?: boolean;
  /** After DIN 5008's "//" a "W" introduces the flat ("Kernberg 17 // W 236"). */
  flatMarker?: boolean;
  /**
   * A bare "2/1" or "3F4" is a tenement flat; false at the end of a street line, where
   * "Hochstraße 56/58" is a house number.
   */
  tenement?: boolean;
}

interface UnitParts {
  flat: string | null;
  word: string | null;
  floor: string | null;
  side: string | null;
  part: string | null;
}

function floorNumber(token: string): string | null {
  const word = NAME_ABBREVIATIONS[token];
  const m = ORDINAL.exec(word ?? token);
  return m === null ? null : stripLeadingZeros(m[1]!);
}

/**
 * Reads tokens that are unit information and nothing else; null when some token is
 * not (so "Hyde Park" is no unit, "2. OG links" and "Flat 3, 2nd floor" are).
 */
export function parseUnitTokens(tokens: readonly string[], options: UnitReadOptions = {}): string | null {
  const parts: UnitParts = { flat: null, word: null, floor: null, side: null, part: null };
  const designator = (token: string) => isUnitDesignator(token) || token === 'nr' || (options.flatMarker === true && token === 'w');
  let i = 0;
  const at = (k: number) => tokens[i + k];
  while (i < tokens.length) {
    const t = at(0)!;
    const next = at(1);
    // "Ground Floor Flat", "Basement Flat": the floor names the flat.
    if (t === 'flat' && next === undefined && (parts.floor !== null || parts.word !== null)) {
      i++;
      continue;
    }
    if (designator(t) && t !== 'no' && t !== 'nr') {
      let j = i;
      while (j < tokens.length && designator(tokens[j]!)) j++;
      const value = tokens[j];
      // "Flat 3F4", "Studio J", "App. 5"; "Wohnung" alone names no flat.
      if (value !== undefined && isUnitValue(value) && floorNumber(value) === null) {
        parts.flat ??= canonicalUnitValue(value);
        i = j + 1;
        continue;
      }
      if (value !== undefined && isUnitValue(value) && !FLOOR_WORDS.has(tokens[j + 1] ?? '')) {
        parts.flat ??= canonicalUnitValue(value);
        i = j + 1;
        continue;
      }
      if (j === tokens.length) return null;
      i = j;
      continue;
    }
    const number = floorNumber(t);
    if (number !== null && next !== undefined && FLOOR_WORDS.has(next)) {
      parts.floor ??= number;
      i += 2;
      continue;
    }
    if (FLOOR_WORDS.has(t) && next !== undefined && floorNumber(next) !== null) {
      parts.floor ??= floorNumber(next);
      i += 2;
      continue;
    }
    const named = NAMED_FLOORS[t] ?? (t === 'lower' && next === 'ground' ? 'b' : undefined);
    if (named !== undefined && (FLOOR_WORDS.has(next ?? '') || next === 'flat' || next === 'ground' || WORD_UNITS[t] === undefined)) {
      parts.floor ??= named;
      i += t === 'lower' ? 2 : 1;
      if (FLOOR_WORDS.has(at(0) ?? '')) i++;
      continue;
    }
    const shorthand = FLOOR_FLAT_SHORTHAND[t];
    if (shorthand !== undefined) {
      parts.floor ??= shorthand;
      i++;
      continue;
    }
    const side = FLOOR_SIDES[t];
    if (side !== undefined && parts.floor !== null) {
      parts.side ??= side;
      i++;
      continue;
    }
    const part = BUILDING_PARTS[t];
    if (part !== undefined) {
      parts.part ??= part;
      i++;
      continue;
    }
    const word = WORD_UNITS[t];
    if (word !== undefined) {
      if (word === 'ph' && next !== undefined && /^\d{1,4}$/.test(next)) {
        parts.word ??= `ph${stripLeadingZeros(next)}`;
        i += 2;
      } else {
        parts.word ??= word;
        i++;
      }
      continue;
    }
    if (options.tenement !== false && TENEMENT.test(t) && (t.includes('/') || /f/.test(t))) {
      parts.flat ??= canonicalUnitValue(t);
      i++;
      continue;
    }
    if (options.bareValue === true && tokens.length === 1 && isUnitValue(t)) {
      parts.flat = canonicalUnitValue(t);
      i++;
      continue;
    }
    return null;
  }
  return composeUnit(parts);
}

function composeUnit(parts: UnitParts): string | null {
  if (parts.flat !== null) return parts.flat;
  if (parts.word !== null && parts.floor === null) return parts.word;
  if (parts.floor === null) return parts.part;
  return `${parts.part ?? ''}f${parts.floor}${parts.side ?? ''}`;
}

/**
 * A vendor's own unit field ("Apt 4", "#A101", "Flat 2", "Suite 4B", "Basement Flat",
 * "Wohnung 3", "2. OG links", "PH 1") in canonical form; null when it says there is no
 * unit. Text that is no known unit form keeps its letters and digits ("Garden Suite" →
 * "gardensuite" after the designator words are dropped).
 */
export function normalizeUnitField(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const tokens = unitTokens(raw);
  if (tokens.length === 0 || EMPTY_UNIT_VALUES.has(tokens.join(' ').replace(/[^a-z\d]+/g, ' ').trim())) return null;
  const parsed = parseUnitTokens(tokens, { bareValue: true });
  if (parsed !== null) return parsed;
  const kept = tokens.filter((w) => !isUnitDesignator(w));
  const joined = kept.join('').replace(/[^a-z\d]/g, '');
  return joined === '' ? null : stripLeadingZeros(joined);
}

/**
 * A vendor's unit field that may also name the building, such as a property name that
 * holds "Flat 4, Park View". Parts that are a unit give the unit; a part without digits is the
 * building's name. Text with no unit part reads as normalizeUnitField does.
 */
export function readUnitField(raw: string | null | undefined): { unit: string | null; building: string | null } {
  if (raw === null || raw === undefined) return { unit: null, building: null };
  const parts = fold(raw).split(/[,;]/).map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length > 1) {
    const units = parts.map((part) => unitOfSegment(part, { bareValue: true }));
    const unit = units.find((u) => u !== null) ?? null;
    const names = parts.filter((part, i) => units[i] === null && !/\d/.test(part));
    if (unit !== null && names.length === parts.length - 1) return { unit, building: names.length === 0 ? null : names.join(' ').replace(/\s+/g, ' ') };
  }
  return { unit: normalizeUnitField(raw), building: null };
}

/**
 * A comma-separated part of a street line that is a unit and nothing else: "Flat 2",
 * "Apt. #4", "Whg. 3", "#A101", "Ground Floor Flat", "2. OG links", "GF2", "3F4".
 * Returns the canonical unit or null.
 */
export function unitOfSegment(segment: string, options: UnitReadOptions = {}): string | null {
  const tokens = unitTokens(segment);
  if (tokens.length === 0) return null;
  return parseUnitTokens(tokens, options);
}
