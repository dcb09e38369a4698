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

/** "123 Main Street" / "123 N. Main St." / "Lindenstraße 12" depending on style. */
export function streetLine(unit: PhysicalUnit, style: { short: boolean; dot?: boolean; upper?: boolean }): string {
  const type = style.short ? (SHORT_TYPES[unit.streetType] ?? unit.streetType) + (style.dot && unit.country !== 'DE' ? '.' : '') : unit.streetType;
  let line: string;
  if (unit.country === 'DE') {
    line = `${unit.streetName}${type} ${unit.streetNumber}`;
  } else {
    const dir = unit.directional === null ? '' : `${style.short ? SHORT_DIRECTIONALS[unit.directional] + (style.dot ? '.' : '') : unit.directional} `;
    line = `${unit.streetNumber} ${dir}${unit.streetName} ${type}`;
  }
  return style.upper ? line.toUpperCase() : line;
}

/** Rent roll: long street names, unit number in its own field. */
export function rentrollAddress(unit: PhysicalUnit) {
  return {
    streetAddress: streetLine(unit, { short: false }),
    unitNumber: unit.unit ?? '',
    city: unit.city,
    state: unit.region ?? '',
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

/** StuRents: split into property name ("Flat 2"), number and road name. */
export function sturentsAddress(unit: PhysicalUnit) {
  const v = variant(unit, 'sturents', 3);
  return {
    property_name: unit.unit === null ? '' : v === 2 ? `Flat ${unit.unit}` : `Flat ${unit.unit}`,
    property_number: unit.streetNumber,
    road_name: `${unit.streetName} ${v === 1 ? SHORT_TYPES[unit.streetType] ?? unit.streetType : unit.streetType}`,
    city: unit.city,
    postcode: v === 2 ? unit.postalCode.replace(' ', '').toLowerCase() : unit.postalCode,
  };
}

/** deep.rent: one address line; German units "Lindenstr. 12, Whg. 3", others "10 Road, Flat 2". */
export function deeprentAddress(unit: PhysicalUnit) {
  const v = variant(unit, 'deeprent', 2);
  let line = streetLine(unit, { short: v === 1 });
  if (unit.unit !== null) {
    const designator = unit.country === 'DE' ? 'Whg.' : unit.country === 'GB' ? 'Flat' : v === 0 ? 'Apt' : 'Unit';
    line = unit.country === 'GB' && v === 1 ? `${designator} ${unit.unit}, ${line}` : `${line}, ${designator} ${unit.unit}`;
  }
  return {
    addressLine1: line,
    city: unit.city,
    postalCode: unit.postalCode,
    country: COUNTRY_NAMES[unit.country],
    countryCode: unit.country,
  };
}
