import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type LeaseyHarness } from './harness.js';

interface SimpleLead {
  Person_ID: number; Lead_Name: string; Lead_Email: string; Lead_Phone: string; Application_Status: string;
  Lead_Source: string; Lead_Date_Created: string; Property_ID: number; property_id: string;
}
const FIELDS = ['Person_ID', 'Lead_Name', 'Lead_Email', 'Lead_Phone', 'Application_Status', 'Lead_Source', 'Lead_Date_Created', 'Property_ID', 'property_id'];

let h: LeaseyHarness;
const leads = async (query: string) => {
  const answer = await h.get<SimpleLead[]>(`/properties/leads?company_id=123${query}`);
  expect(answer.status, query).toBe(200);
  return answer.body;
};
// A seed large enough for more leads than the largest page.
beforeAll(async () => {
  h = await startHarness({ rentrollUnits: 1200 });
});
afterAll(async () => {
  await h.sim.close();
});

describe('GET /properties/leads', () => {
  it('returns 100 simplified leads by default, oldest first', async () => {
    const page = await leads('');
    expect(page).toHaveLength(100);
    for (const lead of page) expect(Object.keys(lead)).toEqual(FIELDS);
    const order = page.map((l) => `${l.Lead_Date_Created}|${String(l.Person_ID).padStart(9, '0')}`);
    expect(order).toEqual([...order].sort());
  });

  it('returns up to 500 with limit and refuses other limits with 400', async () => {
    expect(await leads('&limit=500')).toHaveLength(500);
    expect(await leads('&limit=7')).toHaveLength(7);
    for (const limit of ['0', '501', '-1', 'ten', '2.5']) {
      const answer = await h.get(`/properties/leads?company_id=123&limit=${limit}`);
      expect(answer, `limit=${limit}`).toMatchObject({ status: 400, body: { error: 'Bad Request', message: expect.stringContaining('limit') } });
    }
  });

  it('pages through every lead by moving start_date to the last one seen', async () => {
    // A lead is a person's interest in one property; some people have leads on several.
    const key = (lead: SimpleLead) => `${lead.Person_ID}@${lead.Property_ID}`;
    const everything = new Map<string, SimpleLead>();
    for (const lead of await leads('&start_date=2000-01-01T00:00:00&limit=500')) everything.set(key(lead), lead);
    const window = '&end_date=2025-03-31T23:59:59';
    const expected = [...everything.values()].filter((l) => l.Lead_Date_Created <= '2025-03-31T23:59:59').map(key);
    // The oldest 500 must cover the window, or `expected` would be cut short.
    expect(expected.length).toBeGreaterThan(60);
    expect(expected.length).toBeLessThan(everything.size);
    const seen = new Map<string, SimpleLead>();
    let start = '2000-01-01T00:00:00';
    for (let pages = 0; pages < 100; pages++) {
      const page = await leads(`&start_date=${start}${window}&limit=25`);
      const fresh = page.filter((l) => !seen.has(key(l)));
      for (const lead of fresh) seen.set(key(lead), lead);
      if (page.length < 25 || fresh.length === 0) break;
      start = page[page.length - 1]!.Lead_Date_Created;
    }
    expect([...seen.keys()].sort()).toEqual([...expected].sort());
  });

  it('filters by property, given its UUID or its integer Property_ID', async () => {
    const all = await leads('&limit=500');
    const sample = all.find((l) => all.filter((m) => m.Property_ID === l.Property_ID).length >= 2)!;
    const byUuid = await leads(`&property_id=${sample.property_id}&limit=500&start_date=2000-01-01T00:00:00`);
    const byInteger = await leads(`&property_id=${sample.Property_ID}&limit=500&start_date=2000-01-01T00:00:00`);
    expect(byUuid.length).toBeGreaterThanOrEqual(2);
    expect(byInteger).toEqual(byUuid);
    expect(byUuid.every((l) => l.Property_ID === sample.Property_ID && l.property_id === sample.property_id)).toBe(true);
  });

  it('answers an unknown property with 404 and a malformed one with 400', async () => {
    expect(await h.get('/properties/leads?company_id=123&property_id=00000000-0000-4000-a000-000000000000')).toMatchObject({
      status: 404, body: { error: 'Not Found', message: 'Property not found or does not belong to your company' },
    });
    expect((await h.get('/properties/leads?company_id=123&property_id=not-an-id')).status).toBe(400);
  });

  it('applies no default start_date, unlike the reports', async () => {
    const page = await leads('&limit=1');
    expect(page[0]!.Lead_Date_Created < '2026-01-01T00:00:00').toBe(true);
    const thisYear = await leads('&limit=500&start_date=2026-01-01T00:00:00&end_date=2026-01-31T23:59:59');
    expect(thisYear.length).toBeGreaterThan(0);
    expect(thisYear.every((l) => l.Lead_Date_Created.startsWith('2026-01-'))).toBe(true);
  });
});
