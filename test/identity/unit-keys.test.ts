import { describe, expect, it } from 'vitest';
import { unitPosition } from '../../src/domain/positions.js';
import { compareRefs } from '../../src/domain/refs.js';
import { assignUnitKeys } from '../../src/identity/unit-keys.js';

const previous = (entries: Record<string, string>) => (ref: string) => entries[ref];

describe('assignUnitKeys', () => {
  it('names new groups by their best-ranked ref', () => {
    expect(assignUnitKeys([['RENTROLL:1', 'LEASEY:7'], ['LEASEY:9', 'DEEPRENT:x']], previous({}))).toEqual(['RENTROLL:1', 'LEASEY:9']);
  });

  it('keeps a unit\'s key when a lower-ranked vendor joins', () => {
    expect(assignUnitKeys([['RENTROLL:1', 'DEEPRENT:x']], previous({ 'RENTROLL:1': 'RENTROLL:1' }))).toEqual(['RENTROLL:1']);
  });

  it('keeps a unit\'s key when a higher-ranked vendor joins later', () => {
    expect(assignUnitKeys([['RENTROLL:1', 'LEASEY:7']], previous({ 'LEASEY:7': 'LEASEY:7' }))).toEqual(['LEASEY:7']);
  });

  it('gives the key to the part of a split that holds the key\'s record', () => {
    const before = { 'RENTROLL:1': 'LEASEY:7', 'LEASEY:7': 'LEASEY:7', 'DEEPRENT:x': 'LEASEY:7' };
    expect(assignUnitKeys([['RENTROLL:1', 'DEEPRENT:x'], ['LEASEY:7']], previous(before))).toEqual(['RENTROLL:1', 'LEASEY:7']);
  });

  it('gives the key to the larger part of a split when the key\'s record is gone', () => {
    const before = { 'RENTENGINE:2': 'RENTROLL:1', 'LEASEY:7': 'RENTROLL:1', 'DEEPRENT:x': 'RENTROLL:1' };
    expect(assignUnitKeys([['RENTENGINE:2'], ['LEASEY:7', 'DEEPRENT:x']], previous(before))).toEqual(['RENTENGINE:2', 'RENTROLL:1']);
  });

  it('keeps the best-ranked key when two units merge', () => {
    const before = { 'LEASEY:7': 'LEASEY:7', 'DEEPRENT:x': 'LEASEY:7', 'RENTROLL:1': 'RENTROLL:1' };
    expect(assignUnitKeys([['RENTROLL:1', 'LEASEY:7', 'DEEPRENT:x']], previous(before))).toEqual(['RENTROLL:1']);
  });

  it('gives a returning record a free key when its old key stayed with the unit it left', () => {
    // RENTROLL:1 left its unit (which kept the key) and came back at another address.
    const before = { 'LEASEY:7': 'RENTROLL:1' };
    expect(assignUnitKeys([['RENTROLL:1'], ['LEASEY:7']], previous(before))).toEqual(['RENTROLL:1~2', 'RENTROLL:1']);
    expect(assignUnitKeys([['RENTROLL:1', 'DEEPRENT:x'], ['LEASEY:7']], previous(before))).toEqual(['DEEPRENT:x', 'RENTROLL:1']);
  });

  it('never gives two groups the same key', () => {
    const before = { 'RENTROLL:1': 'RENTROLL:1', 'RENTROLL:2': 'RENTROLL:1', 'RENTROLL:3': 'RENTROLL:1' };
    const keys = assignUnitKeys([['RENTROLL:1'], ['RENTROLL:2'], ['RENTROLL:3']], previous(before));
    expect(keys).toEqual(['RENTROLL:1', 'RENTROLL:2', 'RENTROLL:3']);
  });
});

describe('unitPosition', () => {
  it('orders positions as plain strings the way refs order', () => {
    const keys = ['DEEPRENT:obj-a', 'STURENTS:SR2', 'LEASEY:10', 'LEASEY:9', 'RENTENGINE:1', 'RENTROLL:1001', 'RENTROLL:999', 'RENTROLL:0999'];
    const byPosition = [...keys].sort((a, b) => (unitPosition(a) < unitPosition(b) ? -1 : 1));
    expect(byPosition).toEqual([...keys].sort(compareRefs));
    expect(new Set(keys.map(unitPosition)).size).toBe(keys.length);
  });

  it('puts numeric ids before other ids of the same vendor, so mixed ids still have one order', () => {
    const keys = ['RENTROLL:1001~2', 'RENTROLL:abc', 'RENTROLL:999', 'LEASEY:1'];
    expect([...keys].sort((a, b) => (unitPosition(a) < unitPosition(b) ? -1 : 1))).toEqual(['RENTROLL:999', 'RENTROLL:1001~2', 'RENTROLL:abc', 'LEASEY:1']);
  });
});
