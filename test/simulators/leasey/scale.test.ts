import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type LeaseyHarness } from './harness.js';

// Speed at this size is measured in bench/simulators-scale.ts; this checks the answers.
let h: LeaseyHarness;
beforeAll(async () => {
  h = await startHarness({ rentrollUnits: 100_000 });
}, 120_000);
afterAll(async () => {
  await h.sim.close();
});

describe('Leasey simulator with 100,000 rent-roll units', () => {
  it("pages leads, filters them to one property's and updates a property by id", async () => {
    const page = await h.get<Array<{ Property_ID: number; property_id: string }>>('/properties/leads?company_id=123&limit=500');
    expect(page.body).toHaveLength(500);
    const { Property_ID: id, property_id: uuid } = page.body[0]!;
    const filtered = await h.get<Array<{ property_id: string }>>(`/properties/leads?company_id=123&property_id=${uuid}`);
    expect(filtered.body.length).toBeGreaterThan(0);
    expect(filtered.body.every((lead) => lead.property_id === uuid)).toBe(true);
    const updated = await h.send('PUT', `/properties/${id}`, h.write({ rent_amount: 1234 }));
    expect(updated.status).toBe(200);
    await expect(h.sim.activityTick!()).resolves.not.toThrow();
  }, 60_000);
});
