import { describe, expect, it } from 'vitest';
import { compareRecency, paginateByRecency, recencyPosition, within } from '../../../src/resolvers/common/recency.js';

const item = (vendor: 'RENTENGINE' | 'LEASEY', externalId: string, at: string | null) => ({ vendor, externalId, at });

describe('newest-first ordering', () => {
  const items = [
    item('LEASEY', '7', '2025-01-02T00:00:00Z'),
    item('RENTENGINE', '10', null),
    item('RENTENGINE', '2', '2025-01-03T00:00:00Z'),
    item('RENTENGINE', '9', '2025-01-02T00:00:00+00:00'),
    item('LEASEY', '1', null),
  ];

  it('puts the newest first, ties by vendor record, and items without a time last', () => {
    const sorted = items.map((i) => recencyPosition(i.at, i)).sort(compareRecency);
    expect(sorted.map((p) => p.split('|')[1])).toEqual(['RENTENGINE:2', 'LEASEY:7', 'RENTENGINE:9', 'LEASEY:1', 'RENTENGINE:10']);
  });

  it('continues after a cursor even when the item it points at is gone', () => {
    const first = paginateByRecency('things', items, { first: 2 }, (i) => i.at, (i) => i);
    expect(first.edges.map((e) => e.node.externalId)).toEqual(['2', '7']);
    const rest = paginateByRecency('things', items.filter((i) => i.externalId !== '7'), { first: 10, after: first.pageInfo.endCursor }, (i) => i.at, (i) => i);
    expect(rest.edges.map((e) => e.node.externalId)).toEqual(['9', '1', '10']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it('reads [from, to) with from inclusive and to exclusive, open where not given', () => {
    expect(within('2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z')).toBe(true);
    expect(within('2025-01-02T00:00:00Z', '2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z')).toBe(false);
    expect(within('2024-12-31T23:59:59Z', '2025-01-01T00:00:00Z', null)).toBe(false);
    expect(within(null, null, null)).toBe(true);
    expect(within(null, '2025-01-01T00:00:00Z', null)).toBe(false);
  });
});
