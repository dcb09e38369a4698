import { describe, expect, it } from 'vitest';
import type { AddressModel } from '../../src/domain/models.js';
import { addressSearchWords, queryWords, searchTextOf } from '../../src/readmodel/search.js';

const address = (line1: string, rest: Partial<AddressModel> = {}): AddressModel => ({ line1, unitNumber: null, city: null, region: null, postalCode: null, country: null, ...rest });

/** The search rule: every query word begins a word of the unit's text. */
function matches(query: string, ...addresses: AddressModel[]): boolean {
  const text = searchTextOf(addresses).split(' ');
  const wanted = queryWords(query);
  return wanted.length > 0 && wanted.every((word) => text.some((token) => token.startsWith(word)));
}

describe('unit search text', () => {
  const mueller = address('Müllerstraße 5', { city: 'München', postalCode: '80331', country: 'DE' });

  it.each(['Muellerstrasse', 'Müllerstraße', 'Müllerstr.', 'MUELLERSTR 5', 'muller strasse 5', 'Müller Str. 5', 'münchen müller', 'Muenchen', '80331', 'mullerstrasse 5 80331'])(
    'finds a German address however it is spelled: %s', (query) => {
      expect(matches(query, mueller)).toBe(true);
    },
  );

  it.each(['Müllerweg', 'Müllerstraße 7', 'Hauptstraße 5', 'Berlin'])('keeps look-alikes apart: %s', (query) => {
    expect(matches(query, mueller)).toBe(false);
  });

  it('finds a unit by any of its records\' spellings', () => {
    const rentroll = address('123 North Main Street', { unitNumber: 'Apt 4B', city: 'Springfield', region: 'IL', postalCode: '62701' });
    const leasey = address('123 N Main St #4b', { city: 'Springfield' });
    expect(matches('123 n main st 4b', rentroll)).toBe(true);
    expect(matches('North Main Street', leasey, rentroll)).toBe(true);
    expect(matches('main avenue', rentroll, leasey)).toBe(false);
  });

  it('holds only ASCII letters and digits, so a query cannot inject into the text index', () => {
    expect(queryWords('"); DROP TABLE units; -- é ß * OR NEAR')).toEqual(['drop', 'table', 'units', 'e', 'ss', 'or', 'near']);
    for (const word of addressSearchWords(address('Rue de l\'Église 12 *', { city: 'Québec' }))) expect(word).toMatch(/^[a-z0-9]+$/);
  });
});
