import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { planEdit, type EditState } from '../../src/identity/edits.js';
import { combineOverrides, type StoredOverride } from '../../src/identity/stored-overrides.js';
import { NO_OVERRIDES } from '../../src/identity/overrides.js';
import type { RecordRef } from '../../src/domain/refs.js';

const HELD = ['RENTROLL:1', 'RENTROLL:2', 'LEASEY:7', 'LEASEY:8', 'DEEPRENT:d1'];
const BY = { client: 'admin', now: '2026-01-02T03:04:05.000Z' };
const r = (ref: string): RecordRef => {
  const [vendor, externalId] = ref.split(':') as [RecordRef['vendor'], string];
  return { vendor, externalId };
};
const state = (stored: StoredOverride[] = [], file = NO_OVERRIDES): EditState => ({ holds: (ref) => HELD.includes(ref), stored, file });
/** The stored overrides after a series of edits, as clustering reads them. */
const after = (...edits: Parameters<typeof planEdit>[0][]) => {
  let stored: StoredOverride[] = [];
  for (const edit of edits) stored = planEdit(edit, state(stored), BY).next;
  return combineOverrides(NO_OVERRIDES, stored);
};
function refusal(run: () => unknown): GraphQLError {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  throw new Error('expected a GraphQLError, got none');
}
const link = (...refs: string[]) => ({ kind: 'link' as const, records: refs.map(r) });

describe('planning an identity change', () => {
  it('joins a link to the groups its records are in already, so three links make one unit', () => {
    expect(after(link('RENTROLL:1', 'LEASEY:7'), link('RENTROLL:2', 'LEASEY:8'), link('LEASEY:7', 'LEASEY:8')).link).toEqual([
      ['RENTROLL:1', 'RENTROLL:2'], ['RENTROLL:1', 'LEASEY:7'], ['RENTROLL:1', 'LEASEY:8'],
    ]);
  });

  it('writes nothing for a link that holds already', () => {
    const first = planEdit(link('RENTROLL:1', 'LEASEY:7'), state(), BY);
    expect(planEdit(link('LEASEY:7', 'RENTROLL:1'), state(first.next), BY).changes).toEqual({ upsert: [], delete: [] });
  });

  it('takes an unlinked record out of its link group, and drops a group left with one record', () => {
    const overrides = after(link('RENTROLL:1', 'LEASEY:7'), { kind: 'unlink', record: r('LEASEY:7') });
    expect(overrides).toEqual({ link: [], unlink: [], alone: ['LEASEY:7'] });
  });

  it('clears a record\'s unlink, and its link with the group\'s last other record', () => {
    expect(after({ kind: 'unlink', record: r('LEASEY:7') }, { kind: 'clear', record: r('LEASEY:7') })).toEqual({ link: [], unlink: [], alone: [] });
    expect(after(link('RENTROLL:1', 'LEASEY:7', 'DEEPRENT:d1'), { kind: 'clear', record: r('LEASEY:7') }).link).toEqual([['RENTROLL:1', 'DEEPRENT:d1']]);
    expect(after(link('RENTROLL:1', 'LEASEY:7'), { kind: 'clear', record: r('LEASEY:7') }).link).toEqual([]);
  });

  it('refuses a record named twice, and more records than one unit has', () => {
    expect(() => planEdit(link('RENTROLL:1', 'LEASEY:7', 'RENTROLL:1'), state(), BY)).toThrow('records[2]: expected each record once, got RENTROLL:1 again (it is records[0] too)');
    const many = Array.from({ length: 101 }, (_, i) => `RENTROLL:${i}`);
    expect(() => planEdit(link(...many), { ...state(), holds: () => true }, BY)).toThrow(/expected at most 100 records in one link, got 101/);
  });

  it('refuses a link through the file\'s links that would join the file\'s unlink pair', () => {
    const file = { link: [['LEASEY:7', 'DEEPRENT:d1'] as const], unlink: [['RENTROLL:1', 'DEEPRENT:d1'] as const] };
    const refused = refusal(() => planEdit(link('RENTROLL:1', 'LEASEY:7'), state([], file), BY));
    expect(refused.extensions['code']).toBe('BAD_USER_INPUT');
    expect(refused.message).toMatch(/would make one unit of RENTROLL:1 and DEEPRENT:d1, which the overrides file \(RENTGRAPH_OVERRIDES\) keeps apart/);
  });
});
