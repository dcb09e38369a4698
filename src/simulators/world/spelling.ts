import { hashString } from './random.js';
import { COUNTRY_NAMES } from './places.js';
import type { PhysicalUnit } from './world.js';

/**
 * How each vendor writes a unit's address. Real vendors disagree on abbreviations,
 * unit designators, punctuation and case; the variant a vendor uses for a unit is
 * fixed by the unit's key, so it is stable across runs and processes.
 */

const SHORT_TYPES: Record<string, string> = {
  Street: 'St', Avenue: 'Ave', Road: 'Rd', Boulevard: 'Blvd', Drive: 'Dr', Lane: 'Ln',
  Court: 'Ct', Place: 'Pl', Crescent: 'Cres', Terrace: 'Ter', Grove: 'Gr',
  'straße': 'str.', weg: 'weg', allee: 'allee', platz: 'pl.',
};
const SHORT_DIRECTIONALS: Record<string, string> = { North: 'N', South: 'S', East: 'E', West: 'W' };

function variant(unit: PhysicalUnit, vendor: string, choices: number): number {
  return hashString(`${unit.key}:${vendor}`) % choices;
}

/**
 * German systems that only know ASCII write umlauts as two letters ("Müllerstraße" →
 * "Muellerstrasse", "München" → "Muenchen"), the way German users type them.
 */
export function asciiGerman(text: string): string {
  return text.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue').replace(/ß/g, 'ss');
}

/**
 * "123 Main Street" / "123 N. Main St." / "Lindenstraße 12" depending on style. German
 * names with a word before the type are written apart ("Berliner Straße"), others joined
 * ("Lindenstraße"); `germanNumber: 'din'` writes a letter after a space ("12 a", DIN 5008).
 */
export function streetLine(unit: PhysicalUnit, style: { short: boolean; dot?: boolean; upper?: boolean; ascii?: boolean; germanNumber?: 'din' }): string {
  const type = style.short ? (SHORT_TYPES[unit.streetType] ?? unit.streetType) + (style.dot && unit.country !== 'DE' ? '.' : '') : unit.streetType;
  let line: string;
  if (unit.country === 'DE') {
    const apart = unit.streetName.endsWith('er') && /^[A-ZÄÖÜ]/.test(unit.streetName) && unit.streetName !== 'Müller';
    const name = apart ? `${unit.streetName} ${type.charAt(0).toUpperCase()}${type.slice(1)}` : `${unit.streetName}${type}`;
    const number = style.germanNumber === 'din' ? unit.streetNumber.replace(/^(\d+)([a-z])$/, '$1 $2') : unit.streetNumber;
    line = `${name} ${number}`;
    if (style.ascii === true) line = asciiGerman(line);
  } else {
    const dir = unit.directional === null ? '' : `${style.short ? SHORT_DIRECTIONALS[unit.directional] + (style.dot ? '.' : '') : unit.directional} `;
    line = `${unit.streetNumber} ${dir}${unit.streetName} ${type}`;
  }
  return style.upper ? line.toUpperCase() : line;
}

/**
 * Rent roll: long street names, unit number in its own field. It has no country field;
 * a mixed portfolio's British units carry their building name and "Flat" in the line or
 * the field, its German ones are written by a German system: umlauts or their ASCII
 * spelling, "Whg." or "WE" (Wohneinheit) for the flat, the Land or nothing as the state.
 */
export function rentrollAddress(unit: PhysicalUnit) {
  const v = variant(unit, 'rentroll', 3);
  let streetAddress = streetLine(unit, { short: false });
  let unitNumber = unit.unit ?? '';
  let city = unit.city;
  let state = unit.region ?? '';
  if (unit.country === 'DE') {
    streetAddress = streetLine(unit, { short: v === 2, ascii: v === 1 });
    if (unit.unit !== null) unitNumber = [unit.unit, `Whg. ${unit.unit}`, `WE ${unit.unit}`][v]!;
    if (v === 1) city = asciiGerman(city);
    if (v === 2) state = '';
  } else if (unit.country === 'GB') {
    streetAddress = unit.building !== null && v !== 0 ? `${unit.building}, ${streetAddress}` : streetAddress;
    if (unit.unit !== null && v !== 2) unitNumber = `Flat ${unit.unit}`;
    if (v === 1) state = '';
  }
  return {
    streetAddress,
    unitNumber,
    city,
    state,
    zip: variant(unit, 'rentroll-zip', 5) === 0 && unit.country === 'US' ? `${unit.postalCode}-${String(hashString(unit.key) % 9000 + 1000)}` : unit.postalCode,
  };
}

/** RentEngine: Google-style object with a short street name and a formatted line. */
export function rentengineAddress(unit: PhysicalUnit) {
  const streetName = streetLine(unit, { short: true }).replace(/^\S+\s/, '');
  const unitPart = unit.unit === null ? '' : `${['Apt ', 'Unit ', '#'][variant(unit, 'rentengine', 3)]}${unit.unit}`;
  const formatted = [`${unit.streetNumber} ${streetName}${unitPart ? ` ${unitPart}` : ''}`, unit.city, `${unit.region ?? ''} ${unit.postalCode}`.trim(), 'USA'].join(', ');
  return {
    formatted_address: formatted,
    street_number: unit.streetNumber,
    street_name: streetName,
    unit: unit.unit === null ? null : unitPart,
    city: unit.city,
    state: unit.region ?? '',
    zip_code: unit.postalCode,
    country: COUNTRY_NAMES[unit.country],
  };
}

/** Leasey: free-text street line (varied), suite number with or without "#". */
export function leaseyAddress(unit: PhysicalUnit) {
  const v = variant(unit, 'leasey', 4);
  const line = streetLine(unit, { short: v !== 0, dot: v === 2, upper: v === 3 });
  const suite = unit.unit === null ? '' : v % 2 === 0 ? unit.unit : `#${unit.unit}`;
  return {
    Unit_Address: line,
    Suite_Number: suite,
    City: v === 3 ? unit.city.toUpperCase() : unit.city,
    Province_State: unit.region ?? '',
    Postal_Code: unit.country === 'CA' && v === 1 ? unit.postalCode.replace(' ', '') : unit.postalCode,
    Country: COUNTRY_NAMES[unit.country],
  };
}

/** StuRents: split into property name ("Flat 2", "Flat 2, Albion House"), number and road name. */
export function sturentsAddress(unit: PhysicalUnit) {
  const v = variant(unit, 'sturents', 3);
  return {
    property_name: unit.unit === null ? '' : unit.building !== null && v === 0 ? `Flat ${unit.unit}, ${unit.building}` : `Flat ${unit.unit}`,
    property_number: unit.streetNumber,
    road_name: `${unit.streetName} ${v === 1 ? SHORT_TYPES[unit.streetType] ?? unit.streetType : unit.streetType}`,
    city: unit.city,
    postcode: v === 2 ? unit.postalCode.replace(' ', '').toLowerCase() : unit.postalCode,
  };
}

/**
 * deep.rent: one address line; German units "Lindenstr. 12, Whg. 3" or DIN 5008's
 * "Lindenstraße 12 a // 3", British ones "Flat 2, Albion House, 10 Hyde Park Road" or
 * "10 Hyde Park Road, Flat 2", others "12 Main St, Apt 4".
 */
export function deeprentAddress(unit: PhysicalUnit) {
  const v = variant(unit, 'deeprent', 2);
  let line = streetLine(unit, { short: v === 1, ...(v === 0 && { germanNumber: 'din' as const }) });
  if (unit.country === 'GB' && unit.building !== null) line = `${unit.building}, ${line}`;
  if (unit.unit !== null) {
    if (unit.country === 'DE') line = v === 0 ? `${line} // ${unit.unit}` : `${line}, Whg. ${unit.unit}`;
    else if (unit.country === 'GB') line = v === 1 ? `Flat ${unit.unit}, ${line}` : `${line}, Flat ${unit.unit}`;
    else line = `${line}, ${v === 0 ? 'Apt' : 'Unit'} ${unit.unit}`;
  }
  return {
    addressLine1: line,
    city: unit.city,
    postalCode: unit.postalCode,
    country: COUNTRY_NAMES[unit.country],
    countryCode: unit.country,
  };
}
