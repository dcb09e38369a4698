import { describe, expect, it } from 'vitest';
import { clusterRecords, compareRefs, unitKeyOf, type KeyedRecord } from '../../src/identity/index.js';

const rec = (ref: string, ...keys: string[]): KeyedRecord => ({ ref, keys });

describe('clusterRecords', () => {
  it('groups records that share a primary key', () => {
    const groups = clusterRecords([rec('LEASEY:7', 'k1'), rec('RENTROLL:1', 'k1'), rec('DEEPRENT:x', 'k2')]);
    expect(groups).toEqual([['RENTROLL:1', 'LEASEY:7'], ['DEEPRENT:x']]);
  });

  it('does not group records that only share a fallback key', () => {
    const groups = clusterRecords([rec('RENTROLL:1', 'k1', 'weak'), rec('RENTROLL:2', 'k2', 'weak')]);
    expect(groups).toEqual([['RENTROLL:1'], ['RENTROLL:2']]);
  });

  it('joins a record whose primary key is another unit\'s fallback key when exactly one unit holds it', () => {
    const groups = clusterRecords([rec('RENTROLL:1', 'p1', 'c1'), rec('LEASEY:9', 'c1')]);
    expect(groups).toEqual([['RENTROLL:1', 'LEASEY:9']]);
  });

  it('leaves such a record alone when two units hold that fallback key', () => {
    const groups = clusterRecords([rec('RENTROLL:1', 'p1', 'c1'), rec('RENTROLL:2', 'p2', 'c1'), rec('LEASEY:9', 'c1')]);
    expect(groups).toEqual([['RENTROLL:1'], ['RENTROLL:2'], ['LEASEY:9']]);
  });

  it('gives the same output whatever the input order', () => {
    const records = [rec('DEEPRENT:b', 'k2'), rec('LEASEY:10', 'k1'), rec('LEASEY:9', 'k2'), rec('RENTROLL:1001', 'k1'), rec('RENTROLL:999', 'k3')];
    const expected = [['RENTROLL:999'], ['RENTROLL:1001', 'LEASEY:10'], ['LEASEY:9', 'DEEPRENT:b']];
    expect(clusterRecords(records)).toEqual(expected);
    expect(clusterRecords([...records].reverse())).toEqual(expected);
  });

  it('puts a record without keys in a group of its own', () => {
    expect(clusterRecords([rec('RENTROLL:1'), rec('RENTROLL:2')])).toEqual([['RENTROLL:1'], ['RENTROLL:2']]);
  });

  it('rejects a ref given twice', () => {
    expect(() => clusterRecords([rec('RENTROLL:1', 'a'), rec('RENTROLL:1', 'b')])).toThrow(/RENTROLL:1 twice/);
  });

  it('joins a link pair whose addresses disagree', () => {
    const groups = clusterRecords([rec('RENTROLL:1', 'k1'), rec('STURENTS:SR1', 'k2')], { link: [['STURENTS:SR1', 'RENTROLL:1']], unlink: [] });
    expect(groups).toEqual([['RENTROLL:1', 'STURENTS:SR1']]);
  });

  it('ignores overrides that name records it was not given', () => {
    const groups = clusterRecords([rec('RENTROLL:1', 'k1')], { link: [['RENTROLL:1', 'LEASEY:404']], unlink: [['RENTROLL:1', 'LEASEY:405']] });
    expect(groups).toEqual([['RENTROLL:1']]);
  });

  it('splits an unlink pair that shares a primary key', () => {
    const groups = clusterRecords([rec('RENTROLL:1', 'k'), rec('LEASEY:2', 'k')], { link: [], unlink: [['RENTROLL:1', 'LEASEY:2']] });
    expect(groups).toEqual([['RENTROLL:1'], ['LEASEY:2']]);
  });

  it('keeps the best-ranked record\'s matches when splitting, and the rest together where allowed', () => {
    // Four records share one key; LEASEY:2 must not be with RENTROLL:1, nor DEEPRENT:d with LEASEY:2.
    const records = [rec('RENTROLL:1', 'k'), rec('RENTENGINE:5', 'k'), rec('LEASEY:2', 'k'), rec('DEEPRENT:d', 'k')];
    const groups = clusterRecords(records, { link: [], unlink: [['LEASEY:2', 'RENTROLL:1'], ['DEEPRENT:d', 'LEASEY:2']] });
    expect(groups).toEqual([['RENTROLL:1', 'RENTENGINE:5', 'DEEPRENT:d'], ['LEASEY:2']]);
  });

  it('lets an unlink win over a chain of links', () => {
    const records = [rec('RENTROLL:1', 'a'), rec('LEASEY:2', 'b'), rec('DEEPRENT:3', 'c')];
    const groups = clusterRecords(records, {
      link: [['RENTROLL:1', 'LEASEY:2'], ['LEASEY:2', 'DEEPRENT:3']],
      unlink: [['RENTROLL:1', 'DEEPRENT:3']],
    });
    expect(groups).toEqual([['RENTROLL:1', 'LEASEY:2'], ['DEEPRENT:3']]);
  });

  it('leaves groups without an unlinked pair untouched', () => {
    const groups = clusterRecords([rec('RENTROLL:1', 'k'), rec('LEASEY:2', 'k'), rec('RENTROLL:3', 'j')], { link: [], unlink: [['LEASEY:2', 'RENTROLL:3']] });
    expect(groups).toEqual([['RENTROLL:1', 'LEASEY:2'], ['RENTROLL:3']]);
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
