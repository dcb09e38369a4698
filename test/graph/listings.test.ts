import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetFullSyncs } from '../utils/read-model.js';
import { startTestApp, type TestApp } from '../utils/app.js';

interface ListingNode {
  id: string;
  vendor: string;
  title: string | null;
  published: boolean | null;
  rent: { amount: number; currency: string; period: string | null } | null;
  unit: { id: string; sources: { vendor: string; externalId: string }[] } | null;
  sources: { vendor: string; externalId: string; raw: Record<string, unknown> | null }[];
}

interface ListingPage {
  listings: { edges: { cursor: string; node: ListingNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** Listings only: no field of their units, which would read every vendor record of those units. */
const SLIM = `query($first: Int, $after: String, $vendor: Vendor) {
  listings(first: $first, after: $after, filter: { vendor: $vendor }) { edges { node { id vendor } } pageInfo { endCursor } }
}`;

const PAGE = `query($first: Int, $after: String, $vendor: Vendor) {
  listings(first: $first, after: $after, filter: { vendor: $vendor }) {
    edges { cursor node { id vendor title published rent { amount currency period } unit { id sources { vendor externalId } } sources { vendor externalId raw } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('listings', () => {
  let app: TestApp;
  let all: ListingNode[];
  const count = (vendor: 'rentengine' | 'leasey' | 'sturents') => app.world.units.filter((unit) => unit.ids[vendor] !== undefined).length;

  beforeAll(async () => {
    app = await startTestApp({ synced: true });
    const { data, errors } = await app.graphql<ListingPage>(PAGE, { first: 500 });
    expect(errors).toBeUndefined();
    all = data!.listings.edges.map((edge) => edge.node);
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('lists every RentEngine unit, Leasey property and StuRents house, vendor by vendor', () => {
    const vendors = all.map((listing) => listing.vendor);
    expect(vendors.filter((v) => v === 'RENTENGINE')).toHaveLength(count('rentengine'));
    expect(vendors.filter((v) => v === 'LEASEY')).toHaveLength(count('leasey'));
    expect(vendors.filter((v) => v === 'STURENTS')).toHaveLength(count('sturents'));
    // The stored list runs by vendor, then the vendor's id: each vendor's listings in one run.
    const runs = vendors.filter((vendor, i) => i === 0 || vendor !== vendors[i - 1]);
    expect(runs.sort()).toEqual(['LEASEY', 'RENTENGINE', 'STURENTS']);
  });

  it('marks a RentEngine listing published exactly when its unit is Available', () => {
    const rentengine = all.filter((listing) => listing.vendor === 'RENTENGINE');
    for (const listing of rentengine) expect(listing.published).toBe(listing.sources[0]!.raw!['status'] === 'Available');
    expect(rentengine.some((listing) => listing.published === true)).toBe(true);
    expect(rentengine.some((listing) => listing.published === false)).toBe(true);
  });

  it('links each listing to the merged Unit that holds its vendor record', () => {
    for (const listing of all) {
      const source = listing.sources[0]!;
      expect(listing.sources).toHaveLength(1);
      expect(source.raw).not.toBeNull();
      expect(listing.unit?.sources).toContainEqual({ vendor: listing.vendor, externalId: source.externalId });
    }
  });

  it('visits each listing once, in the same order, when walking `after`', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const { data, errors }: { data: ListingPage | null; errors?: unknown } = await app.graphql<ListingPage>(PAGE, { first: 40, after });
      expect(errors).toBeUndefined();
      seen.push(...data!.listings.edges.map((edge) => edge.node.id));
      if (!data!.listings.pageInfo.hasNextPage) break;
      after = data!.listings.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.map((listing) => listing.id));
  });

  it('answers the listings of the vendor asked for from the store, asking no vendor', async () => {
    for (const sim of ['rentengine', 'leasey', 'sturents'] as const) app.simulator(sim).server.resetStats();
    app.services.cache.invalidate('LEASEY');
    const { data, errors } = await app.graphql<ListingPage>(SLIM, { first: 500, vendor: 'LEASEY' });
    expect(errors).toBeUndefined();
    expect(data!.listings.edges.map((edge) => edge.node.id)).toEqual(all.filter((listing) => listing.vendor === 'LEASEY').map((listing) => listing.id));
    for (const sim of ['rentengine', 'leasey', 'sturents'] as const) expect(app.simulator(sim).server.stats().total).toBe(0);
  });

  it('has no listings of vendors that do not list units', async () => {
    const { data, errors } = await app.graphql<ListingPage>(PAGE, { vendor: 'RENTROLL' });
    expect(errors).toBeUndefined();
    expect(data!.listings.edges).toEqual([]);
  });

  it('fetches a listing by global id and by each vendor\'s own id, and finds it among its unit\'s listings', async () => {
    for (const vendor of ['RENTENGINE', 'LEASEY', 'STURENTS']) {
      const listing = all.find((l) => l.vendor === vendor)!;
      const { data, errors } = await app.graphql<{ byId: { id: string }; bySource: { id: string; unit: { listings: { id: string }[] } } }>(
        `query($id: ID!, $vendor: Vendor!, $ext: String!) {
          byId: node(id: $id) { id }
          bySource: nodeBySource(vendor: $vendor, type: LISTING, externalId: $ext) { id ... on Listing { unit { listings { id } } } }
        }`,
        { id: listing.id, vendor, ext: listing.sources[0]!.externalId },
      );
      expect(errors).toBeUndefined();
      expect(data!.byId.id).toBe(listing.id);
      expect(data!.bySource.id).toBe(listing.id);
      expect(data!.bySource.unit.listings.map((l) => l.id)).toContain(listing.id);
    }
  });

  it('answers null, without a vendor call, for a RentEngine listing id that is not a RentEngine id', async () => {
    app.simulator('rentengine').server.resetStats();
    const { data, errors } = await app.graphql<{ nodeBySource: null }>('{ nodeBySource(vendor: RENTENGINE, type: LISTING, externalId: "not-a-number") { id } }');
    expect(errors).toBeUndefined();
    expect(data!.nodeBySource).toBeNull();
    expect(app.simulator('rentengine').server.stats().total).toBe(0);
  });

  it('rejects a cursor from another list with BAD_USER_INPUT', async () => {
    const { errors } = await app.graphql('{ listings(after: "YzF8bGVhc2VzfDIwMDE") { edges { cursor } } }');
    expect(errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('listings before the read model holds them', () => {
  let app: TestApp;
  const count = (vendor: 'rentengine' | 'leasey' | 'sturents') => app.world.units.filter((unit) => unit.ids[vendor] !== undefined).length;

  beforeAll(async () => {
    app = await startTestApp({ synced: true });
    await forgetFullSyncs(app);
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('reads them from the vendors in precedence order: RentEngine, Leasey, StuRents', async () => {
    const { data, errors } = await app.graphql<ListingPage>(SLIM, { first: 500 });
    expect(errors).toBeUndefined();
    const vendors = data!.listings.edges.map((edge) => edge.node.vendor);
    expect(vendors).toHaveLength(count('rentengine') + count('leasey') + count('sturents'));
    expect(vendors.indexOf('LEASEY')).toBe(count('rentengine'));
    expect(vendors.lastIndexOf('LEASEY')).toBe(count('rentengine') + count('leasey') - 1);
  });

  it('reads only the vendor asked for', async () => {
    for (const sim of ['rentengine', 'leasey', 'sturents'] as const) app.simulator(sim).server.resetStats();
    app.services.cache.invalidate('LEASEY');
    const { data, errors } = await app.graphql<ListingPage>(SLIM, { first: 500, vendor: 'LEASEY' });
    expect(errors).toBeUndefined();
    expect(data!.listings.edges).toHaveLength(count('leasey'));
    expect(app.simulator('leasey').server.stats().byRoute).toEqual({ 'GET /reports/properties': 1 });
    expect(app.simulator('rentengine').server.stats().total).toBe(0);
    expect(app.simulator('sturents').server.stats().total).toBe(0);
  });

  it('does not read RentEngine for a page after its listings', async () => {
    const leaseyCursor = (await app.graphql<ListingPage>(SLIM, { first: count('rentengine') + 1 })).data!.listings.pageInfo.endCursor;
    app.simulator('rentengine').server.resetStats();
    const { data } = await app.graphql<ListingPage>(SLIM, { first: 5, after: leaseyCursor });
    expect(data!.listings.edges.map((edge) => edge.node.vendor)).toEqual(['LEASEY', 'LEASEY', 'LEASEY', 'LEASEY', 'LEASEY']);
    expect(app.simulator('rentengine').server.stats().total).toBe(0);
  });
});
