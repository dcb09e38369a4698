import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../utils/app.js';
import { onlyError, resetAll, startMutationApp, totalRequests, utcDayFromNow, writesTo } from './support.js';

const REPORT = 'writeReport { skipped { part message } buildingId floorplanId buildingAmenitiesSaved assignedTeamMemberIds createdTeamMembers { teamMemberId email alreadyExisted } }';
const LISTING = `id title description rent { amount currency } published url sources { raw } ${REPORT}`;
const CREATE = `mutation ($input: CreateListingInput!) { createListing(input: $input) { ${LISTING} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateListingInput!) { updateListing(id: $id, input: $input) { ${LISTING} } }`;

interface WriteReport {
  skipped: { part: string; message: string }[];
  buildingId: number | null;
  floorplanId: number | null;
  buildingAmenitiesSaved: number | null;
  assignedTeamMemberIds: number[];
  createdTeamMembers: { teamMemberId: number; email: string | null; alreadyExisted: boolean | null }[];
}
interface Listing {
  id: string;
  title: string | null;
  description: string | null;
  rent: { amount: number; currency: string } | null;
  published: boolean | null;
  url: string | null;
  sources: { raw: Record<string, unknown> }[];
  writeReport: WriteReport | null;
}

describe('Leasey listing writes with every documented field', () => {
  let app: TestApp;
  let listing: Listing;

  const fullInput = () => ({
    name: 'Maple Court', line1: '12 Maple St', unitNumber: '4B', city: 'Toronto', region: 'ON', country: 'Canada', postalCode: 'M4C 1A1',
    description: 'Bright corner unit', rent: 2450, securityDeposit: 1225, rentPaymentFrequency: 'MONTHLY', leaseTerm: 'FIXED_TERM_THEN_MONTH_TO_MONTH',
    unitType: 'APARTMENT', rentalSpace: 'ENTIRE_PLACE', bedrooms: 2, bathrooms: 1.5, squareFeet: 880, maxOccupancy: 3, parkingStalls: 1,
    furnishing: 'PARTIALLY_FURNISHED', storage: 'AVAILABLE_AT_EXTRA_COST', availableFrom: utcDayFromNow(30),
    applicationUrl: 'https://apply.example.com/maple-4b',
    building: { name: 'Maple Court Towers', unitCount: 24 },
    features: [{ feature: 'DISHWASHER', availability: 'INCLUDED' }, { feature: 'INTERNET', availability: 'AVAILABLE_NOT_INCLUDED' }],
    buildingAmenities: [{ amenity: 'ELEVATOR', availability: 'INCLUDED' }, { amenity: 'FITNESS_CENTER', availability: 'INCLUDED' }],
    restrictions: ['NO_SMOKING', 'NO_CATS'],
    photoUrls: ['https://cdn.example.com/maple-main.jpg', 'https://cdn.example.com/maple-kitchen.jpg'],
    marketplaces: [{ marketplace: 'ZILLOW', enabled: true }, { marketplace: 'FACEBOOK', enabled: true }],
    teamMembers: [
      { email: 'sam.lee@maple.example.com', firstName: 'Sam', lastName: 'Lee', roleId: 12, timeZone: 'America/Toronto' },
      { email: 'nobody@maple.example.com' },
    ],
    contact: { firstName: 'Rita', lastName: 'Moss', email: 'rita@maple.example.com', phone: '4165550100', dialCode: '+1', notifyByEmail: true, notifyBySms: false },
  });

  beforeAll(async () => {
    app = await startMutationApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('creates a listing with every documented field in Leasey\'s own names and values, and returns what Leasey skipped', async () => {
    resetAll(app);
    const input = fullInput();
    const { data, errors } = await app.graphql<{ createListing: Listing }>(CREATE, { input });
    expect(errors).toBeUndefined();

    const [write] = writesTo(app, 'leasey');
    expect((write!.body as { property: unknown }).property).toEqual({
      name: 'Maple Court', address: '12 Maple St', city: 'Toronto', province_state: 'ON', country: 'Canada', postal_code: 'M4C 1A1',
      rent_amount: 2450, bedrooms: 2, bathrooms: 1.5, date_available: input.availableFrom,
      suite_unit: '4B', description: 'Bright corner unit', security_deposit: 1225, rent_payment_frequency: 'monthly',
      renewal_frequency: 'fixed term, renewing month-to-month', unit_type: 'apartment', rental_space: 'entire place',
      size_sqft: 880, max_occupancy: 3, parking_stalls: 1, furnishing: 3, storage_available: 3,
      rental_application_url: 'https://apply.example.com/maple-4b',
      building_name: 'Maple Court Towers', number_of_units: 24,
      features: [{ id: 6, value: 1 }, { id: 21, value: 2 }],
      building_amenities: [{ id: 11, value: 1 }, { id: 4, value: 1 }],
      restrictions: [2, 5],
      photos: [{ url: 'https://cdn.example.com/maple-main.jpg' }, { url: 'https://cdn.example.com/maple-kitchen.jpg' }],
      marketplaces: [{ name: 'zillow', enabled: true }, { name: 'facebook', enabled: true }],
      team_members: [
        { email: 'sam.lee@maple.example.com', first_name: 'Sam', last_name: 'Lee', role_id: 12, timezone: 'America/Toronto' },
        { email: 'nobody@maple.example.com' },
      ],
      owner_contact: { first_name: 'Rita', last_name: 'Moss', email: 'rita@maple.example.com', phone: '4165550100', dial_code: '+1', notify_email: true, notify_sms: false },
    });

    listing = data!.createListing;
    // The second team member has no account and no name to create one with: Leasey skips it, the listing stands.
    expect(listing.writeReport).toMatchObject({
      skipped: [{ part: 'TEAM_MEMBERS', message: expect.stringContaining('nobody@maple.example.com') }],
      buildingId: expect.any(Number),
      buildingAmenitiesSaved: 2,
      createdTeamMembers: [{ teamMemberId: expect.any(Number), email: 'sam.lee@maple.example.com', alreadyExisted: false }],
    });
    expect(listing.writeReport!.assignedTeamMemberIds).toEqual([listing.writeReport!.createdTeamMembers[0]!.teamMemberId]);

    // What Leasey now reports of the property is what was sent.
    expect(listing).toMatchObject({ description: 'Bright corner unit', rent: { amount: 2450, currency: 'CAD' }, published: true });
    expect(listing.sources[0]!.raw).toMatchObject({
      Property_Name: 'Maple Court Towers', Suite_Number: '4B', Unit_Type: 'Apartment', Rental_Space: 'Entire place',
      Lease_Term: 'Fixed term, renewing month-to-month', Furnishing: 'Partially furnished', Storage: 'Yes', Parking_Stalls: 1,
      Max_Occupancy: 3, Square_Footage: 880, Contact_Name: 'Rita Moss', Contact_Phone: '+1 4165550100',
      Images: ['https://cdn.example.com/maple-main.jpg', 'https://cdn.example.com/maple-kitchen.jpg'],
      Unit_Amenities: ['Dishwasher', 'Internet'], Building_Amenities: ['Fitness center / gym', 'Elevator'],
    });
  });

  it('updates the lists and marketplaces, links the building by id and reports the write', async () => {
    resetAll(app);
    const buildingId = listing.writeReport!.buildingId;
    const { data, errors } = await app.graphql<{ updateListing: Listing }>(UPDATE, {
      id: listing.id,
      input: {
        rent: 2500, building: { id: buildingId }, buildingAmenities: [{ amenity: 'SWIMMING_POOL', availability: 'AVAILABLE_NOT_INCLUDED' }],
        photoUrls: ['https://cdn.example.com/maple-new.jpg'], marketplaces: [{ marketplace: 'ZILLOW', enabled: false }, { marketplace: 'FACEBOOK', enabled: false }],
      },
    });
    expect(errors).toBeUndefined();
    expect((writesTo(app, 'leasey')[0]!.body as { property: unknown }).property).toEqual({
      rent_amount: 2500, building_id: buildingId, building_amenities: [{ id: 8, value: 2 }],
      photos: [{ url: 'https://cdn.example.com/maple-new.jpg' }], marketplaces: [{ name: 'zillow', enabled: false }, { name: 'facebook', enabled: false }],
    });
    const updated = data!.updateListing;
    expect(updated.writeReport).toEqual({ skipped: [], buildingId: null, floorplanId: null, buildingAmenitiesSaved: 1, assignedTeamMemberIds: [], createdTeamMembers: [] });
    // Every marketplace off: the listing is no longer published.
    expect(updated).toMatchObject({ id: listing.id, rent: { amount: 2500 }, published: false, url: null });
    expect(updated.sources[0]!.raw).toMatchObject({ Images: ['https://cdn.example.com/maple-new.jpg'], Building_Amenities: ['Swimming pool'] });
  });

  it('shows no write report where a listing is read', async () => {
    const { data, errors } = await app.graphql<{ node: Listing }>(`query ($id: ID!) { node(id: $id) { ... on Listing { id ${REPORT} } } }`, { id: listing.id });
    expect(errors).toBeUndefined();
    expect(data!.node.writeReport).toBeNull();
  });

  it('names every bad field of a listing at once, before any vendor call', async () => {
    resetAll(app);
    const input = {
      ...fullInput(), name: '  ', securityDeposit: -5, photoUrls: ['http://cdn.example.com/insecure.jpg'], applicationUrl: 'not a url',
      teamMembers: [{ firstName: 'Only' }], features: [{ feature: 'OVEN', availability: 'INCLUDED' }, { feature: 'OVEN', availability: 'NOT_AVAILABLE' }],
      contact: { dialCode: '1' }, building: undefined,
    };
    const error = onlyError(await app.graphql(CREATE, { input }));
    expect(error.extensions['code']).toBe('BAD_USER_INPUT');
    const fields = (error.extensions['fields'] as { field: string }[]).map((f) => f.field);
    expect(fields.sort()).toEqual([
      'input.applicationUrl', 'input.buildingAmenities', 'input.contact.dialCode', 'input.features[1]', 'input.name', 'input.photoUrls[0]',
      'input.securityDeposit', 'input.teamMembers[0]', 'input.teamMembers[0]',
    ]);
    expect(error.message).toMatch(/^9 input fields are invalid: /);
    expect(error.message).toContain('input.securityDeposit must be a number of 0 or more, got -5');
    expect(totalRequests(app)).toBe(0);
  });

  it('refuses a null in an update, naming each field, before any vendor call', async () => {
    resetAll(app);
    const error = onlyError(await app.graphql(UPDATE, { id: listing.id, input: { rent: null, photoUrls: null, unitType: 'HOUSE' } }));
    expect((error.extensions['fields'] as { field: string }[]).map((f) => f.field).sort()).toEqual(['input.photoUrls', 'input.rent']);
    expect(error.message).toContain('no documented way to clear it');
    expect(totalRequests(app)).toBe(0);
  });
});
