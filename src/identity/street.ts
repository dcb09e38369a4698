import {
  BUILDING_WORDS, DE_COMPOUND_SUFFIXES, DE_NAME_ABBREVIATIONS, DE_STREET_TYPES, DIRECTIONALS, EN_STREET_TYPES,
  FR_DIRECTIONALS, FR_STREET_TYPES, HOUSE_NUMBER_MARKERS, NAME_ABBREVIATIONS, NL_STREET_SUFFIXES, NUMBERED_ROUTE_TYPES,
  WORD_UNITS,
} from './addressData.js';
import { DUTCH_SPEAKING, GERMAN_SPEAKING } from './country.js';
import { fold, foldGermanDigraphs, stripLeadingZeros } from '../domain/text.js';
import { canonicalUnitValue, isUnitDesignator, isUnitValue, parseUnitTokens, unitOfSegment } from './unit.js';

/**
 * Parses one street line into house number, street and unit. The line may be just the
 * street ("123 N. Main St Apt 4", "Lindenstraße 12, Whg. 3"), carry building names and
 * flats before it ("Flat 3, Albion House, 12 King St"), or be a whole formatted address
 * ("123 Main St, Springfield, IL 62701, USA"): what follows the street comes back in
 * `trailing` for the caller.
 *
 * Conventions by country and language:
 * - Number first ("12 Main St", US, CA, GB, Quebec's "225 rue Fleury O") or last
 *   ("Müllerstraße 5", "Keizersgracht 123", DIN 5008); either is read in any country.
 * - House numbers: letters ("12A", "2455-B", DIN 5008 "19 a" → "12a", "2455b", "19a"),
 *   ranges ("7-9", "7 – 9", "56/58" → "7-9", "56-58"), sub-numbers ("7/1", kept apart
 *   from 7), fractions ("123 1/2"), hyphenated Queens numbers ("92-10"). In Canada a
 *   leading "104-2701" is unit 104 at number 2701 (Canada Post's unit-civic form).
 * - English types after the name (USPS Publication 28 and the British and Canadian
 *   ones), directionals before or after; French types before the name ("boul.", "ch.")
 *   with French compass points ("O" = Ouest = W); German types glued or apart
 *   ("Berlinerstr." = "Berliner Straße"), umlauts and their "ae/oe/ue" spellings alike.
 * - Units anywhere (unit.ts): after the street, before it, in their own part, after
 *   DIN 5008's "//", as floors ("2. OG links", "6th Fl") or as USPS word units ("Rear").
 * - Building names (Royal Mail's premises and sub-building names): "Albion House" is kept
 *   apart, so two flats 3 in two named buildings at one number stay two; a named house
 *   without a number ("Rose Cottage, Church Lane") is known by its name.
 */
export interface ParsedStreetLine {
  /** "123", "12a", "7-9", "7/1", "123 1/2"; null when the line has none. */
  streetNumber: string | null;
  /** Street name without its type, canonical: "n main", "hyde park", "linden", "fleury w", "str des 17 juni". */
  name: string;
  /** Canonical type: "st", "rd", "str" (Straße), "rue"; null when the line names none. */
  type: string | null;
  /** Name and type in the order the street is written: "n main st nw", "rue fleury w", "linden str". */
  street: string;
  unit: string | null;
  /** A building or house name given with the line ("albion house", "rose cottage"); null when none. */
  building: string | null;
  /** Comma-separated parts after the street (city, "IL 62701", "USA"), folded. */
  trailing: string[];
  /** The language the street is written in, as far as its words tell; null when they do not. */
  language: 'de' | 'nl' | 'fr' | 'en' | null;
  /** Whether the house number followed the street (continental order). */
  numberLast: boolean;
}

/** House numbers: "12", "12a", "12-14", "2455-b", "4-123" (Canadian unit-civic), "ph1-100", "7/1". */
const NUMBERISH = /^(?:\d+[a-z]?|[a-z]{0,2}\d+[a-z]?-\d+[a-z]?|\d+-[a-z]|\d+\/\d+)$/;
const CA_UNIT_PREFIX = /^([a-z]{0,2}\d+[a-z]?)-(\d+[a-z]?)$/;
const ORDINAL_NUMBER = /^(\d+)(?:st|nd|rd|th)$/;

export function parseStreetLine(line: string, country: string | null): ParsedStreetLine {
  // DIN 5008 writes the flat after "//": "Waldstraße 12 // 5", "Kernberg 17 // W 236".
  const [streetText = '', ...flatTexts] = line.split('//');
  const flatUnit = flatTexts.map((text) => unitOfSegment(text, { bareValue: true, flatMarker: true })).find((u) => u !== null) ?? null;
  const segments = mergeBareNumbers(splitSegments(streetText));

  const units: string[] = [];
  const names: string[] = [];
  let streetIndex = -1;
  for (let i = 0; i < segments.length && streetIndex === -1; i++) {
    const segment = segments[i]!;
    const unit = unitOfSegment(segment);
    if (unit !== null) {
      units.push(unit);
      continue;
    }
    if (!/\d/.test(segment)) {
      names.push(segment);
      continue;
    }
    // "3 Albion House, 12 King St": a numbered building before the numbered street.
    const later = segments.slice(i + 1).find((s) => /\d/.test(s) && unitOfSegment(s) === null);
    const building = later !== undefined && endsWithTypedStreet(later) ? numberedBuilding(segment) : null;
    if (building !== null) {
      if (building.unit !== null) units.push(building.unit);
      names.push(building.name);
      continue;
    }
    streetIndex = i;
  }
  // No number anywhere: "Rose Cottage, Church Lane" is a house name and a street.
  if (streetIndex === -1) {
    const typed = names.findIndex((n, i) => i > 0 && endsWithStreetType(n));
    streetIndex = typed === -1 ? segments.findIndex((s) => unitOfSegment(s) === null) : segments.indexOf(names[typed]!);
    names.splice(0, names.length, ...(typed === -1 ? [] : names.slice(0, typed)));
  }
  const building = names.length === 0 ? null : names[names.length - 1]!.split(/\s+/).join(' ');
  if (streetIndex === -1) {
    return { streetNumber: null, name: '', type: null, street: '', unit: flatUnit ?? units[0] ?? null, building, trailing: [], language: null, numberLast: false };
  }
  const rest = segments.slice(streetIndex + 1);
  const trailing: string[] = [];
  for (const segment of rest) {
    const unit = unitOfSegment(segment);
    if (unit !== null) units.push(unit);
    else trailing.push(segment);
  }
  const parsed = parseStreetSegment(tokenize(segments[streetIndex]!), country);
  const unit = flatUnit ?? pickUnit([...units, ...(parsed.unit === null ? [] : [parsed.unit])]);
  return { ...parsed, unit, building, trailing };
}

function splitSegments(text: string): string[] {
  return fold(text)
    // "16 - 20", "7 – 9": one range. Dashes were all made "-" by fold.
    .replace(/(\d+[a-z]?)\s*-\s*(\d+[a-z]?)\b/g, '$1-$2')
    .split(/[,;()]|\s\/\s/)
    .map((s) => s.trim().replace(/\s+/g, ' '))
    .filter((s) => s !== '');
}

/** "21, Kingswood Road": a part that is only a house number belongs to the street after it. */
function mergeBareNumbers(segments: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const next = segments[i + 1];
    if (NUMBERISH.test(segment) && next !== undefined && /^\p{L}/u.test(next) && unitOfSegment(next) === null) {
      out.push(`${segment} ${next}`);
      i++;
    } else {
      out.push(segment);
    }
  }
  return out;
}

/** Several unit parts ("Hinterhaus", "3. OG") read as one; a flat label wins over floors. */
function pickUnit(units: string[]): string | null {
  if (units.length <= 1) return units[0] ?? null;
  const label = units.find((u) => !/^(?:[a-z]{2})?f(?:\d+|b|dg|top)[lrm]?$/.test(u) && !/^(?:vh|hh|sf|qg|gh)$/.test(u));
  if (label !== undefined) return label;
  const part = units.find((u) => /^(?:vh|hh|sf|qg|gh)$/.test(u));
  const floor = units.find((u) => /^f/.test(u));
  return `${part ?? ''}${floor ?? ''}` || null;
}

function endsWithTypedStreet(segment: string): boolean {
  const tokens = tokenize(segment);
  return tokens.length >= 2 && NUMBERISH.test(tokens[0]!) && endsWithStreetType(tokens.slice(1).join(' '));
}

function endsWithStreetType(text: string): boolean {
  const tokens = text.split(' ');
  const last = tokens[tokens.length - 1] ?? '';
  return tokens.length >= 2 && EN_STREET_TYPES[last] !== undefined || splitGermanType([foldGermanDigraphs(last)]).type !== null;
}

/** "3 albion house" → flat 3 in "albion house"; null when the last word names no building. */
function numberedBuilding(segment: string): { unit: string | null; name: string } | null {
  const tokens = segment.split(' ');
  if (tokens.length < 2 || !BUILDING_WORDS.has(tokens[tokens.length - 1]!)) return null;
  const first = tokens[0]!;
  return isUnitValue(first) ? { unit: canonicalUnitValue(first), name: tokens.slice(1).join(' ') } : { unit: null, name: segment };
}

function tokenize(segment: string): string[] {
  return segment
    .replace(/#/g, ' # ')
    .split(/[^\p{L}\p{N}#\-/]+/u)
    // Hyphens join words ("Hans-Böckler-Str.") but belong to numbers ("12-14") and units ("A-101", "2/1").
    .flatMap((t) => (NUMBERISH.test(t) || (/[-/]/.test(t) && /\d/.test(t) && isUnitValue(t)) ? [t] : t.split(/[-/]+/)))
    .filter((t) => t !== '');
}

function parseStreetSegment(input: string[], country: string | null): Omit<ParsedStreetLine, 'trailing' | 'building'> {
  let tokens = input.filter((t) => !HOUSE_NUMBER_MARKERS.has(t));
  let unit: string | null = null;

  // Leading unit: "Flat 2 10 Hyde Park Road", "Apt 4 123 Main St", "#4 123 Main St".
  let lead = 0;
  while (lead < tokens.length && isUnitDesignator(tokens[lead]!)) lead++;
  if (lead > 0 && lead + 1 < tokens.length && isUnitValue(tokens[lead]!) && NUMBERISH.test(tokens[lead + 1]!) && tokens[0] !== 'no') {
    unit = canonicalUnitValue(tokens[lead]!);
    tokens = tokens.slice(lead + 1);
  } else if (tokens[0] === 'no' && tokens.length > 2 && NUMBERISH.test(tokens[1]!) && !NUMBERISH.test(tokens[2]!)) {
    // "No. 10 Downing Street": a house number, not a unit.
    tokens = tokens.slice(1);
  }

  // Trailing unit: "... St Apt 4", "... St #4", "Lindenstr. 12 Whg. 3", "... 5 HH 3 OG", "... St Rear".
  if (unit === null) {
    const tail = trailingUnit(tokens);
    if (tail !== null) {
      unit = tail.unit;
      tokens = tokens.slice(0, tail.start);
    }
  }

  const firstIsNumber = tokens[0] !== undefined && NUMBERISH.test(tokens[0]) && !tokens[0].includes('/');
  const numberLast = !firstIsNumber && lastNumber(tokens) !== null;
  let streetNumber: string | null = null;
  if (numberLast) {
    const last = lastNumber(tokens)!;
    streetNumber = canonicalNumber(last.number);
    tokens = tokens.slice(0, last.start);
  } else if (firstIsNumber) {
    const first = tokens[0]!;
    const second = tokens[1];
    tokens = tokens.slice(1);
    if (second !== undefined && /^\d+\/\d+$/.test(second)) {
      streetNumber = `${canonicalNumber(first)} ${second}`;
      tokens = tokens.slice(1);
    } else {
      const prefixed = country === 'CA' ? CA_UNIT_PREFIX.exec(first) : null;
      if (prefixed !== null) {
        streetNumber = canonicalNumber(prefixed[2]!);
        unit ??= canonicalUnitValue(prefixed[1]!);
      } else {
        streetNumber = canonicalNumber(first);
      }
    }
    // A bare value right after the street type is a unit: "123 Main St 4B" (not "Highway 7").
    if (unit === null && tokens.length >= 3) {
      const tail = tokens[tokens.length - 1]!;
      const type = EN_STREET_TYPES[tokens[tokens.length - 2]!];
      if (type !== undefined && !NUMBERED_ROUTE_TYPES.has(type) && isUnitValue(tail) && DIRECTIONALS[tail] === undefined) {
        unit = canonicalUnitValue(tail);
        tokens = tokens.slice(0, -1);
      }
    }
  }

  const words = tokens.filter((t) => t !== '#');
  const language = languageOf(words, country, numberLast);
  const street = language === 'de' || language === 'nl' || (language === null && numberLast) ? continentalStreet(words)
    : language === 'fr' ? frenchStreet(words)
      : englishStreet(words);
  return { streetNumber, ...street, unit, language, numberLast };
}

/** Where a unit expression at the end of the street tokens starts, and the unit; null when none. */
function trailingUnit(tokens: string[]): { start: number; unit: string } | null {
  for (let start = 1; start < tokens.length; start++) {
    const first = tokens[start]!;
    const before = tokens[start - 1]!;
    // USPS word units ("Rear", "Upper") end a street only after its type or number.
    if (WORD_UNITS[first] !== undefined && !isUnitDesignator(first)
      && EN_STREET_TYPES[before] === undefined && !NUMBERISH.test(before) && DIRECTIONALS[before] === undefined) continue;
    const unit = parseUnitTokens(tokens.slice(start), { tenement: false });
    if (unit === null) continue;
    // Something must be left for the street: at least one word and, for a number-last line, its number.
    const left = tokens.slice(0, start);
    if (left.some((t) => /\p{L}/u.test(t) && !NUMBERISH.test(t))) return { start, unit };
  }
  return null;
}

/** The number at the end: "12", "12a", "7-9", "7/1", or "19 a" (DIN 5008 writes the letter apart). */
function lastNumber(tokens: string[]): { number: string; start: number } | null {
  const n = tokens.length;
  if (n >= 3 && /^\d+$/.test(tokens[n - 2]!) && /^[a-z]$/.test(tokens[n - 1]!)) return { number: tokens[n - 2]! + tokens[n - 1]!, start: n - 2 };
  if (n >= 2 && NUMBERISH.test(tokens[n - 1]!)) return { number: tokens[n - 1]!, start: n - 1 };
  return null;
}

/** Leading zeros dropped; "2455-b" → "2455b"; "56/58" (DIN 5008 compound) → "56-58"; "7/1" (a sub-number) kept. */
function canonicalNumber(token: string): string {
  const suffix = /^(\d+)-([a-z])$/.exec(token);
  if (suffix !== null) return `${stripLeadingZeros(suffix[1]!)}${suffix[2]}`;
  const slash = /^(\d+)\/(\d+)$/.exec(token);
  if (slash !== null) {
    const [a, b] = [Number(slash[1]), Number(slash[2])];
    return b > a ? `${a}-${b}` : `${a}/${b}`;
  }
  return token.split('-').map(stripLeadingZeros).join('-');
}

function languageOf(words: string[], country: string | null, numberLast: boolean): ParsedStreetLine['language'] {
  const last = words[words.length - 1];
  if (last === undefined) return null;
  // "boul. René-Lévesque Est": a French type first and a compass point (or no English type) last.
  const frenchEnd = FR_DIRECTIONALS[last] !== undefined || EN_STREET_TYPES[last] === undefined;
  if (words.length >= 2 && FR_STREET_TYPES[words[0]!] !== undefined && !numberLast && frenchEnd) return 'fr';
  if (EN_STREET_TYPES[last] !== undefined && !numberLast) return 'en';
  if (splitGermanType(words.map(foldGermanDigraphs)).type !== null) return 'de';
  if (NL_STREET_SUFFIXES.some((suffix) => last.endsWith(suffix))) return 'nl';
  if (country !== null && GERMAN_SPEAKING.has(country)) return 'de';
  if (country !== null && DUTCH_SPEAKING.has(country)) return 'nl';
  return numberLast ? null : 'en';
}

/** "n main st" from "North Main Street"; "main st nw"; "1 ave" from "First Avenue". */
interface Street { name: string; type: string | null; street: string }

function englishStreet(input: string[]): Street {
  const tokens = joinMc(input);
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
  // A directional with no street type after it ends the name too: "4411 Stone Way N".
  if (post === null && tokens.length >= 2 && DIRECTIONALS[tokens[tokens.length - 1]!] !== undefined && type === null) {
    post = DIRECTIONALS[tokens.pop()!]!;
  }
  let pre: string | null = null;
  if (tokens.length >= 2 && DIRECTIONALS[tokens[0]!] !== undefined) pre = DIRECTIONALS[tokens.shift()!]!;
  let name = tokens.map(canonicalNameWord);
  // "The Crescent", "The Parade": the type is the name.
  if (type !== null && (name.length === 0 || (name.length === 1 && name[0] === 'the'))) {
    name = [...name, type];
    type = null;
  }
  const words = (...parts: (string | null)[]) => parts.filter((p): p is string => p !== null).join(' ');
  return { name: words(pre, ...name, post), type, street: words(pre, ...name, type, post) };
}

/** "rue fleury w" from "225 rue Fleury Ouest"; "blvd rene levesque e" from "boul. René-Lévesque E". */
function frenchStreet(input: string[]): Street {
  const tokens = [...input];
  const type = FR_STREET_TYPES[tokens.shift()!]!;
  let post: string | null = null;
  const last = tokens[tokens.length - 1];
  if (tokens.length >= 2 && last !== undefined && (FR_DIRECTIONALS[last] !== undefined || DIRECTIONALS[last] !== undefined)) {
    post = FR_DIRECTIONALS[last] ?? DIRECTIONALS[last]!;
    tokens.pop();
  }
  const name = [...tokens.map(canonicalNameWord), ...(post === null ? [] : [post])].join(' ');
  return { name, type, street: `${type} ${name}` };
}

/** "linden" + "str" from "Lindenstraße", "Linden Straße", "Lindenstr.", "Linden-Str."; umlaut spellings agree. */
function continentalStreet(input: string[]): Street {
  const tokens = input.map(foldGermanDigraphs).map((t) => DE_NAME_ABBREVIATIONS[t] ?? DE_STREET_TYPES[t] ?? t);
  const { stem, type } = splitGermanType(tokens);
  return { name: stem.join(' '), type, street: [...stem, ...(type === null ? [] : [type])].join(' ') };
}

function splitGermanType(tokens: string[]): { stem: string[]; type: string | null } {
  const last = tokens[tokens.length - 1];
  if (last === undefined) return { stem: tokens, type: null };
  const direct = DE_STREET_TYPES[last] ?? (Object.values(DE_STREET_TYPES).includes(last) ? last : undefined);
  if (direct !== undefined && tokens.length >= 2) return { stem: tokens.slice(0, -1), type: direct };
  for (const suffix of DE_COMPOUND_SUFFIXES) {
    if (last.endsWith(suffix) && last.length - suffix.length >= 3) {
      return { stem: [...tokens.slice(0, -1), last.slice(0, -suffix.length)], type: DE_STREET_TYPES[suffix]! };
    }
  }
  return { stem: tokens, type: null };
}

function canonicalNameWord(word: string): string {
  const ordinal = ORDINAL_NUMBER.exec(word);
  if (ordinal !== null) return ordinal[1]!;
  // Numbered routes keep their type inside the name: "US Highway 431" = "US Hwy 431".
  const route = EN_STREET_TYPES[word];
  if (route !== undefined && NUMBERED_ROUTE_TYPES.has(route)) return route;
  return NAME_ABBREVIATIONS[word] ?? word;
}

/** "mc carroll" → "mccarroll": the prefix is written apart or joined. */
function joinMc(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if ((tokens[i] === 'mc' || tokens[i] === 'mac') && i + 1 < tokens.length && /^\p{L}+$/u.test(tokens[i + 1]!) && i + 2 < tokens.length) {
      out.push(`${tokens[i]}${tokens[i + 1]}`);
      i++;
    } else {
      out.push(tokens[i]!);
    }
  }
  return out;
}
