import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_COMPANY } from '../../../src/simulators/leasey/seed.js';
import { MINIMAL_PROPERTY, startHarness, writeBody, type LeaseyHarness } from './harness.js';

type Row = Record<string, unknown>;
interface Created { success: boolean; message: string; property_id: string; url_slug: string; building_id?: number }

// The create example of leasey.md section 5.
const DOC_EXAMPLE = {
  name: 'Unit 2B', address: '456 Oak Ave', city: 'Toronto', province_state: 'ON', country: 'Canada', postal_code: 'M5V 2T6',
  unit_type: 'apartment', rental_space: 'entire place', rent_amount: '2100', rent_payment_frequency: 'monthly',
  renewal_frequency: 'month to month', bedrooms: 2, bathrooms: 1, size_sqft: 850, furnishing: 2, parking_stalls: 1,
  date_available: '2025-02-01', building_name: 'Oak Ave Apartments',
  features: [{ id: 1, value: 1 }, { id: 13, value: 1 }], building_amenities: [{ id: 4, value: 1 }],
  restrictions: [1, 2], marketplaces: [{ name: 'zillow', enabled: true }],
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let h: LeaseyHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.sim.close();
});

const create = async (property: object, overrides: Record<string, unknown> = {}) => {
  const answer = await h.send<Created>('POST', '/properties', h.write(property, overrides));
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
};
const update = (id: string | number, property: object) => h.send<Row>('PUT', `/properties/${id}`, h.write(property));
const reportRow = async (slug: string): Promise<Row> => {
  const properties = (await h.get<Row[]>('/reports/properties?company_id=123')).body;
  const row = properties.find((p) => p['Property_URL_Slug'] === slug);
  if (row === undefined) throw new Error(`no property with slug ${slug} in /reports/properties`);
  return row;
};

describe('POST /properties', () => {
  it('creates the doc\'s example and answers 201 with property_id, url_slug and the building blocks', async () => {
    const body = await create(DOC_EXAMPLE);
    expect(body).toEqual({
      success: true, message: 'Property created successfully.', property_id: expect.stringMatching(UUID), url_slug: 'unit-2b',
      building_id: expect.any(Number), building_amenities: { building_id: body.building_id, inserted: 1, skipped: [] },
    });
  });

  it('shows a created property in /reports/properties with its fields mapped to the report columns', async () => {
    const { url_slug: slug } = await create({ ...DOC_EXAMPLE, suite_unit: '12', building_name: 'Queen West Lofts' });
    expect(slug).toBe('unit-2b-12');
    expect(await reportRow(slug)).toMatchObject({
      Property_Name: 'Queen West Lofts', Unit_Name: 'Unit 2B', Unit_Address: '456 Oak Ave', Suite_Number: '12', City: 'Toronto',
      Province_State: 'ON', Postal_Code: 'M5V 2T6', Country: 'Canada', Unit_Type: 'Apartment', Rental_Space: 'Entire place',
      Lease_Term: 'Month to month', Rent_Amount: 2100, Bedrooms: 2, Bathrooms: 1, Square_Footage: 850, Max_Occupancy: 4,
      Parking_Stalls: 1, Furnishing: 'Unfurnished', Storage: 'No', Date_Available: '2025-02-01', Unit_Status: 'Active',
      Unit_Publish_Status: 'Published', Marketing_Start: '2026-06-15', Marketing_End: null, Days_Listed: 0, Lead_Count: 0,
      Unit_Amenities: ['Air conditioning', 'In-suite washer'], Building_Amenities: ['Fitness center / gym'],
      Listing_URL: `https://leasey.ai/rentals/${slug}`,
    });
  });

  it('answers the minimal property without building or team blocks, with the documented defaults', async () => {
    const body = await create({ ...MINIMAL_PROPERTY, name: 'Coach House' });
    expect(Object.keys(body).sort()).toEqual(['message', 'property_id', 'success', 'url_slug']);
    expect(await reportRow(body.url_slug)).toMatchObject({
      Rent_Amount: 0, Unit_Type: 'Apartment', Furnishing: 'Unfurnished', Bedrooms: 0, Unit_Publish_Status: 'Unpublished', Listing_URL: null,
    });
  });

  it('keeps slugs unique', async () => {
    const first = await create({ ...MINIMAL_PROPERTY, name: 'Garden Suite' });
    const second = await create({ ...MINIMAL_PROPERTY, name: 'Garden Suite' });
    expect([first.url_slug, second.url_slug]).toEqual(['garden-suite', 'garden-suite-2']);
  });

  it('links a building by name and by id', async () => {
    const first = await create({ ...MINIMAL_PROPERTY, name: 'A1', building_name: 'Harbour Point' });
    const second = await create({ ...MINIMAL_PROPERTY, name: 'A2', building_name: 'harbour point' });
    const third = await create({ ...MINIMAL_PROPERTY, name: 'A3', building_id: first.building_id });
    expect(second.building_id).toBe(first.building_id);
    expect(third.building_id).toBe(first.building_id);
  });

  it('assigns team members in all three styles and reports what it skipped', async () => {
    const answer = await h.send<{ team_members: unknown }>('POST', '/properties', h.write({
      ...MINIMAL_PROPERTY, name: 'Team Test',
      team_members: [
        { team_member_id: 41 },
        { email: 'sara.white@mycompany.com', first_name: 'Sara', last_name: 'White', role_id: 12, is_admin: false, timezone: 'America/Vancouver' },
        { email: 'nobody@mycompany.com' },
        { team_member_id: 9999 },
      ],
    }));
    expect(answer.status).toBe(201);
    expect(answer.body.team_members).toEqual({
      assigned: [41, expect.any(Number)],
      created: [{ team_member_id: expect.any(Number), user_id: expect.any(Number), person_id: expect.any(Number), email: 'sara.white@mycompany.com', already_existed: false }],
      skipped: [expect.stringContaining('nobody@mycompany.com'), expect.stringContaining('9999')],
    });
  });
});

describe('POST /properties validation', () => {
  it('answers missing required fields and an unlisted enum value with the documented 422 format', async () => {
    const { name: _name, ...noName } = MINIMAL_PROPERTY;
    const answer = await h.send('POST', '/properties', h.write({ ...noName, unit_type: 'studio' }));
    expect(answer).toMatchObject({
      status: 422,
      body: {
        error: 'Unprocessable Entity',
        message: "Validation failed. See 'details' for field-level errors.",
        details: [
          '"name" is required.',
          '"unit_type" invalid: "studio". Valid values: ["apartment", "house", "townhouse", "duplex/triplex", "basement suite", "room only", "other"]',
        ],
      },
    });
  });

  it('lists every field-level problem in details', async () => {
    const answer = await h.send<{ details: string[] }>('POST', '/properties', h.write({
      ...MINIMAL_PROPERTY, rental_space: 'shared room', rent_payment_frequency: 'semi-monthly', renewal_frequency: 'yearly',
      furnishing: 4, storage_available: 0, features: [{ id: 38, value: 1 }, { id: 2, value: 5 }], building_name: 'X',
      building_amenities: [{ id: 13, value: 1 }], restrictions: [6], photos: [{ url: 'http://cdn.example.com/a.jpg' }],
      marketplaces: [{ name: 'myspace', enabled: true }], date_available: '01/02/2025',
    }));
    expect(answer.status).toBe(422);
    expect(answer.body.details.map((d) => d.split(' ')[0])).toEqual([
      '"rental_space"', '"rent_payment_frequency"', '"renewal_frequency"', '"furnishing"', '"storage_available"', '"date_available"',
      '"features[0].id"', '"features[1].value"', '"building_amenities[0].id"', '"restrictions[0]"', '"photos[0].url"', '"marketplaces[0].name"',
    ]);
    expect(answer.body.details).toContain('"furnishing" invalid: 4. Valid values: [1, 2, 3]');
  });

  it('needs a building for building_amenities', async () => {
    const answer = await h.send<{ details: string[] }>('POST', '/properties', h.write({ ...MINIMAL_PROPERTY, building_amenities: [{ id: 1, value: 1 }] }));
    expect(answer.status).toBe(422);
    expect(answer.body.details).toEqual(['"building_amenities" requires building_id, building_name or number_of_units.']);
  });

  it.each([
    ['malformed JSON', '{"company_id": 123,', /^Malformed JSON body/],
    ['a JSON array', '[]', /JSON object/],
    ['no property', writeBody(undefined), /property is required/],
    ['bedrooms as a word', writeBody({ ...MINIMAL_PROPERTY, bedrooms: 'two' }), /^"bedrooms" must be a number, got "two"$/],
    ['features not an array', writeBody({ ...MINIMAL_PROPERTY, features: { id: 1 } }), /^"features" must be an array/],
    ['a photo that is a string', writeBody({ ...MINIMAL_PROPERTY, photos: ['https://x/a.jpg'] }), /^"photos\[0\]" must be an object/],
    ['a property that is a string', writeBody('Unit 2B'), /^"property" must be an object/],
  ])('answers %s with 400', async (_case, payload, message) => {
    const answer = await h.send('POST', '/properties', payload);
    expect(answer).toMatchObject({ status: 400, body: { error: 'Bad Request', message: expect.stringMatching(message) } });
  });
});

describe('PUT /properties/{property_id}', () => {
  it('updates by UUID and answers 200 as documented', async () => {
    const { property_id: id } = await create({ ...MINIMAL_PROPERTY, name: 'Put Target' });
    const answer = await update(id, { rent_amount: '2200', date_available: '2025-03-01' });
    expect(answer).toMatchObject({ status: 200, body: { success: true, message: 'Property updated successfully.', property_id: id } });
  });

  it('also accepts the integer Property_ID of the reports and answers with the UUID', async () => {
    const { property_id: uuid, url_slug: slug } = await create({ ...MINIMAL_PROPERTY, name: 'By Integer' });
    const row = await reportRow(slug);
    const answer = await update(row['Property_ID'] as number, { rent_amount: 1999 });
    expect(answer).toMatchObject({ status: 200, body: { property_id: uuid } });
    expect((await reportRow(slug))['Rent_Amount']).toBe(1999);
  });

  it('changes only the fields sent', async () => {
    const { property_id: id, url_slug: slug } = await create({ ...DOC_EXAMPLE, name: 'Partial' });
    const before = await reportRow(slug);
    await update(id, { rent_amount: '2200', date_available: '2025-03-01' });
    expect(await reportRow(slug)).toEqual({ ...before, Rent_Amount: 2200, Date_Available: '2025-03-01' });
  });

  it('replaces photos, features and building amenities when they are sent', async () => {
    const { property_id: id, url_slug: slug } = await create({
      ...DOC_EXAMPLE, name: 'Replace', building_name: 'Replace Tower',
      photos: [{ url: 'https://cdn.example.com/a.jpg' }, { url: 'https://cdn.example.com/b.jpg' }],
    });
    await update(id, { photos: [{ url: 'https://cdn.example.com/c.jpg' }], features: [{ id: 6, value: 1 }], building_amenities: [{ id: 11, value: 1 }, { id: 1, value: 2 }] });
    expect(await reportRow(slug)).toMatchObject({
      Images: ['https://cdn.example.com/c.jpg'], Unit_Amenities: ['Dishwasher'], Building_Amenities: ['Bike storage', 'Elevator'], Building_Amenities_Count: 2,
    });
  });

  it('shares building amenities with the other units of the building', async () => {
    const first = await create({ ...MINIMAL_PROPERTY, name: 'Shared 1', building_name: 'Shared Court' });
    const second = await create({ ...MINIMAL_PROPERTY, name: 'Shared 2', building_name: 'Shared Court' });
    await update(first.property_id, { building_amenities: [{ id: 8, value: 1 }] });
    expect((await reportRow(second.url_slug))['Building_Amenities']).toEqual(['Swimming pool']);
  });

  it('adds team members and never removes the ones assigned before', async () => {
    const { property_id: id, url_slug: slug } = await create({ ...MINIMAL_PROPERTY, name: 'Additive', team_members: [{ team_member_id: 42 }] });
    const contact = (await reportRow(slug))['Contact_Name'];
    const answer = await update(id, { team_members: [{ team_member_id: 43 }] });
    expect(answer.body['team_members']).toEqual({ assigned: [43], created: [], skipped: [] });
    // Contact_Name is the first assigned member: still 42 if 43 was added, not swapped in.
    expect((await reportRow(slug))['Contact_Name']).toBe(contact);
  });

  it('changes only the marketplaces listed; the listing unpublishes when none is enabled', async () => {
    const { property_id: id, url_slug: slug } = await create({
      ...MINIMAL_PROPERTY, name: 'Markets', marketplaces: [{ name: 'zillow', enabled: true }, { name: 'facebook', enabled: true }],
    });
    await update(id, { marketplaces: [{ name: 'zillow', enabled: false }] });
    expect((await reportRow(slug))['Unit_Publish_Status']).toBe('Published');
    await update(id, { marketplaces: [{ name: 'facebook', enabled: false }] });
    expect(await reportRow(slug)).toMatchObject({ Unit_Publish_Status: 'Unpublished', Marketing_End: '2026-06-15', Listing_URL: null });
    await update(id, { marketplaces: [{ name: 'kijiji', enabled: true }] });
    const republished = await reportRow(slug);
    expect(republished).toMatchObject({ Unit_Publish_Status: 'Published', Marketing_End: null });
    const again = await update(id, { marketplaces: [{ name: 'kijiji', enabled: true }] });
    expect(again.status).toBe(200);
    expect(await reportRow(slug)).toEqual(republished);
  });

  it('answers an unknown id, or another company\'s property, with 404', async () => {
    const notFound = { error: 'Not Found', message: 'Property not found or does not belong to your company' };
    expect(await update('00000000-0000-4000-a000-000000000000', { rent_amount: 1 })).toMatchObject({ status: 404, body: notFound });
    expect(await update(987654, { rent_amount: 1 })).toMatchObject({ status: 404, body: notFound });
    const theirs = await create({ ...MINIMAL_PROPERTY, name: 'Theirs' }, { company_id: OTHER_COMPANY.id, password: OTHER_COMPANY.password });
    expect(await update(theirs.property_id, { rent_amount: 1 })).toMatchObject({ status: 404, body: notFound });
  });

  it('validates updates: an emptied required field or a bad enum is a 422', async () => {
    const { property_id: id } = await create({ ...MINIMAL_PROPERTY, name: 'Validate' });
    const answer = await update(id, { name: '', renewal_frequency: 'annual' });
    expect(answer.status).toBe(422);
    expect(answer.body['details']).toEqual([
      '"name" is required.',
      '"renewal_frequency" invalid: "annual". Valid values: ["month to month", "fixed term", "fixed term, renewing month-to-month"]',
    ]);
  });
});

describe('wrong methods', () => {
  it.each([
    ['POST', '/reports/showings', 'GET'],
    ['PUT', '/reports/leads', 'GET'],
    ['DELETE', '/reports/properties', 'GET'],
    ['GET', '/properties', 'POST'],
    ['PUT', '/properties', 'POST'],
    ['PATCH', '/properties/leads', 'GET'],
    ['GET', '/properties/00000000-0000-4000-a000-000000000000', 'PUT'],
    ['DELETE', '/properties/00000000-0000-4000-a000-000000000000', 'PUT'],
  ])('answers %s %s with 405 and Allow: %s', async (method, path, allowed) => {
    const answer = await h.send(method, path, method === 'GET' ? undefined : {});
    expect(answer.status).toBe(405);
    expect(answer.body).toEqual({ error: 'Method Not Allowed', message: expect.stringContaining(method) });
    expect(answer.headers.get('allow')).toBe(allowed);
  });

  it('answers an unknown path with 404, not 405', async () => {
    expect((await h.get('/reports/tenants?company_id=123')).status).toBe(404);
  });
});
