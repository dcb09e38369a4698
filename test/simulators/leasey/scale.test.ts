import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type LeaseyHarness } from './harness.js';

// Bounds are loose: the point is that nothing is quadratic in a 100,000-unit portfolio.
let h: LeaseyHarness;
beforeAll(async () => {
  h = await startHarness({ rentrollUnits: 100_000 });
}, 120_000);
afterAll(async () => {
  await h.sim.close();
});

const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
};

describe('Leasey simulator with 100,000 rent-roll units', () => {
  it('pages leads, filters by property and updates by id without scanning for long', async () => {
    const [page, pageMillis] = await timed(() => h.get<Array<{ Property_ID: number; property_id: string }>>('/properties/leads?company_id=123&limit=500'));
    expect(page.body).toHaveLength(500);
    expect(pageMillis).toBeLessThan(3000);
    const { Property_ID: id, property_id: uuid } = page.body[0]!;
    const [filtered, filterMillis] = await timed(() => h.get<unknown[]>(`/properties/leads?company_id=123&property_id=${uuid}`));
    expect(filtered.body.length).toBeGreaterThan(0);
    expect(filterMillis).toBeLessThan(3000);
    const [updated, updateMillis] = await timed(() => h.send('PUT', `/properties/${id}`, h.write({ rent_amount: 1234 })));
    expect(updated.status).toBe(200);
    expect(updateMillis).toBeLessThan(1000);
    const [, tickMillis] = await timed(() => h.sim.activityTick!());
    expect(tickMillis).toBeLessThan(1000);
  }, 60_000);
});
