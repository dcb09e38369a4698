import { describe, expect, it } from 'vitest';
import type { Query } from '../../../src/vendors/http/index.js';
import { createLeadWalker } from '../../../src/vendors/leasey/leads.js';

/** A lead list that honours start_date, end_date and limit like the document says, in the given order. */
function vendor(leads: { Person_ID: number; Lead_Date_Created: string }[], order: 'oldest' | 'newest') {
  const asked: Query[] = [];
  const read = async (query: Query) => {
    asked.push(query);
    const start = query['start_date'] as string | undefined;
    const end = query['end_date'] as string | undefined;
    const rows = leads
      .filter((l) => (start === undefined || l.Lead_Date_Created >= start) && (end === undefined || l.Lead_Date_Created <= end))
      .sort((a, b) => (order === 'oldest' ? 1 : -1) * a.Lead_Date_Created.localeCompare(b.Lead_Date_Created));
    return rows.slice(0, query['limit'] as number);
  };
  return { read, asked };
}

const leads = Array.from({ length: 23 }, (_, i) => ({ Person_ID: 100 + i, Lead_Date_Created: `2025-01-${String(1 + Math.floor(i / 2)).padStart(2, '0')}T10:00:00` }));

describe('the Leasey lead walk', () => {
  it.each(['oldest', 'newest'] as const)('reads every lead once when the vendor answers %s first', async (order) => {
    const { read, asked } = vendor(leads, order);
    const found = await createLeadWalker(read)({ pageSize: 5 });
    expect(found.map((l) => Number(l.raw.Person_ID)).sort()).toEqual(leads.map((l) => l.Person_ID));
    const moved = order === 'oldest' ? 'start_date' : 'end_date';
    expect(asked.slice(1).every((q) => q[moved] !== undefined)).toBe(true);
  });

  it('keeps the caller window and property filter on every request', async () => {
    const { read, asked } = vendor(leads, 'oldest');
    await createLeadWalker(read)({ pageSize: 4, startDate: '2025-01-03', endDate: '2025-01-09T23:59:59', propertyId: 'd9dd4fb0' });
    expect(asked[0]).toMatchObject({ start_date: '2025-01-03T00:00:00', end_date: '2025-01-09T23:59:59', property_id: 'd9dd4fb0', limit: 4 });
    expect(asked.every((q) => q['end_date'] === '2025-01-09T23:59:59' && q['property_id'] === 'd9dd4fb0')).toBe(true);
  });

  it('fails rather than loop when a full page shares one second', async () => {
    const same = Array.from({ length: 6 }, (_, i) => ({ Person_ID: i, Lead_Date_Created: '2025-01-01T00:00:00' }));
    await expect(createLeadWalker(vendor(same, 'oldest').read)({ pageSize: 5 })).rejects.toMatchObject({ code: 'VENDOR_BAD_RESPONSE', message: expect.stringMatching(/cannot be paged past/) });
  });

  it('fails when a full page is in no order', async () => {
    const read = async () => [3, 1, 2].map((d) => ({ Person_ID: d, Lead_Date_Created: `2025-01-0${d}T00:00:00` }));
    await expect(createLeadWalker(read)({ pageSize: 3 })).rejects.toMatchObject({ code: 'VENDOR_BAD_RESPONSE' });
  });

  it('fails when the vendor ignores start_date and repeats the page', async () => {
    const read = async () => leads.slice(0, 4);
    await expect(createLeadWalker(read)({ pageSize: 4 })).rejects.toMatchObject({ code: 'VENDOR_BAD_RESPONSE' });
  });

  it('stops after maxPages with a clear error', async () => {
    await expect(createLeadWalker(vendor(leads, 'oldest').read)({ pageSize: 3, maxPages: 3 })).rejects.toThrow(/after 3 requests/);
  });

  it.each([[1], [501], [2.5]])('refuses a page size of %s', async (pageSize) => {
    await expect(createLeadWalker(vendor(leads, 'oldest').read)({ pageSize })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
