import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../utils/app.js';
import { expectRentengineAuth, nodeId, onlyError, rentengineSim, resetAll, startMutationApp, totalRequests, writesTo, expectRefusedBeforeVendorCalls } from './support.js';

const UPSERT_PROPERTY = `mutation ($input: UpsertMultifamilyPropertyInput!) {
  upsertMultifamilyProperty(input: $input) { id communityName buildingCount unitCount structureType yearBuilt externalIds accountId }
}`;
const UPSERT_FLOORPLAN = `mutation ($input: UpsertFloorplanInput!) {
  upsertFloorplan(input: $input) { id name bedroomCount bathroomCount marketRent property { id communityName } }
}`;

describe('RentEngine portfolio mutations', () => {
  let app: TestApp;
  let accountId: string;
  let propertyId: string;
  const property = () => ({
    communityName: 'Harbor Point', buildingCount: 2, unitCount: 48, structureType: 'garden style', yearBuilt: 1998,
    photos: [{ path: 'https://img.example.com/harbor-1.jpg', hidden: false }], externalIds: { mls_id: 'MLS-77' },
    textAddress: '1 Harbor Way, Oakland, CA 94607', accountId,
  });

  beforeAll(async () => {
    app = await startMutationApp();
    accountId = rentengineSim(app).store.mainAccountId;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('creates a multifamily property with POST /multifamily_properties', async () => {
    resetAll(app);
    const { data, errors } = await app.graphql<{ upsertMultifamilyProperty: { id: string; communityName: string; structureType: string; externalIds: unknown } }>(
      UPSERT_PROPERTY, { input: property() },
    );
    expect(errors).toBeUndefined();
    const writes = writesTo(app, 'rentengine');
    expect(writes.map((w) => w.url)).toEqual(['/api/public/v1/multifamily_properties']);
    expectRentengineAuth(writes[0]!);
    expect(writes[0]!.body).toEqual({
      community_name: 'Harbor Point', building_count: 2, unit_count: 48, structure_type: 'Garden Style', year_built: 1998,
      photos: [{ path: 'https://img.example.com/harbor-1.jpg', hidden: false }], external_ids: { mls_id: 'MLS-77' },
      text_address: '1 Harbor Way, Oakland, CA 94607', account_id: accountId,
    });
    expect(data!.upsertMultifamilyProperty).toMatchObject({ communityName: 'Harbor Point', structureType: 'Garden Style', externalIds: { mls_id: 'MLS-77' } });
    propertyId = data!.upsertMultifamilyProperty.id;
  });

  it('updates it by id', async () => {
    resetAll(app);
    const { data, errors } = await app.graphql<{ upsertMultifamilyProperty: { id: string; communityName: string } }>(
      UPSERT_PROPERTY, { input: { ...property(), id: propertyId, communityName: 'Harbor Point East' } },
    );
    expect(errors).toBeUndefined();
    const uuid = Buffer.from(propertyId, 'base64url').toString().split(':')[2];
    expect(writesTo(app, 'rentengine')[0]!.body).toMatchObject({ id: uuid, community_name: 'Harbor Point East' });
    expect(data!.upsertMultifamilyProperty).toEqual(expect.objectContaining({ id: propertyId, communityName: 'Harbor Point East' }));
  });

  it('adds a floorplan with POST /floorplans, and the property lists it', async () => {
    resetAll(app);
    const { data, errors } = await app.graphql<{ upsertFloorplan: { id: string; name: string; property: { id: string; communityName: string } } }>(
      UPSERT_FLOORPLAN, { input: { propertyId, name: '2B2B', bedroomCount: 2, bathroomCount: 2, marketRent: 2800, minSqft: 900, maxSqft: 1000 } },
    );
    expect(errors).toBeUndefined();
    const uuid = Buffer.from(propertyId, 'base64url').toString().split(':')[2];
    const writes = writesTo(app, 'rentengine');
    expect(writes.map((w) => w.url)).toEqual(['/api/public/v1/floorplans']);
    expectRentengineAuth(writes[0]!);
    expect(writes[0]!.body).toEqual({ multifamily_property_id: uuid, name: '2B2B', bedroom_count: 2, bathroom_count: 2, market_rent: 2800, min_sqft: 900, max_sqft: 1000 });
    const floorplan = data!.upsertFloorplan;
    expect(floorplan).toMatchObject({ name: '2B2B', property: { id: propertyId, communityName: 'Harbor Point East' } });

    const after = await app.graphql<{ node: { floorplans: { id: string }[] } }>('query ($id: ID!) { node(id: $id) { ... on MultifamilyProperty { floorplans { id } } } }', { id: propertyId });
    expect(after.errors).toBeUndefined();
    expect(after.data!.node.floorplans.map((f) => f.id)).toContain(floorplan.id);
  });

  describe('rejects bad input before any vendor call, naming the field', () => {
    const refuse = (query: string, variables: Record<string, unknown>, field: string, message: RegExp) =>
      expectRefusedBeforeVendorCalls(app, query, variables, field, message);

    it('refuses an unknown structure type', () =>
      refuse(UPSERT_PROPERTY, { input: { ...property(), structureType: 'Ranch' } }, 'input.structureType', /one of "Mid Rise", "High Rise", "Garden Style", got "Ranch"/));

    it('refuses external ids that are not an object', () => refuse(UPSERT_PROPERTY, { input: { ...property(), externalIds: ['MLS-1'] } }, 'input.externalIds', /an object of ids/));

    it('refuses a floorplan id where a property id belongs', () =>
      refuse(UPSERT_FLOORPLAN, { input: { propertyId: nodeId('Floorplan', 'RENTENGINE', '3f2b8c1e-9a4d-4c6e-8b1a-2d5e7f9a0c3b') } }, 'input.propertyId',
        /expected the id of a MultifamilyProperty, got the id of a Floorplan/));

    it('refuses a smallest size above the largest', () =>
      refuse(UPSERT_FLOORPLAN, { input: { propertyId, minSqft: 1200, maxSqft: 900 } }, 'input.minSqft', /must not exceed input.maxSqft, got 1200 > 900/));

    it('names every bad field of a property at once', async () => {
      resetAll(app);
      const error = onlyError(await app.graphql(UPSERT_PROPERTY, { input: { ...property(), structureType: 'Ranch', buildingCount: 0, accountId: 'acct-1', photos: [{ path: ' ', hidden: false }] } }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.buildingCount' });
      expect((error.extensions['fields'] as { field: string }[]).map((f) => f.field)).toEqual(['input.buildingCount', 'input.structureType', 'input.photos[0].path', 'input.accountId']);
      expect(error.message).toMatch(/^4 input fields are invalid: input.buildingCount must be a whole number of 1 or more, got 0; /);
      expect(totalRequests(app)).toBe(0);
    });
  });
});
