import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { validate } from '@readme/openapi-parser';
import { startRentrollSimulator } from '../../../src/simulators/rentroll/server.js';
import { createWorld } from '../../../src/simulators/world/index.js';
import type { RunningSimulator } from '../../../src/simulators/types.js';

const auth = { authorization: 'Bearer sim-rentroll-token' };

describe('rent roll simulator', () => {
  let sim: RunningSimulator;
  // The world's leases are drawn around its anchor; the vendor's clock stands at noon that day.
  const anchor = new Date('2026-01-01T00:00:00Z');
  const now = new Date('2026-01-01T12:00:00Z');
  const world = createWorld({ rentrollUnits: 50, anchor });
  beforeAll(async () => {
    sim = await startRentrollSimulator({ world, now: () => now });
  });
  afterAll(async () => {
    await sim.close();
  });
  const get = async (path: string, headers: Record<string, string> = auth) => {
    const response = await request(`${sim.server.origin}${path}`, { headers });
    return { status: response.statusCode, body: (await response.body.json()) as unknown };
  };

  it('lists active and inactive units that together are every rent-roll unit', async () => {
    const active = (await get('/units?isActive=true')).body as { ID: string }[];
    const inactive = (await get('/units?isActive=false')).body as { ID: string }[];
    expect(active.length + inactive.length).toBe(50);
    expect(new Set([...active, ...inactive].map((u) => u.ID)).size).toBe(50);
    expect(Object.keys(active[0]!).sort()).toEqual(['ID', 'bedrooms', 'city', 'ownerID', 'possessionEndDate', 'possessionStartDate', 'sqft', 'state', 'streetAddress', 'unitNumber', 'zip'].sort());
  });

  it('filters leases by isActive and status', async () => {
    const current = (await get('/leases?isActive=true&status=Current')).body as { leaseStart: string; leaseEnd: string; tenants: unknown[] }[];
    const past = (await get('/leases?isActive=false')).body as { leaseEnd: string }[];
    const activePast = (await get('/leases?isActive=true&status=Past')).body as unknown[];
    expect(current.length).toBeGreaterThan(0);
    for (const lease of current) expect(Date.parse(lease.leaseStart) <= now.getTime() && Date.parse(lease.leaseEnd) >= now.getTime()).toBe(true);
    for (const lease of past) expect(Date.parse(lease.leaseEnd)).toBeLessThan(now.getTime());
    expect(activePast).toEqual([]);
    expect(current.every((lease) => lease.tenants.length >= 1 && lease.tenants.length <= 4)).toBe(true);
  });

  it.each([
    ['/units', 400, { error: 'isActive is required and must be true or false' }],
    ['/units?isActive=yes', 400, { error: 'isActive is required and must be true or false' }],
    ['/leases', 400, { error: 'isActive is required and must be true or false' }],
    ['/leases?isActive=true&status=Ongoing', 400, { error: 'status must be one of Past, Current, Future' }],
  ])('answers GET %s with %i and the documented message', async (path, status, body) => {
    expect(await get(path)).toEqual({ status, body });
  });

  it('answers 401 without the bearer token or with a wrong one', async () => {
    expect(await get('/units?isActive=true', {})).toEqual({ status: 401, body: { error: 'Unauthorized' } });
    expect(await get('/units?isActive=true', { authorization: 'Bearer nope' })).toEqual({ status: 401, body: { error: 'Unauthorized' } });
  });

  it('counts requests by route and injects latency', async () => {
    sim.server.resetStats();
    sim.server.setFaults({ latencyMillis: 150 });
    const started = Date.now();
    await get('/units?isActive=true');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    sim.server.setFaults({ latencyMillis: 0 });
    await get('/leases?isActive=true');
    const stats = (await get('/__sim/stats')).body;
    expect(stats).toEqual({ total: 2, byRoute: { 'GET /units': 1, 'GET /leases': 1 } });
  });

  it('serves a valid OpenAPI document, and responses match it', async () => {
    const doc = (await get('/openapi.json')).body as { paths: Record<string, unknown>; components: { schemas: { Unit: { required: string[] } } } };
    await expect(validate(structuredClone(doc) as never)).resolves.toMatchObject({ valid: true });
    const units = (await get('/units?isActive=true')).body as Record<string, unknown>[];
    for (const unit of units) for (const field of doc.components.schemas.Unit.required) expect(unit).toHaveProperty(field);
  });

  it('scales to 100,000 units', () => {
    const big = createWorld({ rentrollUnits: 100_000 });
    expect(big.units.filter((unit) => unit.ids.rentroll !== undefined)).toHaveLength(100_000);
  });
});
