import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClientFixture, type ClientFixture } from './harness.js';

describe('RentEngine client and the vendor rate limit', () => {
  let f: ClientFixture;

  beforeAll(async () => {
    // The simulator's default limit (20 requests per 5 s per token, ASSUMPTIONS.md) and the client's own.
    f = await startClientFixture({ simulatorRateLimit: 'default', http: { rateLimit: { requests: 20, perMillis: 5_000 } } });
  });
  afterAll(async () => {
    await f.close();
  });

  it('spreads 30 requests over two windows and never meets a 429', async () => {
    const unitIds = f.sim.store.units.rows.slice(0, 30).map((u) => u.id);
    expect(unitIds).toHaveLength(30);
    const started = performance.now();
    const results = await Promise.all(unitIds.map((id) => f.client.showingAvailability(id)));
    const elapsedMillis = performance.now() - started;

    expect(results.map((r) => r.unitExternalId)).toEqual(unitIds.map(String));
    const stats = f.http.stats();
    expect(stats.failures).toEqual({});
    expect(stats.retries).toBe(0);
    expect(stats.upstreamRequests).toBe(30);
    expect(stats.rateLimitWaits).toBeGreaterThanOrEqual(10);
    expect(elapsedMillis).toBeGreaterThanOrEqual(4_900);
    expect(f.sim.server.stats().total).toBe(30);
  });
});
