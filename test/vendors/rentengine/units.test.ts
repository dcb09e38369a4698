import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRentengineUnitSource } from '../../../src/vendors/rentengine/units.js';
import { queryOf, startClientFixture, type ClientFixture } from './harness.js';

describe('RentEngine unit source for the identity sync', () => {
  let f: ClientFixture;

  beforeAll(async () => {
    f = await startClientFixture();
  });
  afterAll(async () => {
    await f.close();
  });

  it('reads every unit, says the set is complete and returns the latest updated_at as watermark', async () => {
    const source = createRentengineUnitSource(f.client);
    const progress: number[] = [];
    const result = await source.list({ since: null, onProgress: (n) => progress.push(n) });
    const store = f.sim.store.units.rows;
    expect(source.vendor).toBe('RENTENGINE');
    expect(result.complete).toBe(true);
    expect(result.records.map((r) => r.externalId).sort()).toEqual(store.map((u) => String(u.id)).sort());
    expect(result.records.every((r) => r.vendor === 'RENTENGINE' && r.address !== null)).toBe(true);
    const latest = Math.max(...store.map((u) => Date.parse(u.updated_at)));
    expect(Date.parse(result.watermark!)).toBe(latest);
    expect(progress.at(-1)).toBe(store.length);
  });

  it('reads only units changed since the watermark with updated_after, then moves the watermark on', async () => {
    const source = createRentengineUnitSource(f.client);
    const first = await source.list({ since: null });
    const target = f.sim.store.units.rows[3]!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await f.client.upsertUnit({ id: target.id, bedrooms: 6 });
    f.sim.server.resetStats();

    const next = await source.list({ since: first.watermark });
    expect(next.complete).toBe(false);
    expect(next.records.map((r) => r.externalId)).toContain(String(target.id));
    expect(next.records.find((r) => r.externalId === String(target.id))!.bedrooms).toBe(6);
    expect(next.records.length).toBeLessThan(first.records.length);
    expect(Date.parse(next.watermark!)).toBeGreaterThan(Date.parse(first.watermark!));
    expect(f.urls().map(queryOf).map((q) => q['updated_after'])).toEqual([first.watermark]);
  });

  it('keeps the watermark when nothing changed', async () => {
    const source = createRentengineUnitSource(f.client);
    const first = await source.list({ since: null });
    const again = await source.list({ since: first.watermark });
    // Only a unit at the watermark itself may come back (the vendor's timestamps are finer than milliseconds).
    expect(again.records.length).toBeLessThanOrEqual(1);
    expect(again.records.every((r) => Date.parse((r.raw as { updated_at: string }).updated_at) >= Date.parse(first.watermark!))).toBe(true);
    expect(again.watermark).toBe(first.watermark);
  });
});
