import { describe, expect, it } from 'vitest';
import { matchKey, matchKeys, normalizeAddress, type AddressInput } from '../../src/identity/index.js';

const key = (input: AddressInput) => matchKey(normalizeAddress(input));
const us = (line1: string, extra: Partial<AddressInput> = {}): AddressInput => ({ line1, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US', ...extra });
const gb = (line1: string, extra: Partial<AddressInput> = {}): AddressInput => ({ line1, city: 'Leeds', postalCode: 'LS6 1AB', country: 'GB', ...extra });
const de = (line1: string, extra: Partial<AddressInput> = {}): AddressInput => ({ line1, city: 'Berlin', postalCode: '10115', country: 'DE', ...extra });
const ca = (line1: string, extra: Partial<AddressInput> = {}): AddressInput => ({ line1, city: 'Toronto', region: 'ON', postalCode: 'M5V 2T6', country: 'CA', ...extra });

describe('matchKey', () => {
  it.each<[string, AddressInput, AddressInput]>([
    ['"123 Main St Apt 4" and "123 Main Street #4"', us('123 Main St Apt 4'), us('123 Main Street #4')],
    ['a ZIP+4 and its five digits', us('123 Main St', { postalCode: '62701-4410' }), us('123 Main St')],
    ['"123 N. Main St" and "123 North Main Street"', us('123 N. Main St'), us('123 North Main Street')],
    ['units "A101", "#A101" and "Apt. A101"', us('9 Oak Ave', { unitNumber: 'A101' }), us('9 Oak Ave #A101')],
    ['unit "Apt. A101" in the line and "A101" in the field', us('9 Oak Ave Apt. A101'), us('9 Oak Ave', { unitNumber: '#A101' })],
    ['upper case and punctuation', us('123 MAIN ST., APT. 4'), us('123 main st apt 4')],
    ['"Flat 2, 10 Hyde Park Road" and "10 Hyde Park Rd, Flat 2"', gb('Flat 2, 10 Hyde Park Road'), gb('10 Hyde Park Rd, Flat 2')],
    ['a GB postcode with and without a space, any case', gb('1 Ash Lane', { postalCode: 'ls6 1ab' }), gb('1 Ash Lane', { postalCode: 'LS61AB' })],
    ['"Lindenstraße 12, Whg. 3" and "Lindenstr. 12 Wohnung 3"', de('Lindenstraße 12, Whg. 3'), de('Lindenstr. 12 Wohnung 3')],
    ['"Linden Straße" and "Lindenstraße"', de('Linden Straße 12'), de('Lindenstraße 12')],
    ['a CA postal code with and without a space', ca('200 Bay St', { postalCode: 'M5J 2J2' }), ca('200 Bay Street', { postalCode: 'm5j2j2' })],
    ['a CA unit prefix and a unit field', ca('1203-456 Queen St W'), ca('456 Queen Street West', { unitNumber: 'Suite 1203' })],
    ['a country name and its code', us('1 Main St', { country: 'United States' }), us('1 Main St', { country: 'USA' })],
  ])('is the same for %s', (_, a, b) => {
    expect(key(a)).not.toBeNull();
    expect(key(a)).toBe(key(b));
  });

  it.each<[string, AddressInput, AddressInput]>([
    ['two units in one building', us('123 Main St Apt 4'), us('123 Main St Apt 5')],
    ['a building and a unit in it', us('123 Main St'), us('123 Main St Apt 4')],
    ['a British house and a flat in it', gb('10 Hyde Park Road'), gb('Flat 2, 10 Hyde Park Road')],
    ['one number on two streets', us('123 Main St'), us('123 Oak St')],
    ['one number on two street types', us('123 Main St'), us('123 Main Ave')],
    ['"123 N. Main St" and "123 Main St"', us('123 N. Main St'), us('123 Main St')],
    ['two postal codes', gb('10 High Street'), gb('10 High Street', { postalCode: 'M14 5RT' })],
    ['two countries with the same five digits', us('12 Linden St', { postalCode: '10115' }), de('Lindenstraße 12')],
    ['"Lindenstraße 12" and "Lindenweg 12"', de('Lindenstraße 12'), de('Lindenweg 12')],
    ['units "A101" and "A102"', us('9 Oak Ave #A101'), us('9 Oak Ave #A102')],
  ])('differs for %s', (_, a, b) => {
    expect(key(a)).not.toBe(key(b));
  });

  it('is null without a street number', () => {
    expect(key(us('Main Street'))).toBeNull();
  });

  it('is null with neither postal code nor city', () => {
    expect(key({ line1: '123 Main St', country: 'US' })).toBeNull();
  });

  it('falls back to state and city without a postal code', () => {
    expect(key(us('123 Main St Apt 4', { postalCode: null }))).toBe('c|US|il|springfield|123|main st|4');
  });

  it('writes an unknown country as "?"', () => {
    expect(key({ line1: 'Main 12', postalCode: '12345' })).toBe('p|?|12345|12|main|-');
  });
});

describe('matchKeys', () => {
  it('lists the postal key, then the city key, then the key without street type', () => {
    expect(matchKeys(normalizeAddress(us('123 Main St Apt 4')))).toEqual([
      'p|US|62701|123|main st|4',
      'c|US|il|springfield|123|main st|4',
      'p|US|62701|123|main|4',
    ]);
  });

  it('gives a typeless street only its own keys, whose primary equals a typed record\'s fallback', () => {
    const typed = matchKeys(normalizeAddress(us('123 Main St Apt 4')));
    const untyped = matchKeys(normalizeAddress(us('123 Main, Apt 4')));
    expect(untyped[0]).toBe(typed[2]);
  });

  it('is empty when too little is known', () => {
    expect(matchKeys(normalizeAddress({ line1: 'somewhere', country: 'GB' }))).toEqual([]);
  });
});
