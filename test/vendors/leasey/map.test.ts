import { describe, expect, it } from 'vitest';
import { VendorError } from '../../../src/errors.js';
import { checkPayload } from '../../../src/ports/payloads.js';
import { countryCode, showingExternalId, toListingModel, toProspectModel, toShowingModel, toUnitRecord } from '../../../src/vendors/leasey/map.js';
import { rawLead, rawProperty, rawShowing } from '../../../src/vendors/leasey/raw.js';

const property = {
  Property_ID: 500, Property_URL_Slug: '525-richmond-dr-b405', Property_Name: '525 Richmond Apartments', Unit_Name: 'Unit B405',
  Unit_Address: '525 Richmond Dr', Unit_Status: 'Active', Unit_Publish_Status: 'Published', Suite_Number: '#B405', City: 'Vancouver',
  Province_State: 'BC', Postal_Code: 'V6B0A0', Country: 'Canada', Date_Available: '2026-12-24', Rent_Amount: 1950, Bedrooms: 1,
  Bathrooms: 1, Square_Footage: 616, Description: '1-bedroom apartment in Vancouver.', Listing_URL: 'https://leasey.ai/rentals/525-richmond-dr-b405',
};

describe('Leasey property rows', () => {
  it.each([
    ['a Canadian property as documented', property,
      { externalId: '500', address: { line1: '525 Richmond Dr', unitNumber: '#B405', city: 'Vancouver', region: 'BC', postalCode: 'V6B0A0', country: 'CA' }, bedrooms: 1, squareFeet: 616, active: true }],
    ['numbers sent as strings and a US country name', { ...property, Property_ID: '501', Country: 'United States', Bedrooms: '2', Bathrooms: '1.5', Square_Footage: '976.4', Postal_Code: 80203 },
      { externalId: '501', address: { country: 'US', postalCode: '80203' }, bedrooms: 2, bathrooms: 1.5, squareFeet: 976 }],
    ['an archived UK property with a blank suite', { ...property, Country: 'United Kingdom', Unit_Status: 'Archived', Suite_Number: '  ' },
      { address: { country: 'GB', unitNumber: null }, active: false }],
    ['an unknown status and country kept as unknown', { ...property, Country: 'Atlantis', Unit_Status: 'Paused' }, { address: { country: null }, active: null }],
    ['nothing but the id', { Property_ID: 7 }, { externalId: '7', address: null, bedrooms: null, bathrooms: null, squareFeet: null, active: null }],
  ])('maps a unit record: %s', (_name, row, expected) => {
    const unit = toUnitRecord(rawProperty.parse(row), row);
    expect(unit).toMatchObject({ vendor: 'LEASEY', ownerId: null, ...expected });
    expect(unit.raw).toBe(row);
  });

  it.each([
    ['Canada', 'CA'], ['canada', 'CA'], ['USA', 'US'], ['U.S.A.', 'US'], ['United States of America', 'US'],
    ['United Kingdom', 'GB'], ['Germany', 'DE'], ['Deutschland', 'DE'], ['Mars', null], [null, null],
  ])('reads the country %s as %s', (name, code) => {
    expect(countryCode(name)).toBe(code);
  });

  it.each([
    ['a published Canadian listing in CAD', property, { title: '525 Richmond Apartments – Unit B405', rent: { amount: 1950, currency: 'CAD', period: 'MONTH' }, availableFrom: '2026-12-24', published: true, url: property.Listing_URL }],
    ['an unpublished US listing in USD with rent as a string', { ...property, Country: 'United States', Unit_Publish_Status: 'Unpublished', Rent_Amount: '2,020' }, { rent: { amount: 2020, currency: 'USD' }, published: false }],
    ['a listing without a country has no rent currency to claim', { ...property, Country: null }, { rent: null }],
    ['a listing without names, rent, date or status', { Property_ID: 9 }, { title: null, rent: null, availableFrom: null, published: null, url: null, description: null }],
    ['a date-time availability reads as its day', { ...property, Date_Available: '2027-01-08T00:00:00' }, { availableFrom: '2027-01-08' }],
  ])('maps a listing: %s', (_name, row, expected) => {
    const listing = toListingModel(rawProperty.parse(row), row);
    expect(listing).toMatchObject({ __typename: 'Listing', vendor: 'LEASEY', unit: { vendor: 'LEASEY', externalId: String(row.Property_ID) }, ...expected });
  });
});

describe('Leasey lead and showing rows', () => {
  const lead = {
    Person_ID: 1035, Lead_Name: 'Aisha Tremblay', Lead_First_Name: 'Aisha', Lead_Last_Name: 'Tremblay', Lead_Email: 'aisha@example.com',
    Lead_Phone: '+1 604-555-6258', Application_Status: 'Application Under Review', Lead_Source: 'Kijiji', Lead_Date_Created: '2025-01-03T09:22:30',
  };

  it.each([
    ['a report row (date without offset is UTC)', lead,
      { externalId: '1035', name: 'Aisha Tremblay', email: 'aisha@example.com', status: 'Application Under Review', source: 'Kijiji', createdAt: '2025-01-03T09:22:30.000Z', unitOfInterest: null }],
    ['a name from its parts and an unknown status kept as sent', { ...lead, Lead_Name: null, Application_Status: 'Waitlisted' }, { name: 'Aisha Tremblay', status: 'Waitlisted' }],
    ['a simplified-list row with a Property_ID', { Person_ID: '1018', Lead_Date_Created: '2025-01-04T02:22:57Z', Property_ID: 508, property_id: 'd9dd4fb0' },
      { externalId: '1018@508', name: null, email: null, createdAt: '2025-01-04T02:22:57.000Z', unitOfInterest: { vendor: 'LEASEY', externalId: '508' }, application: null }],
    ['a report row with its application and note',
      { ...lead, Application_ID: 7001, Applicant_ID: 8001, Applicant_Rating: 4, Tenancy_Application_Status: 'Documents Verified', Lead_Approval_Status: 'Approved',
        Lead_Note: 'Has a cat.', Application_Sent_Date: '2025-01-04T10:00:00', Application_Received_Date: '2025-01-06T12:30:00' },
      { note: 'Has a cat.', application: { id: '7001', applicantId: '8001', status: 'Application Under Review', rating: 4, approvalStatus: 'Approved',
        documentStatus: 'Documents Verified', sentAt: '2025-01-04T10:00:00.000Z', receivedAt: '2025-01-06T12:30:00.000Z' } }],
    ['missing optional fields', { Person_ID: 1 }, { name: null, phone: null, status: null, source: null, createdAt: null, unitOfInterest: null }],
  ])('maps a prospect: %s', (_name, row, expected) => {
    expect(toProspectModel(rawLead.parse(row), row)).toMatchObject({ __typename: 'Prospect', vendor: 'LEASEY', ...expected });
  });

  const showing = { Unit_ID: 90001, Property_ID: 500, Person_ID: 1007, Date_start: '2026-11-16T18:30:00', Date_end: '2026-11-16T19:00:00', Showing_Status: 'Completed', TeamMember: 'Yusuf Singh' };

  it.each([
    ['a documented row', showing,
      { externalId: '90001_1007_20261116T183000Z', unit: { vendor: 'LEASEY', externalId: '500' }, prospect: { vendor: 'LEASEY', externalId: '1007@500' },
        startsAt: '2026-11-16T18:30:00.000Z', endsAt: '2026-11-16T19:00:00.000Z', status: 'Completed', method: null, teamMember: 'Yusuf Singh' }],
    ['a row without a person', { ...showing, Person_ID: null }, { externalId: '90001_-_20261116T183000Z', prospect: null }],
    ['ids sent as strings and an unknown status', { ...showing, Unit_ID: '90002', Property_ID: '501', Showing_Status: 'No-show' }, { externalId: '90002_1007_20261116T183000Z', unit: { externalId: '501' }, status: 'No-show' }],
    ['a row without unit ids or times', { Showing_Status: 'Scheduled' }, { externalId: '-_-_-', unit: null, startsAt: null, endsAt: null, teamMember: null }],
  ])('maps a showing: %s', (_name, row, expected) => {
    expect(toShowingModel(rawShowing.parse(row), row)).toMatchObject({ __typename: 'Showing', vendor: 'LEASEY', ...expected });
  });

  it('gives a showing the same id however its start time is written', () => {
    const a = showingExternalId(rawShowing.parse(showing));
    const b = showingExternalId(rawShowing.parse({ ...showing, Unit_ID: '90001', Date_start: '2026-11-16T18:30:00.000Z' }));
    expect(a).toBe(b);
  });

  it.each([
    ['a property without Property_ID', rawProperty, { Property_Name: 'x' }, /at Property_ID/],
    ['a lead without Person_ID', rawLead, { Lead_Name: 'x' }, /at Person_ID/],
    ['a showing whose start is not a date', rawShowing, { Date_start: 'next tuesday' }, /at Date_start: expected an ISO 8601 date-time, got "next tuesday"/],
    ['a property whose rent is not a number', rawProperty, { Property_ID: 1, Rent_Amount: 'call us' }, /at Rent_Amount: expected a number/],
  ])('rejects %s as VENDOR_BAD_RESPONSE naming the field', (_name, schema, row, message) => {
    const check = () => checkPayload('LEASEY', 'GET /reports/properties', schema, row);
    expect(check).toThrow(VendorError);
    expect(check).toThrow(message);
  });
});
