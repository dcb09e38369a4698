import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRentengineSimulator } from '../../src/simulators/rentengine/server.js';
import { startTestApp, type TestApp } from '../utils/app.js';

interface Money { amount: number; currency: string; period: string | null }
interface Listing {
  id: string;
  status: string | null;
  occupied: boolean | null;
  petsAllowed: string | null;
  petRestrictions: string | null;
  fees: { name: string; kind: string | null; amount: number | null }[];
  amenities: string[];
  showingMethod: string | null;
  prescreeningTemplate: { id: string; name: string } | null;
  leadCount: number | null;
  showingCount: number | null;
  deposit: Money | null;
  contracts: { rent: Money | null; deposit: Money | null; startDate: string | null; endDate: string | null; minimumDays: number | null }[];
  media: { photos: string[]; videos: string[]; floorplans: string[] } | null;
  branch: { agentId: string | null; name: string | null; website: string | null } | null;
  sources: { externalId: string; raw: Record<string, unknown> }[];
}

const LISTINGS = `query ($vendor: Vendor!) { listings(first: 500, filter: { vendor: $vendor }) { edges { node {
  id status occupied petsAllowed petRestrictions fees { name kind amount } amenities showingMethod prescreeningTemplate { id name }
  leadCount showingCount deposit { amount currency period }
  contracts { rent { amount currency period } deposit { amount currency period } startDate endDate minimumDays }
  media { photos videos floorplans } branch { agentId name website } sources { externalId raw }
} } } }`;

describe('what each vendor says beyond the contract', () => {
  let app: TestApp;
  const listings = async (vendor: string) => {
    const { data, errors } = await app.graphql<{ listings: { edges: { node: Listing }[] } }>(LISTINGS, { vendor });
    expect(errors).toBeUndefined();
    return data!.listings.edges.map((e) => e.node);
  };

  beforeAll(async () => {
    app = await startTestApp();
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('shows a RentEngine unit\'s status, occupancy, pets, fees, amenities, showing method and prescreening template', async () => {
    const store = (app.simulator('rentengine') as RunningRentengineSimulator).store;
    const found = await listings('RENTENGINE');
    expect(found.length).toBe(store.units.rows.length);
    for (const listing of found) {
      const unit = store.units.get(Number(listing.sources[0]!.externalId))!;
      expect(listing).toMatchObject({
        status: unit.status, occupied: unit.is_occupied, petsAllowed: unit.pets_allowed === '' ? null : unit.pets_allowed,
        amenities: unit.amenities, showingMethod: unit.showing_method,
      });
      expect(listing.fees).toEqual([
        ...unit.pet_fees.map((f) => ({ name: f.name, kind: f.type, amount: Number(f.amount) })),
        ...unit.monthly_fees.map((f) => ({ name: f.name, kind: f.type, amount: Number(f.amount) })),
      ]);
      const template = unit.prescreen_template_id === null ? null : store.templates.get(unit.prescreen_template_id)!;
      expect(listing.prescreeningTemplate?.name ?? null).toBe(template?.name ?? null);
    }
    expect(found.some((l) => l.fees.length > 0)).toBe(true);
    expect(found.some((l) => l.prescreeningTemplate !== null)).toBe(true);
  });

  it('shows a Leasey property\'s vacancy, lead and showing counts, amenities and photos as its report row has them', async () => {
    const found = await listings('LEASEY');
    expect(found.length).toBeGreaterThan(0);
    for (const listing of found) {
      const row = listing.sources[0]!.raw;
      expect(listing).toMatchObject({
        status: row['Vacancy_Status'], occupied: row['Vacancy_Status'] === 'Occupied', leadCount: row['Lead_Count'], showingCount: row['Showings_Total'],
        amenities: row['Unit_Amenities'], media: { photos: row['Images'], videos: [], floorplans: [] },
      });
    }
    expect(found.some((l) => (l.leadCount ?? 0) > 0)).toBe(true);
  });

  it('shows every StuRents contract with its rent and deposit, the facilities and the media', async () => {
    const found = await listings('STURENTS');
    expect(found.length).toBeGreaterThan(0);
    for (const listing of found) {
      const raw = listing.sources[0]!.raw as { contracts: { deposit: { amount: string; amount_per: string }; available: { start_date: string } }[]; facilities: string[]; media: Listing['media'] };
      expect(listing.contracts).toHaveLength(raw.contracts.length);
      expect(listing.contracts.map((c) => c.startDate)).toEqual(raw.contracts.map((c) => c.available.start_date));
      expect(listing.deposit).toEqual(listing.contracts[0]?.deposit ?? null);
      for (const contract of listing.contracts) expect(contract.deposit).toMatchObject({ currency: 'GBP', period: null });
      expect(listing.amenities).toEqual(raw.facilities);
      expect(listing.media).toEqual(raw.media);
    }
    expect(found.some((l) => l.contracts.length > 1)).toBe(true);
    // Every house is listed under the simulator's one branch.
    const branches = new Set(found.map((l) => JSON.stringify(l.branch)));
    expect(branches.size).toBe(1);
    expect(found[0]!.branch).toMatchObject({ agentId: expect.any(String), name: expect.any(String) });
  });

  it('shows a deep.rent protocol\'s object, as deep.rent names and types it, and its tags', async () => {
    const { data, errors } = await app.graphql<{ protocols: { edges: { node: { object: { externalId: string; name: string | null; type: string | null } | null; tags: string[]; sources: { raw: { object: { id: string; name: string; type: string }; meta: { tags: string[] } } }[] } }[] } }>(
      '{ protocols(first: 100) { edges { node { object { externalId name type } tags sources { raw } } } } }',
    );
    expect(errors).toBeUndefined();
    const protocols = data!.protocols.edges.map((e) => e.node);
    expect(protocols.length).toBeGreaterThan(0);
    for (const protocol of protocols) {
      const raw = protocol.sources[0]!.raw;
      expect(protocol.object).toEqual({ externalId: raw.object.id, name: raw.object.name, type: raw.object.type });
      expect(protocol.tags).toEqual(raw.meta.tags);
    }
    expect(protocols.some((p) => p.tags.length > 1)).toBe(true);
  });

  it('reads one StuRents house by its reference, not the whole list', async () => {
    const reference = app.world.units.find((unit) => unit.ids.sturents !== undefined)!.ids.sturents!;
    // A new app's caches are empty: another app would have read the list already in the tests above.
    const fresh = await startTestApp();
    try {
      fresh.simulator('sturents').server.resetStats();
      const id = Buffer.from(`Listing:STURENTS:${reference}`).toString('base64url');
      const { data, errors } = await fresh.graphql<{ node: { id: string; contracts: unknown[] } | null }>('query ($id: ID!) { node(id: $id) { id ... on Listing { contracts { startDate } } } }', { id });
      expect(errors).toBeUndefined();
      expect(data!.node?.id).toBe(id);
      expect(data!.node!.contracts.length).toBeGreaterThan(0);
      expect(Object.keys(fresh.simulator('sturents').server.stats().byRoute)).toEqual([expect.stringMatching(/^GET \/api\/houses\/[^/]+$/)]);
    } finally {
      await fresh.close();
    }
  });
});
