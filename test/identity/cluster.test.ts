import { describe, expect, it } from 'vitest';
import {
  clusterRecords, compareRefs, matchKeys, NO_MATCH_KEYS, normalizeAddress, unitKeyOf, type AddressInput, type KeyedRecord, type MatchTraits,
} from '../../src/identity/index.js';

/** A record with a postal key and the traits given; the other traits unknown. */
const rec = (ref: string, postal: string | null, traits: Partial<MatchTraits> = {}, city: string | null = null): KeyedRecord => ({
  ref,
  keys: { postal, city, traits: { ...NO_MATCH_KEYS.traits, ...traits }, address: postal === null && city === null ? null : { number: '1', street: 'main st', unit: null, region: null } },
});
const groupsOf = (...args: Parameters<typeof clusterRecords>) => clusterRecords(...args).groups;
const real = (ref: string, address: AddressInput): KeyedRecord => ({ ref, keys: matchKeys(normalizeAddress(address)) });

describe('clusterRecords', () => {
  it('groups records that share a key and agree on everything', () => {
    expect(groupsOf([rec('LEASEY:7', 'k1'), rec('RENTROLL:1', 'k1'), rec('DEEPRENT:x', 'k2')])).toEqual([['RENTROLL:1', 'LEASEY:7'], ['DEEPRENT:x']]);
  });

  it('joins a record that states no country to the one unit that states one', () => {
    const groups = groupsOf([rec('RENTROLL:1', 'k', { country: 'US' }), rec('DEEPRENT:d', 'k', { stated: 'DE', country: 'DE' })]);
    expect(groups).toEqual([['RENTROLL:1', 'DEEPRENT:d']]);
  });

  it('never joins two records whose vendors state different countries', () => {
    expect(groupsOf([rec('LEASEY:1', 'k', { stated: 'US' }), rec('DEEPRENT:d', 'k', { stated: 'DE' })])).toHaveLength(2);
  });

  it('leaves a record stating no country alone between two units that state different ones', () => {
    const groups = groupsOf([rec('RENTROLL:1', 'k'), rec('LEASEY:1', 'k', { stated: 'US' }), rec('DEEPRENT:d', 'k', { stated: 'DE' })]);
    expect(groups).toEqual([['RENTROLL:1'], ['LEASEY:1'], ['DEEPRENT:d']]);
  });

  it('joins a street written without its type to the one typed street of that name', () => {
    expect(groupsOf([rec('RENTROLL:1', 'k', { streetType: 'st' }), rec('LEASEY:2', 'k')])).toHaveLength(1);
  });

  it('leaves a street without a type alone when two types of that name exist', () => {
    const groups = groupsOf([rec('RENTROLL:1', 'k', { streetType: 'st' }), rec('RENTROLL:2', 'k', { streetType: 'ave' }), rec('LEASEY:9', 'k')]);
    expect(groups).toEqual([['RENTROLL:1'], ['RENTROLL:2'], ['LEASEY:9']]);
  });

  it('joins the less-informed record to the unit that knows everything it knows when another unit disagrees', () => {
    const groups = groupsOf([
      rec('RENTROLL:1', 'k', { stated: 'DE', streetType: 'str' }),
      rec('LEASEY:2', 'k', { stated: 'DE' }),
      rec('RENTENGINE:3', 'k', { stated: 'US', streetType: 'st' }),
    ]);
    expect(groups).toEqual([['RENTROLL:1', 'LEASEY:2'], ['RENTENGINE:3']]);
  });

  it('keeps two towns apart that share a postal code, and agrees with a longer name of one town', () => {
    expect(groupsOf([rec('RENTROLL:1', 'k', { city: 'spremberg' }), rec('DEEPRENT:d', 'k', { city: 'felixsee' })])).toHaveLength(2);
    expect(groupsOf([rec('RENTROLL:1', 'k', { city: 'halle' }), rec('DEEPRENT:d', 'k', { city: 'halle saale' })])).toHaveLength(1);
  });

  it('joins a record without a postal code by city when one unit fits', () => {
    const groups = groupsOf([rec('RENTROLL:1', 'p1', { postalCode: '62701' }, 'c1'), rec('LEASEY:9', null, {}, 'c1')]);
    expect(groups).toEqual([['RENTROLL:1', 'LEASEY:9']]);
  });

  it('does not join by city two records whose postal codes differ', () => {
    expect(groupsOf([rec('RENTROLL:1', 'p1', { postalCode: 'E152QB' }, 'c1'), rec('LEASEY:9', 'p2', { postalCode: 'SW195BY' }, 'c1')])).toHaveLength(2);
  });

  it('gives the same output whatever the input order', () => {
    const records = [rec('DEEPRENT:b', 'k2'), rec('LEASEY:10', 'k1'), rec('LEASEY:9', 'k2'), rec('RENTROLL:1001', 'k1'), rec('RENTROLL:999', 'k3')];
    const expected = [['RENTROLL:999'], ['RENTROLL:1001', 'LEASEY:10'], ['LEASEY:9', 'DEEPRENT:b']];
    expect(groupsOf(records)).toEqual(expected);
    expect(groupsOf([...records].reverse())).toEqual(expected);
  });

  it('puts a record without keys in a group of its own', () => {
    expect(groupsOf([rec('RENTROLL:1', null), rec('RENTROLL:2', null)])).toEqual([['RENTROLL:1'], ['RENTROLL:2']]);
  });

  it('rejects a ref given twice', () => {
    expect(() => clusterRecords([rec('RENTROLL:1', 'a'), rec('RENTROLL:1', 'b')])).toThrow(/RENTROLL:1 twice/);
  });

  it('joins a link pair whose addresses disagree', () => {
    const groups = groupsOf([rec('RENTROLL:1', 'k1'), rec('STURENTS:SR1', 'k2')], { link: [['STURENTS:SR1', 'RENTROLL:1']], unlink: [] });
    expect(groups).toEqual([['RENTROLL:1', 'STURENTS:SR1']]);
  });

  it('ignores overrides that name records it was not given', () => {
    const groups = groupsOf([rec('RENTROLL:1', 'k1')], { link: [['RENTROLL:1', 'LEASEY:404']], unlink: [['RENTROLL:1', 'LEASEY:405']] });
    expect(groups).toEqual([['RENTROLL:1']]);
  });

  it('splits an unlink pair that shares a key', () => {
    const groups = groupsOf([rec('RENTROLL:1', 'k'), rec('LEASEY:2', 'k')], { link: [], unlink: [['RENTROLL:1', 'LEASEY:2']] });
    expect(groups).toEqual([['RENTROLL:1'], ['LEASEY:2']]);
  });

  it('keeps the best-ranked record\'s matches when splitting, and the rest together where allowed', () => {
    // Four records share one key; LEASEY:2 must not be with RENTROLL:1, nor DEEPRENT:d with LEASEY:2.
    const records = [rec('RENTROLL:1', 'k'), rec('RENTENGINE:5', 'k'), rec('LEASEY:2', 'k'), rec('DEEPRENT:d', 'k')];
    const groups = groupsOf(records, { link: [], unlink: [['LEASEY:2', 'RENTROLL:1'], ['DEEPRENT:d', 'LEASEY:2']] });
    expect(groups).toEqual([['RENTROLL:1', 'RENTENGINE:5', 'DEEPRENT:d'], ['LEASEY:2']]);
  });

  it('lets an unlink win over a chain of links', () => {
    const records = [rec('RENTROLL:1', 'a'), rec('LEASEY:2', 'b'), rec('DEEPRENT:3', 'c')];
    const groups = groupsOf(records, {
      link: [['RENTROLL:1', 'LEASEY:2'], ['LEASEY:2', 'DEEPRENT:3']],
      unlink: [['RENTROLL:1', 'DEEPRENT:3']],
    });
    expect(groups).toEqual([['RENTROLL:1', 'LEASEY:2'], ['DEEPRENT:3']]);
  });

  it('leaves groups without an unlinked pair untouched', () => {
    const groups = groupsOf([rec('RENTROLL:1', 'k'), rec('LEASEY:2', 'k'), rec('RENTROLL:3', 'j')], { link: [], unlink: [['LEASEY:2', 'RENTROLL:3']] });
    expect(groups).toEqual([['RENTROLL:1', 'LEASEY:2'], ['RENTROLL:3']]);
  });
});

describe('matchedBy', () => {
  const leeds = (line1: string, unitNumber: string | null, postalCode: string | null = 'LS6 1AB'): AddressInput => ({ line1, unitNumber, city: 'Leeds', postalCode });

  it('names the rule that joined each record, and single-record for one alone', () => {
    const { matchedBy } = clusterRecords([
      real('STURENTS:SR1', leeds('10 Hyde Park Road', 'Flat 2')),
      real('DEEPRENT:d1', { ...leeds('Flat 2, 10 Hyde Park Rd', null), country: 'GB' }),
      real('RENTROLL:7', leeds('12 Hyde Park Road', null)),
      real('LEASEY:3', leeds('12 Hyde Park Rd', null, null)),
      real('RENTENGINE:4', leeds('14 Hyde Park Road', null)),
    ]);
    expect(Object.fromEntries(matchedBy)).toEqual({
      'STURENTS:SR1': 'postal+street+number+unit',
      'DEEPRENT:d1': 'postal+street+number+unit',
      'RENTROLL:7': 'city+street+number',
      'LEASEY:3': 'city+street+number',
      'RENTENGINE:4': 'single-record',
    });
  });

  it('names an override for a record a link joined', () => {
    const { matchedBy } = clusterRecords([rec('RENTROLL:1', 'k1'), rec('STURENTS:SR1', 'k2')], { link: [['STURENTS:SR1', 'RENTROLL:1']], unlink: [] });
    expect(matchedBy.get('STURENTS:SR1')).toBe('override');
    expect(matchedBy.get('RENTROLL:1')).toBe('override');
  });

  it('names single-record for both sides of a split unlink pair', () => {
    const { matchedBy } = clusterRecords([rec('RENTROLL:1', 'k'), rec('LEASEY:2', 'k')], { link: [], unlink: [['RENTROLL:1', 'LEASEY:2']] });
    expect([matchedBy.get('RENTROLL:1'), matchedBy.get('LEASEY:2')]).toEqual(['single-record', 'single-record']);
  });
});

describe('unitKeyOf', () => {
  it('picks the ref of the highest-precedence vendor', () => {
    expect(unitKeyOf(['DEEPRENT:obj-1', 'LEASEY:500', 'RENTENGINE:3318'])).toBe('RENTENGINE:3318');
  });

  it('picks the smallest id within a vendor, numeric ids by value', () => {
    expect(unitKeyOf(['RENTROLL:1001', 'RENTROLL:999'])).toBe('RENTROLL:999');
  });

  it('stays the same when a lower-ranked vendor joins', () => {
    expect(unitKeyOf(['RENTROLL:1001', 'LEASEY:500'])).toBe(unitKeyOf(['RENTROLL:1001', 'LEASEY:500', 'DEEPRENT:obj-9']));
  });

  it('does not depend on member order', () => {
    expect(unitKeyOf(['STURENTS:SR7', 'DEEPRENT:a'])).toBe(unitKeyOf(['DEEPRENT:a', 'STURENTS:SR7']));
  });

  it('rejects an empty group', () => {
    expect(() => unitKeyOf([])).toThrow(/empty group/);
  });
});

describe('compareRefs', () => {
  it('orders by vendor precedence, then id', () => {
    const refs = ['DEEPRENT:a', 'STURENTS:SR2', 'LEASEY:10', 'LEASEY:9', 'RENTENGINE:1', 'RENTROLL:2'];
    expect([...refs].sort(compareRefs)).toEqual(['RENTROLL:2', 'RENTENGINE:1', 'LEASEY:9', 'LEASEY:10', 'STURENTS:SR2', 'DEEPRENT:a']);
  });
});
