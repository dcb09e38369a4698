import {
  DE_COMPOUND_SUFFIXES, DE_STREET_TYPES, DIRECTIONALS, EN_STREET_TYPES, HOUSE_NUMBER_MARKERS, NAME_ABBREVIATIONS,
  NUMBERED_ROUTE_TYPES, type IdentityCountry,
} from './addressData.js';
import { fold, foldGermanDigraphs, stripLeadingZeros } from './text.js';
import { canonicalUnitValue, isUnitDesignator, isUnitValue, unitOfSegment } from './unit.js';

/**
 * Parses one street line ("123 N. Main St Apt 4", "Flat 2, 10 Hyde Park Road",
 * "Lindenstraße 12, Whg. 3", or a whole formatted address) into house number,
 * canonical street and unit. Country decides the street grammar: German lines put the
 * number after the street and glue the type to the name ("Lindenstr."), the others put
 * the number first and may carry directionals.
 */
export interface ParsedStreetLine {
  streetNumber: string | null;
  /** Canonical street, e.g. "n main st", "hyde park rd", "linden str"; "" when none. */
  street: string;
  unit: string | null;
  /** Comma-separated parts after the street (city, "IL 62701", "USA"), folded. */
  trailing: string[];
  /** Which grammar read the street: German ("Lindenstr. 12") or English ("12 Main St"). */
  grammar: 'de' | 'en';
  /** Whether the street ended in a known street type of that grammar. */
  typed: boolean;
}

/** "12", "12a", "12-14" (a range), "4-123" (Canadian unit-number), "1/2". */
const NUMBERISH = /^(?:\d+[a-z]?|[a-z]?\d+[a-z]?-\d+[a-z]?|\d+\/\d+)$/;
const CA_UNIT_PREFIX = /^([a-z]?\d+[a-z]?)-(\d+[a-z]?)$/;

export function parseStreetLine(line: string, country: IdentityCountry | null): ParsedStreetLine {
  const segments = fold(line).split(/[,;]|\s\/\s/).map((s) => s.trim()).filter((s) => s !== '');
  let unit: string | null = null;
  let streetIndex = -1;
  for (let i = 0; i < segments.length; i++) {
    const segmentUnit = unitOfSegment(segments[i]!);
    if (segmentUnit !== null) {
      unit ??= segmentUnit;
      continue;
    }
    // The street is the first part with a digit; parts before it are building names.
    if (streetIndex === -1 && /\d/.test(segments[i]!)) streetIndex = i;
  }
  if (streetIndex === -1) streetIndex = segments.findIndex((s) => unitOfSegment(s) === null);
  if (streetIndex === -1) return { streetNumber: null, street: '', unit, trailing: [], grammar: country === 'DE' ? 'de' : 'en', typed: false };
  const trailing = segments.slice(streetIndex + 1).filter((s) => unitOfSegment(s) === null);
  const parsed = parseStreetSegment(tokenize(segments[streetIndex]!), country);
  return { ...parsed, unit: unit ?? parsed.unit, trailing };
}

function tokenize(segment: string): string[] {
  return segment
    .replace(/#/g, ' # ')
    .split(/[^\p{L}\p{N}#\-/]+/u)
    // Hyphens join words ("Hans-Böckler-Str.") but belong to numbers ("12-14") and units ("A-101").
    .flatMap((t) => (NUMBERISH.test(t) || (t.includes('-') && /\d/.test(t) && isUnitValue(t)) ? [t] : t.split(/[-/]+/)))
    .filter((t) => t !== '');
}

function parseStreetSegment(input: string[], country: IdentityCountry | null): Omit<ParsedStreetLine, 'trailing'> {
  let tokens = input.filter((t) => !HOUSE_NUMBER_MARKERS.has(t));
  let unit: string | null = null;

  // Leading unit: "Flat 2 10 Hyde Park Road", "Apt 4 123 Main St", "#4 123 Main St".
  let lead = 0;
  while (lead < tokens.length && isUnitDesignator(tokens[lead]!)) lead++;
  if (lead > 0 && lead + 1 < tokens.length && isUnitValue(tokens[lead]!) && NUMBERISH.test(tokens[lead + 1]!)) {
    unit = canonicalUnitValue(tokens[lead]!);
    tokens = tokens.slice(lead + 1);
  } else if (tokens[0] === 'no' && tokens.length > 2 && NUMBERISH.test(tokens[1]!) && !NUMBERISH.test(tokens[2]!)) {
    // "No. 10 Downing Street": a house number, not a unit.
    tokens = tokens.slice(1);
  }

  // Trailing unit: "... St Apt 4", "... St #4", "Lindenstr. 12 Whg. 3", "... Rd Flat B".
  const last = tokens[tokens.length - 1];
  if (unit === null && last !== undefined && isUnitValue(last)) {
    let d = tokens.length - 1;
    while (d > 0 && isUnitDesignator(tokens[d - 1]!)) d--;
    if (d < tokens.length - 1 && d >= 1) {
      unit = canonicalUnitValue(last);
      tokens = tokens.slice(0, d);
    }
  }

  const german = country === 'DE' || (country === null && looksGermanTokens(tokens));
  const number = takeNumber(tokens, german);
  tokens = number.rest;
  let streetNumber = number.streetNumber;
  if (country === 'CA' && number.prefixed !== null) {
    streetNumber = number.prefixed.streetNumber;
    unit ??= number.prefixed.unit;
  }

  // A bare value right after the street type is a unit: "123 Main St 4B" (not "Highway 7").
  if (!german && unit === null && streetNumber !== null && tokens.length >= 3) {
    const tail = tokens[tokens.length - 1]!;
    const type = EN_STREET_TYPES[tokens[tokens.length - 2]!];
    if (type !== undefined && !NUMBERED_ROUTE_TYPES.has(type) && isUnitValue(tail) && DIRECTIONALS[tail] === undefined) {
      unit = canonicalUnitValue(tail);
      tokens = tokens.slice(0, -1);
    }
  }

  const words = tokens.filter((t) => t !== '#');
  const street = german ? germanStreet(words) : englishStreet(words);
  return { streetNumber, street: street.text, unit, grammar: german ? 'de' : 'en', typed: street.typed };
}

function looksGermanTokens(tokens: string[]): boolean {
  const last = tokens[tokens.length - 1];
  return tokens.length >= 2 && last !== undefined && NUMBERISH.test(last) && !NUMBERISH.test(tokens[0]!)
    && splitGermanType(tokens.slice(0, -1)).type !== null;
}

/**
 * The house number and the words left. German lines end with it ("Lindenstr. 12 a"),
 * others start with it ("123 1/2 Main St"); either form is accepted in either country
 * as long as only one end has a number. A leading "4-123" is also returned split, for
 * Canada, where it means unit 4 at number 123 (elsewhere it is a range of numbers).
 */
function takeNumber(tokens: string[], german: boolean): {
  streetNumber: string | null;
  prefixed: { unit: string; streetNumber: string } | null;
  rest: string[];
} {
  const first = tokens[0];
  const n = tokens.length;
  const firstIs = first !== undefined && NUMBERISH.test(first) && !first.includes('/');
  const lastIs = n >= 2 && NUMBERISH.test(tokens[n - 1]!) && !tokens[n - 1]!.includes('/');
  const lastWithLetter = n >= 3 && /^\d+$/.test(tokens[n - 2]!) && /^[a-z]$/.test(tokens[n - 1]!);
  if ((german || !firstIs) && (lastIs || lastWithLetter)) {
    if (lastIs) return { streetNumber: canonicalNumber(tokens[n - 1]!), prefixed: null, rest: tokens.slice(0, -1) };
    return { streetNumber: canonicalNumber(tokens[n - 2]! + tokens[n - 1]!), prefixed: null, rest: tokens.slice(0, -2) };
  }
  if (!firstIs) return { streetNumber: null, prefixed: null, rest: tokens };
  const second = tokens[1];
  if (second !== undefined && /^\d+\/\d+$/.test(second)) {
    return { streetNumber: `${canonicalNumber(first)} ${second}`, prefixed: null, rest: tokens.slice(2) };
  }
  const m = CA_UNIT_PREFIX.exec(first);
  const prefixed = m === null ? null : { unit: canonicalUnitValue(m[1]!), streetNumber: canonicalNumber(m[2]!) };
  return { streetNumber: canonicalNumber(first), prefixed, rest: tokens.slice(1) };
}

function canonicalNumber(token: string): string {
  return token.split('-').map(stripLeadingZeros).join('-');
}

/** "n main st", "main st nw", "1st ave", "north st" (a name, not a directional). */
function englishStreet(input: string[]): { text: string; typed: boolean } {
  const tokens = [...input];
  let post: string | null = null;
  if (tokens.length >= 3 && DIRECTIONALS[tokens[tokens.length - 1]!] !== undefined && EN_STREET_TYPES[tokens[tokens.length - 2]!] !== undefined) {
    post = DIRECTIONALS[tokens.pop()!]!;
  }
  let type: string | null = null;
  if (tokens.length >= 2) {
    const t = EN_STREET_TYPES[tokens[tokens.length - 1]!];
    if (t !== undefined) {
      type = t;
      tokens.pop();
    }
  }
  let pre: string | null = null;
  if (tokens.length >= 2 && DIRECTIONALS[tokens[0]!] !== undefined) pre = DIRECTIONALS[tokens.shift()!]!;
  const name = tokens.map((t) => NAME_ABBREVIATIONS[t] ?? t);
  return { text: [pre, ...name, type, post].filter((p): p is string => p !== null).join(' '), typed: type !== null };
}

/** "linden str" from "Lindenstraße", "Linden Straße", "Lindenstr.", "Linden-Str."; umlaut spellings agree. */
function germanStreet(input: string[]): { text: string; typed: boolean } {
  const tokens = input.map(foldGermanDigraphs);
  const { stem, type } = splitGermanType(tokens);
  const name = stem.map((t) => (t === 'sankt' ? 'st' : t));
  return { text: [...name, ...(type === null ? [] : [type])].join(' '), typed: type !== null };
}

function splitGermanType(tokens: string[]): { stem: string[]; type: string | null } {
  const last = tokens[tokens.length - 1];
  if (last === undefined) return { stem: tokens, type: null };
  const direct = DE_STREET_TYPES[last];
  if (direct !== undefined && tokens.length >= 2) return { stem: tokens.slice(0, -1), type: direct };
  for (const suffix of DE_COMPOUND_SUFFIXES) {
    if (last.endsWith(suffix) && last.length - suffix.length >= 3) {
      return { stem: [...tokens.slice(0, -1), last.slice(0, -suffix.length)], type: DE_STREET_TYPES[suffix]! };
    }
  }
  return { stem: tokens, type: null };
}
