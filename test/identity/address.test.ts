import { describe, expect, it } from 'vitest';
import { normalizeAddress, type AddressInput, type CountryEvidence, type NormalizedAddress } from '../../src/identity/index.js';

type Row = [string, AddressInput, Partial<NormalizedAddress>];
const stated = (code: string): CountryEvidence => ({ code, source: 'stated' });
const inferred = (code: string): CountryEvidence => ({ code, source: 'inferred' });

const us: Row[] = [
  ['US: long street type', { line1: '123 Main Street', country: 'US' }, { streetNumber: '123', street: 'main st', unit: null }],
  ['US: short type with a dot', { line1: '123 Main St.', country: 'US' }, { street: 'main st' }],
  ['US: Apt in the line', { line1: '123 Main St Apt 4', country: 'US' }, { street: 'main st', unit: '4' }],
  ['US: hash in the line', { line1: '123 Main Street #4', country: 'US' }, { street: 'main st', unit: '4' }],
  ['US: hash with a space', { line1: '123 Main St # 4', country: 'US' }, { unit: '4' }],
  ['US: Apt. with hash', { line1: '123 Main St, Apt. #4', country: 'US' }, { street: 'main st', unit: '4' }],
  ['US: Unit in the line', { line1: '123 Main St Unit 4', country: 'US' }, { unit: '4' }],
  ['US: Suite in the line', { line1: '123 Main St Suite 4', country: 'US' }, { unit: '4' }],
  ['US: Ste in the line', { line1: '500 Oak Blvd Ste 210', country: 'US' }, { street: 'oak blvd', unit: '210' }],
  ['US: Apartment spelled out', { line1: '9 Elm Dr Apartment 12', country: 'US' }, { street: 'elm dr', unit: '12' }],
  ['US: unit A101 in its field', { line1: '77 Cedar Ave', unitNumber: 'A101', country: 'US' }, { unit: 'a101' }],
  ['US: unit #A101 in its field', { line1: '77 Cedar Ave', unitNumber: '#A101', country: 'US' }, { unit: 'a101' }],
  ['US: unit Apt. A101 in its field', { line1: '77 Cedar Ave', unitNumber: 'Apt. A101', country: 'US' }, { unit: 'a101' }],
  ['US: unit A-101 with a hyphen', { line1: '77 Cedar Ave Apt A-101', country: 'US' }, { unit: 'a101' }],
  ['US: unit with a leading zero', { line1: '77 Cedar Ave', unitNumber: '04', country: 'US' }, { unit: '4' }],
  ['US: empty unit field', { line1: '77 Cedar Ave', unitNumber: '', country: 'US' }, { unit: null }],
  ['US: N/A unit field', { line1: '77 Cedar Ave', unitNumber: 'N/A', country: 'US' }, { unit: null }],
  ['US: bare unit after the type', { line1: '123 Main St 4B', country: 'US' }, { street: 'main st', unit: '4b' }],
  ['US: N. directional', { line1: '123 N. Main St', country: 'US' }, { street: 'n main st' }],
  ['US: North directional', { line1: '123 North Main Street', country: 'US' }, { street: 'n main st' }],
  ['US: post-directional NW', { line1: '1600 Pennsylvania Ave NW', country: 'US' }, { street: 'pennsylvania ave nw' }],
  ['US: dotted post-directional', { line1: '1600 PENNSYLVANIA AVE. N.W.', country: 'US' }, { street: 'pennsylvania ave nw' }],
  ['US: North as the name, not a directional', { line1: '12 North St', country: 'US' }, { street: 'north st' }],
  ['US: lettered street E', { line1: '40 E St', country: 'US' }, { street: 'e st' }],
  ['US: ordinal word', { line1: '350 Fifth Avenue', country: 'US' }, { street: '5 ave' }],
  ['US: ordinal without its suffix', { line1: '30 W 26 St', country: 'US' }, { street: 'w 26 st', streetName: 'w 26' }],
  ['US: floor after the street', { line1: '30 W 26th St 6th Fl', country: 'US' }, { street: 'w 26 st', unit: 'f6' }],
  ['US: word unit after the type', { line1: '45 Elm St Rear', country: 'US' }, { street: 'elm st', unit: 'rear' }],
  ['US: penthouse with a number', { line1: '200 E 57th St PH 2', country: 'US' }, { unit: 'ph2' }],
  ['US: Queens hyphenated number', { line1: '92-10 Roosevelt Ave', country: 'US' }, { streetNumber: '92-10', unit: null }],
  ['US: lettered house number with a hyphen', { line1: '2455-B W Bench Rd', country: 'US' }, { streetNumber: '2455b', street: 'w bench rd' }],
  ['US: Boulevard', { line1: '8 Sunset Boulevard', country: 'US' }, { street: 'sunset blvd' }],
  ['US: Lane, Court, Place, Drive', { line1: '1 Park Lane', country: 'US' }, { street: 'park ln' }],
  ['US: Court', { line1: '2 Ridge Court', country: 'US' }, { street: 'ridge ct' }],
  ['US: Place', { line1: '3 Lake Place', country: 'US' }, { street: 'lake pl' }],
  ['US: Parkway (USPS variant Pkwy)', { line1: '4 Hill Pkwy', country: 'US' }, { street: 'hill pkwy' }],
  ['US: type word inside the name is kept', { line1: '10 Park Avenue', country: 'US' }, { street: 'park ave' }],
  ['US: upper case', { line1: '123 MAIN STREET APT 4', city: 'SPRINGFIELD', country: 'US' }, { street: 'main st', unit: '4', city: 'springfield' }],
  ['US: ZIP+4 dropped to five digits', { line1: '1 Main St', postalCode: '62701-1234', country: 'US' }, { postalCode: '62701' }],
  ['US: nine-digit ZIP without hyphen', { line1: '1 Main St', postalCode: '627011234', country: 'US' }, { postalCode: '62701' }],
  ['US: ZIP that lost its leading zero', { line1: '1 Beacon St', postalCode: '2108', country: 'US' }, { postalCode: '02108' }],
  ['US: half number', { line1: '123 1/2 Main St', country: 'US' }, { streetNumber: '123 1/2', street: 'main st' }],
  ['US: country from ZIP+4', { line1: '1 Main St', postalCode: '62701-1234' }, { country: inferred('US') }],
  ['US: country from the state', { line1: '1 Main', postalCode: '62701', region: 'IL' }, { country: inferred('US'), region: 'il' }],
  ['US: state name to its code', { line1: '1 Main St', region: 'Illinois', country: 'USA' }, { region: 'il' }],
  ['US: country from an English street type beside five digits', { line1: '1 Main St', postalCode: '62701' }, { country: inferred('US') }],
  ['US: whole formatted address', { line1: '123 Main St Apt 4, Springfield, IL 62701, USA' },
    { country: stated('US'), streetNumber: '123', street: 'main st', unit: '4', city: 'springfield', region: 'il', postalCode: '62701' }],
  ['US: Saint city', { line1: '1 Main St', city: 'St. Louis', country: 'US' }, { city: 'st louis' }],
  ['US: Saint spelled out city', { line1: '1 Main St', city: 'Saint Louis', country: 'US' }, { city: 'st louis' }],
];

const ca: Row[] = [
  ['CA: postal code with a space', { line1: '200 Bay St', postalCode: 'M5J 2J2', country: 'Canada' }, { country: stated('CA'), postalCode: 'M5J2J2' }],
  ['CA: postal code without a space', { line1: '200 Bay St', postalCode: 'M5J2J2', country: 'CA' }, { postalCode: 'M5J2J2' }],
  ['CA: postal code in lower case', { line1: '200 Bay St', postalCode: 'm5j 2j2', country: 'CA' }, { postalCode: 'M5J2J2' }],
  ['CA: country from the postal code', { line1: '200 Bay St', postalCode: 'M5J 2J2' }, { country: inferred('CA') }],
  ['CA: unit-number prefix', { line1: '1203-456 Queen St W', country: 'CA' }, { streetNumber: '456', street: 'queen st w', unit: '1203' }],
  ['CA: unit-number prefix on a rent roll without a country', { line1: '104-2701 23rd Ave', region: 'SK', postalCode: 'S4S 1E5' }, { streetNumber: '2701', street: '23 ave', unit: '104' }],
  ['CA: French street with a French compass point', { line1: '225 Rue Fleury O', country: 'CA' }, { street: 'rue fleury w', streetType: 'rue' }],
  ['CA: French type abbreviated', { line1: '1234 boul. René-Lévesque Est', country: 'CA' }, { street: 'blvd rene levesque e' }],
  ['CA: French unit designator', { line1: '300 rue St-Paul, app 12', country: 'CA' }, { street: 'rue st paul', unit: '12' }],
  ['CA: Crescent', { line1: '15 Maple Crescent', country: 'CA' }, { street: 'maple cres' }],
  ['CA: Cres', { line1: '15 Maple Cres', country: 'CA' }, { street: 'maple cres' }],
  ['CA: West spelled out after the type', { line1: '456 Queen Street West', country: 'CA' }, { street: 'queen st w' }],
  ['CA: province name to its code', { line1: '1 King St', region: 'Ontario', country: 'CA' }, { region: 'on' }],
  ['CA: accented city', { line1: '1 Rue Principale', city: 'Montréal', country: 'CA' }, { city: 'montreal' }],
  ['CA: Highway number stays in the street', { line1: '2500 Highway 7', country: 'CA' }, { street: 'hwy 7', unit: null }],
];

const gb: Row[] = [
  ['GB: flat before the street', { line1: 'Flat 2, 10 Hyde Park Road', country: 'United Kingdom' },
    { country: stated('GB'), streetNumber: '10', street: 'hyde park rd', unit: '2' }],
  ['GB: flat after the street', { line1: '10 Hyde Park Rd, Flat 2', country: 'UK' }, { streetNumber: '10', street: 'hyde park rd', unit: '2' }],
  ['GB: flat before the street without a comma', { line1: 'Flat 2 10 Hyde Park Road', country: 'GB' }, { streetNumber: '10', street: 'hyde park rd', unit: '2' }],
  ['GB: flat in its own field', { line1: '10 Hyde Park Road', unitNumber: 'Flat 2', country: 'GB' }, { unit: '2' }],
  ['GB: lettered flat', { line1: 'Flat B, 7 Brudenell Grove', country: 'GB' }, { street: 'brudenell grv', unit: 'b' }],
  ['GB: Gr for Grove', { line1: '7 Brudenell Gr', country: 'GB' }, { street: 'brudenell grv' }],
  ['GB: Terrace', { line1: '3 Oxford Terrace', country: 'GB' }, { street: 'oxford ter' }],
  ['GB: Ter', { line1: '3 Oxford Ter', country: 'GB' }, { street: 'oxford ter' }],
  ['GB: flat named by floor', { line1: 'Ground Floor Flat, 22 Cardigan Road', country: 'GB' }, { street: 'cardigan rd', unit: 'f0' }],
  ['GB: floor flat in its field', { line1: '22 Cardigan Road', unitNumber: 'Ground Floor Flat', country: 'GB' }, { unit: 'f0' }],
  ['GB: building name and flat before the number', { line1: 'Flat 3, Albion House, 12 King St', country: 'GB' }, { streetNumber: '12', street: 'king st', unit: '3', building: 'albion house' }],
  ['GB: flat number before a building name', { line1: '3 Albion House, 12 King Street', country: 'GB' }, { streetNumber: '12', unit: '3', building: 'albion house' }],
  ['GB: house name without a number', { line1: 'Rose Cottage, Church Lane', country: 'GB' }, { streetNumber: null, street: 'church ln', building: 'rose cottage' }],
  ['GB: Edinburgh tenement flat', { line1: 'GF2, 18 Rosebank Terrace', country: 'GB' }, { streetNumber: '18', unit: '0f2' }],
  ['GB: Glasgow flat position', { line1: '15 Byres Road', unitNumber: 'Flat 2/1', country: 'GB' }, { unit: '2f1' }],
  ['GB: comma after the house number', { line1: '21, Kingswood Road', country: 'GB' }, { streetNumber: '21', street: 'kingswood rd' }],
  ['GB: number range', { line1: 'Flat 14, Ziggurat Building, 60-66 Saffron Hill', country: 'GB' }, { streetNumber: '60-66', unit: '14' }],
  ['GB: No. before the house number', { line1: 'No. 10 Downing Street', country: 'GB' }, { streetNumber: '10', street: 'downing st', unit: null }],
  ['GB: Saint with an apostrophe', { line1: "12 St. John's Road", country: 'GB' }, { street: 'st johns rd' }],
  ['GB: building name before the street', { line1: 'The Old Mill, 4 Mill Lane', country: 'GB' }, { streetNumber: '4', street: 'mill ln' }],
  ['GB: postcode with a space', { line1: '1 Ash Lane', postalCode: 'LS6 1AB', country: 'GB' }, { postalCode: 'LS61AB' }],
  ['GB: postcode lower case without a space', { line1: '1 Ash Lane', postalCode: 'ls61ab', country: 'GB' }, { postalCode: 'LS61AB' }],
  ['GB: London postcode', { line1: '10 Downing St', postalCode: 'sw1a 2aa', country: 'GB' }, { postalCode: 'SW1A2AA' }],
  ['GB: country from the postcode', { line1: '1 Ash Lane', postalCode: 'M14 5RT' }, { country: inferred('GB') }],
  ['GB: England names the country', { line1: '1 Ash Lane', country: 'England' }, { country: stated('GB') }],
  ['GB: house number with a letter', { line1: '12a Victoria Road', country: 'GB' }, { streetNumber: '12a', street: 'victoria rd' }],
];

const de: Row[] = [
  ['DE: number after the street', { line1: 'Lindenstraße 12', country: 'DE' }, { streetNumber: '12', street: 'linden str', unit: null }],
  ['DE: Str. abbreviation', { line1: 'Lindenstr. 12', country: 'DE' }, { streetNumber: '12', street: 'linden str' }],
  ['DE: separate Straße', { line1: 'Linden Straße 12', country: 'DE' }, { street: 'linden str' }],
  ['DE: Strasse without ß', { line1: 'Lindenstrasse 12', country: 'DE' }, { street: 'linden str' }],
  ['DE: hyphenated Straße', { line1: 'Linden-Straße 12', country: 'DE' }, { street: 'linden str' }],
  ['DE: no space before the number', { line1: 'Lindenstr.12', country: 'DE' }, { streetNumber: '12', street: 'linden str' }],
  ['DE: Whg. after a comma', { line1: 'Lindenstraße 12, Whg. 3', country: 'DE' }, { streetNumber: '12', street: 'linden str', unit: '3' }],
  ['DE: Wohnung without a comma', { line1: 'Lindenstr. 12 Wohnung 3', country: 'DE' }, { streetNumber: '12', street: 'linden str', unit: '3' }],
  ['DE: Weg', { line1: 'Rosenweg 3', country: 'DE' }, { street: 'rosen weg' }],
  ['DE: Allee', { line1: 'Kastanienallee 7', country: 'DE' }, { street: 'kastanien allee' }],
  ['DE: Platz', { line1: 'Schillerplatz 2', country: 'DE' }, { street: 'schiller pl' }],
  ['DE: Pl.', { line1: 'Schillerpl. 2', country: 'DE' }, { street: 'schiller pl' }],
  ['DE: number with a separate letter', { line1: 'Hans Böckler Straße 5 a', country: 'DE' }, { streetNumber: '5a', street: 'hans bockler str' }],
  ['DE: hyphenated name', { line1: 'Hans-Böckler-Str. 5a', country: 'DE' }, { streetNumber: '5a', street: 'hans bockler str' }],
  ['DE: umlaut and ue agree', { line1: 'Muellerstrasse 5', country: 'DE' }, { street: 'muller str' }],
  ['DE: Nr. before the number', { line1: 'Lindenstraße Nr. 12', country: 'DE' }, { streetNumber: '12', street: 'linden str' }],
  ['DE: street without a type', { line1: 'Am Markt 4', country: 'DE' }, { streetNumber: '4', street: 'am markt' }],
  ['DE: city with umlaut', { line1: 'Lindenstraße 12', city: 'München', country: 'DE' }, { city: 'munchen' }],
  ['DE: city with ue', { line1: 'Lindenstraße 12', city: 'MUENCHEN', country: 'DE' }, { city: 'munchen' }],
  ['DE: Deutschland names the country', { line1: 'Lindenstraße 12', country: 'Deutschland' }, { country: stated('DE') }],
  ['DE: DIN 5008 flat number after //', { line1: 'Waldstraße 12 // 5', country: 'DE' }, { streetNumber: '12', unit: '5' }],
  ['DE: DIN 5008 compound number', { line1: 'Hochstraße 56/58', country: 'DE' }, { streetNumber: '56-58', unit: null }],
  ['DE: sub-number kept apart from the number', { line1: 'Hauptstraße 7/1', country: 'DE' }, { streetNumber: '7/1' }],
  ['DE: range with spaces around a dash', { line1: 'Süderstraße 16 – 20', country: 'DE' }, { streetNumber: '16-20', street: 'suder str' }],
  ['DE: floor and side', { line1: 'Lindenstr. 5, 2. OG links', country: 'DE' }, { streetNumber: '5', unit: 'f2l' }],
  ['DE: courtyard building and floor in the line', { line1: 'Lindenstraße 5 HH 3.OG', country: 'DE' }, { streetNumber: '5', unit: 'hhf3' }],
  ['DE: street name holding a number', { line1: 'Straße des 17. Juni 135', country: 'DE' }, { streetNumber: '135', street: 'str des 17 juni' }],
  ['DE: Gr. for Große', { line1: 'Gr. Bergstr. 5', country: 'DE' }, { street: 'gross berg str' }],
  ['DE: number before a German street', { line1: '12 Lindenstraße', postalCode: '10115' }, { streetNumber: '12', street: 'linden str', country: inferred('DE') }],
  ['DE: country from the street\'s language beside five digits', { line1: 'Lindenstr. 12', postalCode: '10115' }, { country: inferred('DE'), postalCode: '10115' }],
  ['DE: country from the Land', { line1: 'Am Markt 4', postalCode: '80331', region: 'Bayern' }, { country: inferred('DE'), region: 'by' }],
  ['DE: a Land code is no US state', { line1: 'Am Markt 4', postalCode: '80331', region: 'NRW' }, { country: inferred('DE'), region: 'nw' }],
  ['DE: a lost leading zero comes back once the country is known', { line1: 'Prager Straße 2', postalCode: '1069', region: 'Sachsen' }, { country: inferred('DE'), postalCode: '01069' }],
  ['DE: old D- postal prefix', { line1: 'Lindenstraße 12', postalCode: 'D-10115', country: 'DE' }, { postalCode: '10115' }],
  ['DE: Land kept as its code', { line1: 'Lindenstraße 12', region: 'Berlin', country: 'DE' }, { region: 'be' }],
];

const unknown: Row[] = [
  ['no country and an ambiguous postal code stays unknown', { line1: 'Main 12', postalCode: '12345' }, { country: null }],
  ['an unknown country keeps its candidates', { line1: 'Main 12', postalCode: '1015 CJ' }, { country: inferred('NL') }],
  ['another stated country is kept as stated', { line1: '12 Rue de Rivoli', postalCode: '75001', country: 'France' }, { country: stated('FR'), postalCode: '75001' }],
  ['a country name in another language', { line1: 'Keizersgracht 123', country: 'Nederland' }, { country: stated('NL'), streetNumber: '123' }],
  ['text that names no country states none', { line1: '1 Ash Lane', postalCode: 'LS6 1AB', country: 'Atlantis' }, { country: inferred('GB') }],
  ['a line without a number', { line1: 'Hyde Park Road', country: 'GB' }, { streetNumber: null, street: 'hyde park rd' }],
  ['an empty line', { line1: '', country: 'US' }, { streetNumber: null, street: '' }],
];

describe('normalizeAddress', () => {
  it.each([...us, ...ca, ...gb, ...de, ...unknown])('%s', (_, input, expected) => {
    expect(normalizeAddress(input)).toMatchObject(expected);
  });

  it('gives every field, also for an empty input', () => {
    expect(normalizeAddress({ line1: '' })).toEqual({
      country: null, countryCandidates: [], streetNumber: null, street: '', streetName: '', streetType: null, unit: null, building: null,
      city: null, region: null, postalCode: null,
    });
  });

  it('prefers the unit field over a unit in the line', () => {
    expect(normalizeAddress({ line1: '450 Oak Ave #7B', unitNumber: 'Unit 7B', country: 'US' }).unit).toBe('7b');
  });
});
