import { describe, expect, it } from 'vitest';
import { VendorError } from '../../../src/errors.js';
import { checkPayload } from '../../../src/ports/payloads.js';
import {
  countryCode, showingFromLeasingEvent, toFloorplanModel, toLeasingEventModel, toListingModel, toLockboxEventModel, toLockboxInstallation,
  toLockboxModel, toMultifamilyPropertyModel, toPrescreeningTemplateModel, toProspectModel, toShowingAvailability, toSubteamModel, toUnitRecord,
} from '../../../src/vendors/rentengine/map.js';
import {
  rawFloorplan, rawLeasingEvent, rawLockbox, rawLockboxEvent, rawLockboxInstallation, rawMultifamilyProperty, rawPrescreeningTemplate,
  rawProspect, rawShowingAvailability, rawSubteam, rawUnit,
} from '../../../src/vendors/rentengine/raw.js';

const ADDRESS = {
  formatted_address: '186 N Main Rd Unit 35, Denver, CO 80203, USA',
  street_number: '186',
  street_name: 'N Main Rd',
  unit: 'Unit 35',
  city: 'Denver',
  state: 'CO',
  zip_code: '80203',
  country: 'United States',
};
const UNIT = { id: 3318, created_at: '2024-10-05T18:53:03.406168Z', updated_at: '2024-10-06T10:00:00Z', address: ADDRESS, status: 'Available', bedrooms: '3', bathrooms: '2', sqft: '1378', target_rental_rate: '1925', earliest_move_in_date: '2024-10-12', marketing_description: 'Sunny.' };

const unit = (payload: unknown) => checkPayload('RENTENGINE', 'GET /units', rawUnit, payload);

describe('RentEngine unit → UnitRecord', () => {
  it.each([
    ['the live shape (address object, numeric strings)', UNIT,
      { externalId: '3318', address: { line1: '186 N Main Rd', unitNumber: 'Unit 35', city: 'Denver', region: 'CO', postalCode: '80203', country: 'US' }, bedrooms: 3, bathrooms: 2, squareFeet: 1378, ownerId: null, active: null }],
    ['the reference shape (address as an integer id)', { ...UNIT, address: 5123 }, { address: null, bedrooms: 3 }],
    ['an address id sent as a numeric string', { ...UNIT, address: '5123' }, { address: null }],
    ['numbers sent as numbers', { ...UNIT, id: '3319', bedrooms: 3, bathrooms: 2.5, sqft: 1378.4 }, { externalId: '3319', bathrooms: 2.5, squareFeet: 1378 }],
    ['null and missing fields', { id: 1, address: null, bedrooms: null }, { externalId: '1', address: null, bedrooms: null, bathrooms: null, squareFeet: null }],
    ['an address with only a formatted line', { id: 2, address: { formatted_address: '9 Elm St, Austin, TX 78701' } },
      { address: { line1: '9 Elm St, Austin, TX 78701', unitNumber: null, city: null, region: null, postalCode: null, country: null } }],
    ['a street number sent as a number and a blank unit', { id: 3, address: { ...ADDRESS, street_number: 186, unit: ' ', zip_code: 80203 } },
      { address: { line1: '186 N Main Rd', unitNumber: null, postalCode: '80203' } }],
    ['an address object with no street at all', { id: 4, address: { city: 'Denver' } }, { address: null }],
  ])('maps %s', (_name, payload, expected) => {
    expect(toUnitRecord(unit(payload), payload)).toMatchObject(expected);
  });

  it('keeps the payload as sent in raw', () => {
    expect(toUnitRecord(unit(UNIT), UNIT).raw).toBe(UNIT);
  });

  it.each([
    ['United States', 'US'], ['USA', 'US'], ['U.S.A.', 'US'], ['Canada', 'CA'], ['us', 'US'], ['Atlantis', null], [null, null], ['', null],
  ])('reads the country %j as %j', (name, code) => {
    expect(countryCode(name)).toBe(code);
  });
});

describe('RentEngine unit → ListingModel', () => {
  it.each([
    ['an Available unit', UNIT,
      { externalId: '3318', unit: { vendor: 'RENTENGINE', externalId: '3318' }, title: ADDRESS.formatted_address, description: 'Sunny.', published: true,
        rent: { amount: 1925, currency: 'USD', period: 'MONTH' }, availableFrom: '2024-10-12', bedrooms: 3, bathrooms: 2, url: null }],
    ['a Leased unit', { ...UNIT, status: 'Leased' }, { published: false }],
    ['a unit in a status the vendor added later', { ...UNIT, status: 'Paused For Photos' }, { published: false }],
    ['a unit with no status', { ...UNIT, status: null }, { published: null }],
    ['a unit with no rent', { ...UNIT, target_rental_rate: null }, { rent: null }],
    ['a rent sent as a number', { ...UNIT, target_rental_rate: 2100.5 }, { rent: { amount: 2100.5, currency: 'USD', period: 'MONTH' } }],
    ['a unit whose address is an id', { ...UNIT, address: 77 }, { title: null }],
    ['an address without formatted_address', { ...UNIT, address: { ...ADDRESS, formatted_address: null } }, { title: '186 N Main Rd Unit 35, Denver, CO 80203' }],
    ['a move-in date given as a date-time without offset', { ...UNIT, earliest_move_in_date: '2024-10-12T23:30:00' }, { availableFrom: '2024-10-12' }],
    ['a blank description', { ...UNIT, marketing_description: '  ' }, { description: null }],
  ])('maps %s', (_name, payload, expected) => {
    const listing = toListingModel(unit(payload), payload);
    expect(listing).toMatchObject(expected);
    expect(listing.__typename).toBe('Listing');
  });
});

describe('RentEngine lockboxes, events and installations', () => {
  const LOCKBOX = { id: 'a1b2', lockbox_type: 'Sentrilock', serial_number: '1234567', account_id: 'acc-1', created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-02T00:00:00Z' };

  it.each([
    ['the documented object', LOCKBOX, { externalId: 'a1b2', serialNumber: '1234567', lockboxType: 'Sentrilock', accountId: 'acc-1' }],
    ['a serial sent as a number and a type the vendor added later', { ...LOCKBOX, serial_number: 7654321, lockbox_type: 'Codebox' }, { serialNumber: '7654321', lockboxType: 'Codebox' }],
    ['no account', { ...LOCKBOX, account_id: null }, { accountId: null }],
  ])('maps a lockbox: %s', (_name, payload, expected) => {
    expect(toLockboxModel(rawLockbox.parse(payload), payload)).toMatchObject({ __typename: 'Lockbox', vendor: 'RENTENGINE', ...expected });
  });

  const EVENT = { id: 'e1', lockbox_id: 'a1b2', event_type: 'Install', unit_id: '12345', created_at: '2024-05-01T12:00:00Z', metadata: { installer_id: 'u1', notes: 'front door' } };

  it.each([
    ['Install', EVENT, { eventType: 'INSTALL', unitExternalId: '12345', lockboxExternalId: 'a1b2', occurredAt: '2024-05-01T12:00:00.000Z' }],
    ['Uninstall', { ...EVENT, event_type: 'Uninstall' }, { eventType: 'UNINSTALL' }],
    ['Generate Code', { ...EVENT, event_type: 'Generate Code' }, { eventType: 'GENERATE_CODE' }],
    ['an unknown type (null, label kept in raw)', { ...EVENT, event_type: 'Battery Low' }, { eventType: null, raw: { event_type: 'Battery Low' } }],
    ['a unit id sent as a number', { ...EVENT, unit_id: 12345 }, { unitExternalId: '12345' }],
    ['a timestamp without offset (UTC)', { ...EVENT, created_at: '2024-05-01 12:00:00' }, { occurredAt: '2024-05-01T12:00:00.000Z' }],
    ['a timestamp with an offset', { ...EVENT, created_at: '2024-05-01T08:00:00-04:00' }, { occurredAt: '2024-05-01T12:00:00.000Z' }],
  ])('maps a lockbox event: %s', (_name, payload, expected) => {
    expect(toLockboxEventModel(rawLockboxEvent.parse(payload), payload)).toMatchObject({ __typename: 'LockboxEvent', ...expected });
  });

  it('maps an open and a closed installation', () => {
    const open = { id: 'i1', lockbox_id: 'a1b2', unit_id: '12', installed_at: '2024-05-01T12:00:00', uninstalled_at: null };
    expect(toLockboxInstallation(rawLockboxInstallation.parse(open), open)).toMatchObject({ externalId: 'i1', unitExternalId: '12', installedAt: '2024-05-01T12:00:00.000Z', uninstalledAt: null });
    const closed = { ...open, uninstalled_at: '2024-06-01T00:00:00Z' };
    expect(toLockboxInstallation(rawLockboxInstallation.parse(closed), closed).uninstalledAt).toBe('2024-06-01T00:00:00.000Z');
  });
});

describe('RentEngine prospects and leasing events', () => {
  const PROSPECT = { id: 500001, name: 'Ada Park', email: 'ada@example.com', phone: '5551234567', status: 'Showing Scheduled', source: 'Zillow', unit_of_interest: 3318, created_at: '2024-09-01T10:00:00', updated_at: '2024-09-02T10:00:00Z' };

  it.each([
    ['the assumed object', PROSPECT, { externalId: '500001', name: 'Ada Park', status: 'Showing Scheduled', source: 'Zillow', createdAt: '2024-09-01T10:00:00.000Z', unitOfInterest: { vendor: 'RENTENGINE', externalId: '3318' } }],
    ['no unit of interest', { ...PROSPECT, unit_of_interest: null }, { unitOfInterest: null }],
    ['a phone sent as a number and blank contact fields', { ...PROSPECT, phone: 5551234567, name: '', email: null }, { phone: '5551234567', name: null, email: null }],
    ['missing optional fields', { id: '7' }, { externalId: '7', name: null, status: null, source: null, createdAt: null, unitOfInterest: null }],
  ])('maps a prospect: %s', (_name, payload, expected) => {
    expect(toProspectModel(rawProspect.parse(payload), payload)).toMatchObject({ __typename: 'Prospect', ...expected });
  });

  const RECORD = { id: 800001, prospect_id: 500001, unit_id: 3318, event_type: 'Showing Scheduled', source: null, notes: null, planned_date_time: '2024-09-05T15:00:00', created_at: '2024-09-01T10:05:00Z' };

  it.each([
    ['a webhook record', RECORD, undefined,
      { externalId: '800001', eventType: 'Showing Scheduled', stage: 'SHOWING_SCHEDULED', occurredAt: '2024-09-01T10:05:00.000Z', prospect: { externalId: '500001' }, unit: { externalId: '3318' }, notes: null }],
    ['a POST answer (prospect, no event type)', { id: 800002, created_at: '2024-09-01T10:06:00Z', notes: 'hi', prospect: 500001, planned_date_time: null, source: null }, 'Assign to User',
      { eventType: 'Assign to User', stage: 'OTHER', prospect: { externalId: '500001' }, unit: null, notes: 'hi' }],
    ['a type the vendor added later', { ...RECORD, event_type: 'Video Tour Sent' }, undefined, { eventType: 'Video Tour Sent', stage: 'OTHER' }],
    ['a lease signature', { ...RECORD, event_type: 'Lease Signed' }, undefined, { stage: 'LEASE_SIGNED' }],
  ])('maps a leasing event: %s', (_name, payload, fallback, expected) => {
    expect(toLeasingEventModel(rawLeasingEvent.parse(payload), payload, fallback)).toMatchObject({ __typename: 'LeasingEvent', vendor: 'RENTENGINE', ...expected });
  });

  it('reads a showing from a "Showing Scheduled" event with a planned time (no offset means UTC)', () => {
    expect(showingFromLeasingEvent(rawLeasingEvent.parse(RECORD), RECORD)).toEqual({
      __typename: 'Showing', vendor: 'RENTENGINE', externalId: '800001', raw: RECORD,
      unit: { vendor: 'RENTENGINE', externalId: '3318' }, prospect: { vendor: 'RENTENGINE', externalId: '500001' },
      startsAt: '2024-09-05T15:00:00.000Z', endsAt: null, status: 'Showing Scheduled', method: null, teamMember: null,
    });
  });

  it.each([
    ['another event type', { ...RECORD, event_type: 'Showing Complete' }],
    ['no planned time', { ...RECORD, planned_date_time: null }],
  ])('reads no showing from %s', (_name, payload) => {
    expect(showingFromLeasingEvent(rawLeasingEvent.parse(payload), payload)).toBeNull();
  });
});

describe('RentEngine showing availability', () => {
  it('merges available and preferred windows into one ordered list', () => {
    const body = { availability: {
      unitId: 3318,
      preferredShowingWindows: [{ start: '2024-10-01T17:00:00Z', end: '2024-10-01T17:30:00Z', invitedUserIdsArray: ['u1'], showingMethodsAvailable: ['Self Guided'] }],
      availableShowingWindows: [
        { start: '2024-10-01T17:30:00', end: '2024-10-01T18:00:00' },
        { start: '2024-10-01T11:00:00-05:00', end: '2024-10-01T11:30:00-05:00' },
        { start: '2024-10-01T17:00:00.000Z', end: '2024-10-01T17:30:00.000Z', showingMethodsAvailable: ['Accompanied', 'Self Guided'] },
      ],
      showingMethod: 'Self Guided', timezoneName: 'America/Chicago', timezoneAbbreviation: 'CDT', unitStatus: null,
    } };
    expect(toShowingAvailability(rawShowingAvailability.parse(body))).toEqual({
      unitExternalId: '3318',
      windows: [
        { start: '2024-10-01T16:00:00.000Z', end: '2024-10-01T16:30:00.000Z', preferred: false, methods: [] },
        // Listed as available and as preferred: one window, preferred, open to the methods of both.
        { start: '2024-10-01T17:00:00.000Z', end: '2024-10-01T17:30:00.000Z', preferred: true, methods: ['Accompanied', 'Self Guided'] },
        { start: '2024-10-01T17:30:00.000Z', end: '2024-10-01T18:00:00.000Z', preferred: false, methods: [] },
      ],
      showingMethod: 'Self Guided', timezoneName: 'America/Chicago', timezoneAbbreviation: 'CDT', unitStatus: null,
    });
  });
});

describe('RentEngine portfolio objects', () => {
  it.each([
    ['counts as numbers', { id: 'm1', community_name: 'Elm Court', building_count: 2, unit_count: 48, structure_type: 'Garden Style', year_built: 1998, text_address: '1 Elm Ct', account_id: 'acc-1', external_ids: { yardi_id: 'y1' }, deleted: false, created_at: '2024-01-01T00:00:00' },
      { communityName: 'Elm Court', buildingCount: 2, unitCount: 48, structureType: 'Garden Style', yearBuilt: 1998, externalIds: { yardi_id: 'y1' }, deleted: false, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: null, description: null }],
    ['counts as strings and an unknown structure type', { id: 'm2', community_name: 'Tower', building_count: '1', unit_count: '300', structure_type: 'Supertall', year_built: '2021' },
      { buildingCount: 1, unitCount: 300, structureType: 'Supertall', yearBuilt: 2021, externalIds: null, accountId: null, deleted: null }],
  ])('maps a multifamily property: %s', (_name, payload, expected) => {
    expect(toMultifamilyPropertyModel(rawMultifamilyProperty.parse(payload), payload)).toMatchObject({ __typename: 'MultifamilyProperty', ...expected });
  });

  it.each([
    ['the POST body fields', { id: 'f1', multifamily_property_id: 'm1', name: 'A1', bedroom_count: 1, bathroom_count: 1.5, unit_count: 10, units_available: 2, market_rent: 1450.5, min_sqft: 600, max_sqft: 700, deleted: false },
      { propertyExternalId: 'm1', name: 'A1', bedroomCount: 1, bathroomCount: 1.5, unitsAvailable: 2, marketRent: 1450.5, minSqft: 600, maxSqft: 700 }],
    ['numeric strings and nulls', { id: 'f2', multifamily_property_id: 'm1', bedroom_count: '2', bathroom_count: '2.5', market_rent: '$1,900', min_sqft: null },
      { bedroomCount: 2, bathroomCount: 2.5, marketRent: 1900, minSqft: null, name: null, description: null }],
  ])('maps a floorplan: %s', (_name, payload, expected) => {
    expect(toFloorplanModel(rawFloorplan.parse(payload), payload)).toMatchObject({ __typename: 'Floorplan', ...expected });
  });

  it.each([
    ['with users', { id: 's1', name: 'North', account_id: 'acc-1', user_ids: ['u1', 'u2'] }, { name: 'North', accountId: 'acc-1', userIds: ['u1', 'u2'] }],
    ['without users', { id: 's2', name: 'South', user_ids: null }, { accountId: null, userIds: [] }],
  ])('maps a subteam %s', (_name, payload, expected) => {
    expect(toSubteamModel(rawSubteam.parse(payload), payload)).toMatchObject({ __typename: 'Subteam', ...expected });
  });

  it('maps a prescreening template, keeping rules and questions as sent', () => {
    const payload = { id: 't1', name: 'Default', rules: { minimumCreditScore: 600, minimumIncomeRentMultiplier: 2.5 }, questions: [{ question: 'Pets?', type: 'yes_no' }] };
    expect(toPrescreeningTemplateModel(rawPrescreeningTemplate.parse(payload), payload)).toMatchObject({ __typename: 'PrescreeningTemplate', name: 'Default', rules: payload.rules, questions: payload.questions });
  });
});

describe('RentEngine payloads that break the shape', () => {
  it.each([
    ['a unit without an id', rawUnit, { address: ADDRESS }, /at id/],
    ['a unit whose address is text', rawUnit, { id: 1, address: 'somewhere' }, /at address: expected an address id \(integer\) or an address object/],
    ['a unit whose address id is a fraction', rawUnit, { id: 1, address: 3.5 }, /at address: expected an address id \(integer\)/],
    ['a unit whose bedrooms is not a number', rawUnit, { id: 1, bedrooms: 'three' }, /at bedrooms: expected a number or numeric string, got "three"/],
    ['a unit whose updated_at is not a date', rawUnit, { id: 1, updated_at: 'yesterday' }, /at updated_at: expected an ISO 8601 date-time, got "yesterday"/],
    ['a lockbox event without created_at', rawLockboxEvent, { id: 'e', lockbox_id: 'l', event_type: 'Install' }, /at created_at/],
    ['a lockbox without a serial number', rawLockbox, { id: 'l', lockbox_type: 'Sentrilock' }, /at serial_number/],
    ['availability whose windows are not a list', rawShowingAvailability, { availability: { unitId: 1, availableShowingWindows: 'soon' } }, /at availability\.availableShowingWindows/],
  ])('rejects %s as VENDOR_BAD_RESPONSE naming the field', (_name, schema, payload, message) => {
    const check = () => checkPayload('RENTENGINE', 'GET /x', schema, payload);
    expect(check).toThrow(VendorError);
    expect(check).toThrow(message);
    try {
      check();
    } catch (error) {
      expect((error as VendorError).code).toBe('VENDOR_BAD_RESPONSE');
    }
  });
});
