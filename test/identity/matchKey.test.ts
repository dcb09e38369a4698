import { describe, expect, it } from 'vitest';
import { matchKeys, normalizeAddress, type AddressInput } from '../../src/identity/index.js';

const keys = (input: AddressInput) => matchKeys(normalizeAddress(input));
const postal = (input: AddressInput) => keys(input).postal;
const us = (line1: string, extra: Partial<AddressInput> = {}): AddressInput => ({ line1, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US', ...extra });
const gb = (line1: string, extra: Partial<AddressInput> = {}): AddressInput => ({ line1, city: 'Leeds', postalCode: 'LS6 1AB', country: 'GB', ...extra });
const de = (line1: string, extra: Partial<AddressInput> = {}): AddressInput => ({ line1, city: 'Berlin', postalCode: '10115', country: 'DE', ...extra });
const ca = (line1: string, extra: Partial<AddressInput> = {}): AddressInput => ({ line1, city: 'Toronto', region: 'ON', postalCode: 'M5V 2T6', country: 'CA', ...extra });

describe('matchKeys', () => {
  it.each<[string, AddressInput, AddressInput]>([
    ['"123 Main St Apt 4" and "123 Main Street #4"', us('123 Main St Apt 4'), us('123 Main Street #4')],
    ['a ZIP+4 and its five digits', us('123 Main St', { postalCode: '62701-4410' }), us('123 Main St')],
    ['"123 N. Main St" and "123 North Main Street"', us('123 N. Main St'), us('123 North Main Street')],
    ['units "A101", "#A101" and "Apt. A101"', us('9 Oak Ave', { unitNumber: 'A101' }), us('9 Oak Ave #A101')],
    ['upper case and punctuation', us('123 MAIN ST., APT. 4'), us('123 main st apt 4')],
    ['"Flat 2, 10 Hyde Park Road" and "10 Hyde Park Rd, Flat 2"', gb('Flat 2, 10 Hyde Park Road'), gb('10 Hyde Park Rd, Flat 2')],
    ['a GB postcode with and without a space, any case', gb('1 Ash Lane', { postalCode: 'ls6 1ab' }), gb('1 Ash Lane', { postalCode: 'LS61AB' })],
    ['"Lindenstraße 12, Whg. 3" and "Lindenstr. 12 Wohnung 3"', de('Lindenstraße 12, Whg. 3'), de('Lindenstr. 12 Wohnung 3')],
    ['"Berliner Straße" and "Berlinerstr."', de('Berliner Straße 18'), de('Berlinerstr. 18')],
    ['a CA unit prefix and a unit field', ca('1203-456 Queen St W'), ca('456 Queen Street West', { unitNumber: 'Suite 1203' })],
    ['a stated and an unstated country', de('Müllerstr. 5'), de('Müllerstraße 5', { country: null })],
    ['"Lake Shore" and "Lakeshore"', ca('2050 Lake Shore Blvd W'), ca('2050 Lakeshore Blvd W')],
    ['a street with and without its type', us('123 Walnut St'), us('123 Walnut')],
  ])('gives the same postal key for %s', (_, a, b) => {
    expect(postal(a)).not.toBeNull();
    expect(postal(a)).toBe(postal(b));
  });

  it.each<[string, AddressInput, AddressInput]>([
    ['two units in one building', us('123 Main St Apt 4'), us('123 Main St Apt 5')],
    ['a building and a unit in it', us('123 Main St'), us('123 Main St Apt 4')],
    ['a British house and a flat in it', gb('10 Hyde Park Road'), gb('Flat 2, 10 Hyde Park Road')],
    ['one number on two streets', us('123 Main St'), us('123 Oak St')],
    ['"123 N. Main St" and "123 Main St"', us('123 N. Main St'), us('123 Main St')],
    ['two postal codes', gb('10 High Street'), gb('10 High Street', { postalCode: 'M14 5RT' })],
    ['a range and its first number', de('Kirchstraße 7-9'), de('Kirchstraße 7')],
    ['a number with and without its letter', de('Gartenweg 9b'), de('Gartenweg 9')],
    ['two floors', de('Lindenstr. 5, 1. OG'), de('Lindenstr. 5, 2. OG')],
  ])('gives different postal keys for %s', (_, a, b) => {
    expect(postal(a)).not.toBe(postal(b));
  });

  it('keeps the street type and the stated country as traits, not in the key', () => {
    const a = keys(us('123 Main St'));
    const b = keys(us('123 Main Ave'));
    expect(a.postal).toBe(b.postal);
    expect([a.traits.streetType, b.traits.streetType]).toEqual(['st', 'ave']);
    expect(keys(de('Lindenstraße 12')).traits).toMatchObject({ stated: 'DE', country: 'DE', streetType: 'str' });
  });

  it('keeps an inferred country apart from a stated one', () => {
    expect(keys(de('Lindenstraße 12', { country: null })).traits).toMatchObject({ stated: null, country: 'DE' });
  });

  it('has no keys without a street number or house name', () => {
    expect(keys(us('Main Street'))).toMatchObject({ postal: null, city: null, address: null });
  });

  it('has only a city key without a postal code, and none with neither', () => {
    expect(keys(us('123 Main St Apt 4', { postalCode: null }))).toMatchObject({ postal: null, city: 'c|springfield|123|main|4' });
    expect(keys({ line1: '123 Main St', country: 'US' })).toMatchObject({ postal: null, city: null });
  });

  it('knows a named house by its name', () => {
    expect(postal(gb('Rose Cottage, Church Lane'))).toBe('p|LS61AB|@rose cottage|church|-');
  });

  it('leaves out the city beside a precise postcode', () => {
    expect(keys(gb('1 Ash Lane')).traits.city).toBeNull();
    expect(keys(de('Lindenstraße 12')).traits.city).toBe('berlin');
  });
});
