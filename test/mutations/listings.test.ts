import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_CREDENTIALS } from '../../src/simulators/credentials.js';
import type { TestApp } from '../utils/app.js';
import { nodeId, onlyError, resetAll, startMutationApp, writesTo, expectRefusedBeforeVendorCalls } from './support.js';
import { leasey as leaseyModule } from '../../src/vendors/leasey/index.js';

const LISTING_FIELDS = 'id vendor title description rent { amount currency period } availableFrom bedrooms bathrooms unit { id address { line1 city } }';
const CREATE = `mutation ($input: CreateListingInput!) { createListing(input: $input) { ${LISTING_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateListingInput!) { updateListing(id: $id, input: $input) { ${LISTING_FIELDS} } }`;

interface ListingAnswer {
  id: string;
  vendor: string;
  title: string | null;
  description: string | null;
  rent: { amount: number; currency: string; period: string | null } | null;
  availableFrom: string | null;
  bedrooms: number | null;
  bathrooms: number | null;
  unit: { id: string; address: { line1: string; city: string | null } } | null;
}

const { leasey } = SIM_CREDENTIALS;

describe('Leasey listing mutations', () => {
  let app: TestApp;
  let created: ListingAnswer;

  beforeAll(async () => {
    app = await startMutationApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('creates with POST /properties, the password in the body only, and answers the listing as the report shows it', async () => {
    resetAll(app);
    const input = { name: 'Oak Lofts', line1: '456 Oak Ave', city: 'Toronto', region: 'ON', country: 'CA', postalCode: 'M5V 2T6', rent: 2100, bedrooms: 2, bathrooms: 1, availableFrom: '2030-02-01' };
    const { data, errors } = await app.graphql<{ createListing: ListingAnswer }>(CREATE, { input });
    expect(errors).toBeUndefined();

    const writes = writesTo(app, 'leasey');
    expect(writes.map((w) => [w.method, w.url])).toEqual([['POST', '/properties']]);
    expect(writes[0]!.headers['authorization']).toBe(`Bearer ${leasey.apiToken}`);
    expect(writes[0]!.body).toEqual({
      company_id: leasey.companyId,
      password: leasey.companyPassword,
      property: {
        name: 'Oak Lofts', address: '456 Oak Ave', city: 'Toronto', province_state: 'ON', country: 'Canada', postal_code: 'M5V 2T6',
        rent_amount: 2100, bedrooms: 2, bathrooms: 1, date_available: '2030-02-01',
      },
    });
    for (const request of app.simulator('leasey').server.requests()) expect(request.url).not.toContain(leasey.companyPassword);

    created = data!.createListing;
    expect(created).toMatchObject({
      vendor: 'LEASEY', title: expect.stringContaining('Oak Lofts'), rent: { amount: 2100, currency: 'CAD', period: 'MONTH' }, availableFrom: '2030-02-01', bedrooms: 2, bathrooms: 1,
      unit: { address: { line1: '456 Oak Ave', city: 'Toronto' } },
    });
    // Known by the report's Property_ID, so later queries find the same listing.
    expect(Buffer.from(created.id, 'base64url').toString()).toMatch(/^Listing:LEASEY:\d+$/);
    const node = await app.graphql<{ node: { id: string; title: string } }>('query ($id: ID!) { node(id: $id) { id ... on Listing { title } } }', { id: created.id });
    expect(node.data!.node).toEqual({ id: created.id, title: created.title });
  });

  it('updates a listing it created with PUT /properties/{uuid}, changing only the fields given', async () => {
    resetAll(app);
    const { data, errors } = await app.graphql<{ updateListing: ListingAnswer }>(UPDATE, { id: created.id, input: { rent: 2250, description: 'Corner unit, lots of light' } });
    expect(errors).toBeUndefined();
    const writes = writesTo(app, 'leasey');
    expect(writes).toHaveLength(1);
    expect(writes[0]!.method).toBe('PUT');
    expect(writes[0]!.url).toMatch(/^\/properties\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(writes[0]!.body).toEqual({ company_id: leasey.companyId, password: leasey.companyPassword, property: { rent_amount: 2250, description: 'Corner unit, lots of light' } });
    expect(data!.updateListing).toMatchObject({ id: created.id, rent: { amount: 2250 }, description: 'Corner unit, lots of light', availableFrom: '2030-02-01' });
  });

  it('updates a listing it did not create by the report\'s Property_ID', async () => {
    const { data } = await app.graphql<{ listings: { edges: { node: { id: string } }[] } }>('{ listings(first: 1, filter: { vendor: LEASEY }) { edges { node { id } } } }');
    const id = data!.listings.edges[0]!.node.id;
    const propertyId = Buffer.from(id, 'base64url').toString().split(':')[2];
    resetAll(app);
    const updated = await app.graphql<{ updateListing: ListingAnswer }>(UPDATE, { id, input: { availableFrom: '2031-05-01' } });
    expect(updated.errors).toBeUndefined();
    expect(writesTo(app, 'leasey').map((w) => w.url)).toEqual([`/properties/${propertyId}`]);
    expect(updated.data!.updateListing.availableFrom).toBe('2031-05-01');
  });

  it('passes a Leasey 422 on as BAD_USER_INPUT with its messages, and creates nothing', async () => {
    const before = (await app.services.vendors.of(leaseyModule)!.client.propertiesReport()).length;
    resetAll(app);
    app.simulator('leasey').server.setFaults({ script: [422] });
    const error = onlyError(await app.graphql(CREATE, { input: { name: 'Never', line1: '1 Main St', city: 'Toronto', region: 'ON', country: 'Canada' } }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', vendor: 'LEASEY', http: { status: 422 }, details: ['simulated 422'] });
    expect(app.simulator('leasey').server.stats().total).toBe(1);
    app.services.vendors.of(leaseyModule)!.client.invalidate();
    expect(await app.services.vendors.of(leaseyModule)!.client.propertiesReport()).toHaveLength(before);
  });

  it('answers NOT_FOUND when Leasey has no such property', async () => {
    const error = onlyError(await app.graphql(UPDATE, { id: nodeId('Listing', 'LEASEY', '99999999'), input: { rent: 1 } }));
    expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', vendor: 'LEASEY', http: { status: 404 } });
  });

  describe('rejects bad input before any vendor call, naming the field', () => {
    const refuse = (query: string, variables: Record<string, unknown>, field: string, message: RegExp) =>
      expectRefusedBeforeVendorCalls(app, query, variables, field, message);
    const input = { name: 'X', line1: '1 Main St', city: 'Toronto', region: 'ON', country: 'Canada' };

    it('refuses a country Leasey does not list in', () =>
      refuse(CREATE, { input: { ...input, country: 'Narnia' } }, 'input.country', /a country Leasey lists in, by name or ISO code: Canada, United States/));

    it('refuses a negative rent', () => refuse(CREATE, { input: { ...input, rent: -5 } }, 'input.rent', /0 or more, got -5/));

    it('refuses a RentEngine listing id for a Leasey update', () =>
      refuse(UPDATE, { id: nodeId('Listing', 'RENTENGINE', '3318'), input: { rent: 1 } }, 'id', /must be the id of a Leasey Listing, got the id of a RentEngine Listing/));

    it('refuses a unit id for a listing id', () =>
      refuse(UPDATE, { id: Buffer.from('Unit:RENTROLL:1').toString('base64url'), input: { rent: 1 } }, 'id', /expected the id of a Listing, got the id of a Unit/));

    it('refuses clearing the rent', () => refuse(UPDATE, { id: created.id, input: { rent: null } }, 'input.rent', /no documented way to clear it/));

    it('refuses an update that changes nothing', () => refuse(UPDATE, { id: created.id, input: {} }, 'input', /at least one field of UpdateListingInput; nothing to change/));
  });
});
