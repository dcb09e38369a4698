import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type LeaseyHarness } from './harness.js';

type Row = Record<string, unknown>;
const FUNNEL = ['Lead', 'Incomplete Application', 'Application Received', 'Application Under Review', 'Lease Signed'];
const SINCE = 'start_date=2000-01-01T00:00:00';

let h: LeaseyHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.sim.close();
});

const byId = (rows: Row[], key: string) => new Map(rows.map((r) => [r[key], r]));

describe('Leasey live activity', () => {
  it('moves leads forward, changes showings and adds leads, for a poller to find', async () => {
    const leadsBefore = byId((await h.get<Row[]>(`/reports/leads?company_id=123&${SINCE}`)).body, 'Person_ID');
    const showingsBefore = (await h.get<Row[]>(`/reports/showings?company_id=123&${SINCE}`)).body;
    for (let i = 0; i < 10; i++) await h.sim.activityTick!();
    const leadsAfter = byId((await h.get<Row[]>(`/reports/leads?company_id=123&${SINCE}`)).body, 'Person_ID');
    const showingsAfter = (await h.get<Row[]>(`/reports/showings?company_id=123&${SINCE}`)).body;

    let moved = 0;
    for (const [id, after] of leadsAfter) {
      const before = leadsBefore.get(id);
      if (before === undefined || before['Application_Status'] === after['Application_Status']) continue;
      moved++;
      const from = FUNNEL.indexOf(String(before['Application_Status']));
      const to = after['Application_Status'] === 'Archived' ? Number.POSITIVE_INFINITY : FUNNEL.indexOf(String(after['Application_Status']));
      expect(to, `lead ${String(id)}`).toBeGreaterThan(from);
    }
    // 10 steps move 10 to 20 leads; a lead moved twice counts once here.
    expect(moved).toBeGreaterThanOrEqual(5);
    expect(leadsAfter.size).toBeGreaterThan(leadsBefore.size);
    const added = [...leadsAfter.values()].filter((l) => !leadsBefore.has(l['Person_ID']));
    // A lead added in one step may move on in a later one, but it was created now.
    expect(added.every((l) => l['Lead_Date_Created'] === '2026-06-15T12:00:00')).toBe(true);
    expect(added.some((l) => l['Application_Status'] === 'Lead')).toBe(true);
    for (const lead of added) expect([...FUNNEL, 'Archived']).toContain(lead['Application_Status']);
    const changed = showingsAfter.filter((s, i) => s['Showing_Status'] !== showingsBefore[i]!['Showing_Status']);
    expect(changed.length).toBeGreaterThan(0);
  });
});
