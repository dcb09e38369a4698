import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, leaseyAddress } from '../../../src/simulators/world/index.js';
import { ANCHOR, NOW, startHarness, type LeaseyHarness } from './harness.js';

type Row = Record<string, unknown>;

// The field tables of leasey.md section 4, in order and spelled as there.
const SHOWING_FIELDS = [
  'Property_Name', 'Unit_Name', 'Unit_Address', 'Unit_ID', 'Property_ID', 'Unit_Type', 'Unit_status', 'Unit_publish_status',
  'Vacancy_Status', 'Rental_Space', 'Lease_Term', 'Suite_Number', 'Rent_Amount', 'Parking_Stalls', 'Bedrooms', 'Bathrooms',
  'Square_Footage', 'Max_Occupancy', 'Furnishing', 'Country', 'Days_listed', 'Storage', 'Date_start', 'Date_end',
  'Showing_Status', 'TeamMember', 'TeamMemberRol', 'Lead_source', 'Showing_Feedback', 'Person_ID', 'Application_ID',
  'Lead_Name', 'Lead_First_Name', 'Lead_Last_Name', 'Lead_Email', 'Lead_Phone', 'Application_Status', 'Applicant_Rating',
  'Tenancy_Application_Status', 'Lead_Approval_Status', 'Lead_Note',
];
const LEAD_FIELDS = [
  'Application_ID', 'Applicant_ID', 'Person_ID', 'Lead_Name', 'Lead_First_Name', 'Lead_Last_Name', 'Lead_Email', 'Lead_Phone',
  'Application_Status', 'Applicant_Rating', 'Tenancy_Application_Status', 'Lead_Approval_Status', 'Unit_Name', 'Property_Name',
  'Unit_Address', 'Full_Address', 'Unit_City', 'Unit_Province', 'Unit_Publish_Status', 'Vacancy_Status', 'Rent_Amount',
  'Rent_Payment_Frequency', 'Lease_Type', 'Bedrooms', 'Bathrooms', 'Furnishing', 'Lead_Source', 'Lead_Note',
  'Lead_Date_Created', 'Application_Sent_Date', 'Application_Received_Date',
];
const PROPERTY_FIELDS = [
  'Property_ID', 'Property_URL_Slug', 'Property_Name', 'Unit_Name', 'Unit_Address', 'Unit_Type', 'Unit_Status',
  'Unit_Publish_Status', 'Rental_Space', 'Lease_Term', 'Suite_Number', 'City', 'Province_State', 'Postal_Code', 'Country',
  'Days_Listed', 'Marketing_Start', 'Marketing_End', 'Date_Available', 'Rent_Amount', 'Rent_Market', 'Parking_Stalls',
  'Bedrooms', 'Bathrooms', 'Square_Footage', 'Max_Occupancy', 'Furnishing', 'Storage', 'Vacancy_Status', 'Description',
  'Latitude', 'Longitude', 'Lead_Status', 'Lead_Count', 'Applicant_Status', 'Applicant_Count', 'Lease_Status', 'Lease_Count',
  'Total_Applications', 'Showings_Disqualified', 'Showings_Scheduled', 'Showings_Confirmed', 'Showings_Cancelled',
  'Showings_Total', 'Contact_Name', 'Contact_Email', 'Contact_Phone', 'Images', 'Unit_Amenities', 'Unit_Amenities_Count',
  'Building_Amenities', 'Building_Amenities_Count', 'Listing_URL',
];
const APPLICATION_STATUSES = ['Lead', 'Incomplete Application', 'Application Received', 'Application Under Review', 'Lease Signed', 'Archived'];
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const SINCE_LAST_YEAR = 'start_date=2025-01-01T00:00:00';
const NOW_TEXT = NOW.toISOString().slice(0, 19);

let h: LeaseyHarness;
const rows = async (path: string) => {
  const answer = await h.get<Row[]>(path);
  expect(answer.status, path).toBe(200);
  expect(Array.isArray(answer.body), path).toBe(true);
  return answer.body;
};
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.sim.close();
});

describe('GET /reports/showings', () => {
  it('returns a bare array of rows with exactly the documented fields', async () => {
    const showings = await rows('/reports/showings?company_id=123');
    expect(showings.length).toBeGreaterThan(20);
    for (const row of showings) expect(Object.keys(row)).toEqual(SHOWING_FIELDS);
  });

  it('starts at Jan 1 of the current year by default and includes showings still to come', async () => {
    const showings = await rows('/reports/showings?company_id=123');
    expect(showings.every((s) => String(s['Date_start']) >= '2026-01-01T00:00:00')).toBe(true);
    const future = showings.filter((s) => String(s['Date_start']) > NOW_TEXT);
    expect(future.length).toBeGreaterThan(0);
    expect(future.every((s) => ['Scheduled', 'Confirmed', 'Cancelled'].includes(String(s['Showing_Status'])))).toBe(true);
    expect(new Set(showings.map((s) => s['Showing_Status']))).toEqual(new Set(['Scheduled', 'Confirmed', 'Cancelled', 'Completed', 'Disqualified']));
    for (const s of showings) {
      expect(s['Date_start']).toMatch(DATE_TIME);
      expect(Date.parse(`${String(s['Date_end'])}Z`) - Date.parse(`${String(s['Date_start'])}Z`)).toBe(30 * 60_000);
    }
  });

  it('keeps only showings between start_date and end_date, both inclusive', async () => {
    const all = await rows('/reports/showings?company_id=123');
    const window = await rows('/reports/showings?company_id=123&start_date=2026-06-01T00:00:00&end_date=2026-06-20T23:59:59');
    const expected = all.filter((s) => String(s['Date_start']) >= '2026-06-01T00:00:00' && String(s['Date_start']) <= '2026-06-20T23:59:59');
    expect(window.length).toBeGreaterThan(0);
    expect(window).toEqual(expected);
  });

  it('carries the lead of a booked showing with a dial-code phone, and nulls for an unbooked one', async () => {
    const showings = await rows('/reports/showings?company_id=123');
    const booked = showings.filter((s) => s['Person_ID'] !== null);
    const unbooked = showings.filter((s) => s['Person_ID'] === null);
    expect(booked.length).toBeGreaterThan(0);
    expect(unbooked.length).toBeGreaterThan(0);
    for (const s of booked) expect(s['Lead_Phone']).toMatch(/^\+1 \d{3}-555-\d{4}$/);
    for (const s of unbooked) expect([s['Lead_Name'], s['Lead_Email'], s['Application_ID'], s['Application_Status']]).toEqual([null, null, null, null]);
  });
});

describe('GET /reports/leads', () => {
  it('returns the documented fields, this year by default, last year on request', async () => {
    const thisYear = await rows('/reports/leads?company_id=123');
    const both = await rows(`/reports/leads?company_id=123&${SINCE_LAST_YEAR}`);
    for (const row of thisYear) expect(Object.keys(row)).toEqual(LEAD_FIELDS);
    expect(thisYear.every((l) => String(l['Lead_Date_Created']) >= '2026-01-01T00:00:00')).toBe(true);
    expect(both.some((l) => String(l['Lead_Date_Created']) < '2026-01-01T00:00:00')).toBe(true);
    expect(both.length).toBeGreaterThan(thisYear.length);
    expect(new Set(both.map((l) => l['Application_Status']))).toEqual(new Set(APPLICATION_STATUSES));
  });

  it('filters by creation date with end_date', async () => {
    const leads = await rows('/reports/leads?company_id=123&start_date=2025-03-01T00:00:00&end_date=2025-03-31T23:59:59');
    expect(leads.length).toBeGreaterThan(0);
    expect(leads.every((l) => String(l['Lead_Date_Created']).startsWith('2025-03-'))).toBe(true);
  });

  it('dates the application steps the stage has reached', async () => {
    const leads = await rows(`/reports/leads?company_id=123&${SINCE_LAST_YEAR}`);
    for (const lead of leads) {
      if (lead['Application_Status'] === 'Lead') expect(lead['Application_Sent_Date']).toBeNull();
      if (lead['Application_Status'] === 'Application Received') expect(lead['Application_Received_Date']).toMatch(DATE_TIME);
    }
  });

  it.each([
    ['start_date=2026-01-01', 'start_date'],
    ['start_date=2026-02-30T00:00:00', 'start_date'],
    ['end_date=2026-01-01T00:00:00Z', 'end_date'],
    ['end_date=yesterday', 'end_date'],
  ])('answers ?%s with 400 naming %s', async (query, name) => {
    const answer = await h.get(`/reports/leads?company_id=123&${query}`);
    expect(answer).toMatchObject({ status: 400, body: { error: 'Bad Request', message: expect.stringContaining(name) } });
  });
});

describe('GET /reports/properties', () => {
  it('lists one property per Leasey unit of the world with its Leasey spelling of the address', async () => {
    const properties = await rows('/reports/properties?company_id=123');
    const world = createWorld({ seed: 11, rentrollUnits: 300, anchor: ANCHOR });
    const units = world.units.filter((u) => u.ids.leasey !== undefined);
    expect(properties.map((p) => p['Property_ID'])).toEqual(units.map((u) => u.ids.leasey));
    for (const [i, unit] of units.entries()) {
      const row = properties[i]!;
      expect(Object.keys(row)).toEqual(PROPERTY_FIELDS);
      expect(row).toMatchObject({ ...leaseyAddress(unit), Rent_Amount: unit.rentMonthly, Bedrooms: unit.bedrooms, Bathrooms: unit.bathrooms, Square_Footage: unit.sqft });
    }
  });

  it('ignores date parameters ("always returns all properties")', async () => {
    const all = await rows('/reports/properties?company_id=123');
    expect(await rows('/reports/properties?company_id=123&start_date=2099-01-01T00:00:00')).toEqual(all);
  });

  it('counts each property\'s leads and showings as the other reports list them', async () => {
    const properties = await rows('/reports/properties?company_id=123');
    const showings = await rows('/reports/showings?company_id=123&start_date=2000-01-01T00:00:00');
    const leads = await rows('/properties/leads?company_id=123&limit=500');
    for (const p of properties) {
      const id = p['Property_ID'];
      expect(p['Showings_Total'], `property ${String(id)}`).toBe(showings.filter((s) => s['Property_ID'] === id).length);
      expect(p['Lead_Count'], `property ${String(id)}`).toBe(leads.filter((l) => l['Property_ID'] === id).length);
      expect(p['Unit_Amenities_Count']).toBe((p['Unit_Amenities'] as unknown[]).length);
      expect(p['Listing_URL'] === null).toBe(p['Unit_Publish_Status'] === 'Unpublished');
    }
    expect(new Set(properties.map((p) => p['Lead_Status']))).toEqual(new Set(['No Leads', '1-5 Leads']));
  });
});
