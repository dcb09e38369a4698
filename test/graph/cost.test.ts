import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENTENGINE_UNITS_PER_CALL } from '../../src/vendors/rentengine/loaders.js';
import type { SimVendor } from '../../src/simulators/index.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { deeprent as deeprentModule } from '../../src/vendors/deeprent/index.js';
import { VENDORS } from '../../src/domain/vendor.js';
import { forgetFullSync } from '../utils/read-model.js';

/** The reference query of docs/reference-queries.md ("Units across every vendor"). */
const UNITS_ACROSS_VENDORS = `query UnitsAcrossVendors($first: Int!) {
  units(first: $first) {
    edges {
      node {
        id
        address { formatted }
        sources { vendor externalId }
        leases { id status }
        lockboxes { id serialNumber }
        listings { id vendor published }
        protocols { id cause }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Page {
  units: { edges: { node: { sources: { vendor: string }[] } }[] };
}

const SIMULATORS: SimVendor[] = ['rentroll', 'rentengine', 'leasey', 'sturents', 'deeprent'];

describe('the cost of a page of units across every vendor, read live before the store holds a full copy of them', () => {
  let app: TestApp;
  let protocolPages: number;
  beforeAll(async () => {
    app = await startTestApp({ synced: true });
    for (const vendor of VENDORS) await forgetFullSync(app, vendor);
    // How many pages the whole live protocol list takes (deep.rent pages by cursor, 200 a page).
    const deeprent = app.simulator('deeprent').server;
    deeprent.resetStats();
    await app.services.vendors.of(deeprentModule)!.client.protocols();
    protocolPages = deeprent.stats().byRoute['GET /external/protocols']!;
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  /** Upstream calls by simulator and route for one run of the query, and the calls it should have made. */
  async function run(first: number) {
    for (const vendor of SIMULATORS) app.simulator(vendor).server.resetStats();
    // Leasey's report is kept across requests; dropped here so each run shows its one call.
    // (StuRents' cache stays: the vendor refuses the same page asked again within 10 s.)
    app.services.cache.invalidate('LEASEY');
    const { data, errors } = await app.graphql<Page>(UNITS_ACROSS_VENDORS, { first });
    expect(errors).toBeUndefined();
    const edges = data!.units.edges;
    const rentengineUnits = edges.flatMap((edge) => edge.node.sources).filter((source) => source.vendor === 'RENTENGINE').length;
    const calls = Object.fromEntries(SIMULATORS.map((vendor) => [vendor, app.simulator(vendor).server.stats().byRoute]));
    return { calls, units: edges.length, rentengineUnitCalls: Math.ceil(rentengineUnits / RENTENGINE_UNITS_PER_CALL) };
  }

  it.each([10, 50, 200])('costs one call per vendor resource for %i units (plus RentEngine id batches of 99 and deep.rent pages)', async (first) => {
    const { calls, units, rentengineUnitCalls } = await run(first);
    expect(units).toBe(first);
    // The rent roll has no id filter and needs isActive=true and =false: two whole-list reads per resource.
    expect(calls['rentroll']).toEqual({ 'GET /units': 2, 'GET /leases': 2 });
    // Id filters go out in batches that fit one page of 100 rows: one call until a page holds more RentEngine units.
    const rentengine = calls['rentengine']!;
    expect(Object.keys(rentengine).sort()).toEqual(['GET /api/public/v1/lockbox_installations', 'GET /api/public/v1/lockboxes', 'GET /api/public/v1/units']);
    expect(rentengine['GET /api/public/v1/units']).toBe(rentengineUnitCalls);
    expect(rentengine['GET /api/public/v1/lockbox_installations']).toBeLessThanOrEqual(rentengineUnitCalls);
    expect(rentengine['GET /api/public/v1/lockboxes']).toBeLessThanOrEqual(rentengineUnitCalls);
    expect(calls['leasey']).toEqual({ 'GET /reports/properties': 1 });
    expect(calls['sturents']!['GET /api/houses'] ?? 0).toBeLessThanOrEqual(1);
    expect(calls['deeprent']).toEqual({ 'GET /external/protocols': protocolPages });
  });

  it('needs one RentEngine units call up to 99 RentEngine units on the page, and the counts do not grow from 10 to 50', async () => {
    const small = await run(10);
    const medium = await run(50);
    expect(small.rentengineUnitCalls).toBe(1);
    expect(medium.rentengineUnitCalls).toBe(1);
    expect(small.calls).toEqual(medium.calls);
  });
});

describe('the cost of a page of units across every vendor once the store holds them', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ synced: true });
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it.each([10, 50, 200])('costs no vendor call for %i units, lockboxes included, with the data of every vendor', async (first) => {
    for (const vendor of SIMULATORS) app.simulator(vendor).server.resetStats();
    const { data, errors } = await app.graphql<{ units: { edges: { node: { sources: { vendor: string }[]; leases: unknown[]; lockboxes: unknown[]; listings: unknown[]; protocols: unknown[] } }[] } }>(UNITS_ACROSS_VENDORS, { first });
    expect(errors).toBeUndefined();
    const units = data!.units.edges.map((edge) => edge.node);
    expect(units).toHaveLength(first);
    expect(new Set(units.flatMap((unit) => unit.sources.map((source) => source.vendor))).size).toBeGreaterThan(1);
    expect(units.some((unit) => unit.leases.length > 0)).toBe(true);
    expect(units.some((unit) => unit.listings.length > 0)).toBe(true);
    if (first >= 50) expect(units.some((unit) => unit.lockboxes.length > 0)).toBe(true);
    expect(SIMULATORS.map((vendor) => app.simulator(vendor).server.stats().total)).toEqual([0, 0, 0, 0, 0]);
  });
});
