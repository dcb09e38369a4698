import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeSlots } from '../../src/simulators/rentengine/availability.js';
import type { TestApp } from '../utils/app.js';
import { availableUnits, nodeId, onlyError, rentengineSim, resetAll, startMutationApp, totalRequests, unitIdOf, utcDayFromNow, writesTo } from './support.js';

const UPSERT = 'mutation ($input: UpsertUnitInput!) { upsertUnit(input: $input) { id sources { externalId } } }';
const INSTALL = `mutation ($lockboxId: ID!, $unitId: ID!, $metadata: LockboxEventMetadataInput) {
  installLockbox(lockboxId: $lockboxId, unitId: $unitId, metadata: $metadata) { id eventType accountId installerId notes metadata }
}`;
const CODE = 'mutation ($input: GenerateLockboxCodeInput!) { generateLockboxCode(input: $input) { code instructions } }';
const ASSIGN = `mutation ($prospectId: ID!, $userIds: [String!]!, $source: LeasingEventSource, $notes: String) {
  assignProspect(prospectId: $prospectId, userIds: $userIds, source: $source, notes: $notes) { id eventType source notes }
}`;
const SCHEDULE = 'mutation ($input: ScheduleShowingInput!) { scheduleShowing(input: $input) { id startsAt } }';

const fieldsOf = (error: { extensions: Record<string, unknown> }) => (error.extensions['fields'] as { field: string }[]).map((f) => f.field).sort();

describe('RentEngine writes with every documented field', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startMutationApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('creates a unit with the documented unit fields, which RentEngine then lists', async () => {
    const store = rentengineSim(app).store;
    const template = store.templates.rows[0]!;
    resetAll(app);
    const input = {
      line1: '77 Lake Shore Dr', city: 'Austin', region: 'TX', postalCode: '78701', bedrooms: 3, bathrooms: 2, squareFeet: 1500,
      propertyType: 'TOWNHOUSE', furnished: true, renovated: '2022 kitchen', parkingSpots: 2, parkingTypes: ['DRIVEWAY', 'PRIVATE_GARAGE'],
      laundry: 'IN_UNIT', rent: 2750, occupied: false, availableFrom: utcDayFromNow(20), yearBuilt: 1998, amenities: ['Patio', 'Dishwasher'],
      highlightedAmenities: ['Patio'], petsAllowed: 'Yes with pet fee', petRestrictions: 'Under 40 lb', keyAccess: 'Lockbox on the back door',
      showingMethod: 'SELF_GUIDED', accessInstructions: { gateCode: '4411' }, marketingDescription: 'Quiet townhouse by the lake',
      prescreeningTemplateId: nodeId('PrescreeningTemplate', 'RENTENGINE', template.id), desiredLeaseMonths: [12, 24],
      allowCooperatingBrokers: true, hoaApplicationRequired: true, hoaApplicationFee: 100, hoaApplicationUrl: 'https://hoa.example.com/apply',
    };
    const { data, errors } = await app.graphql<{ upsertUnit: { sources: { externalId: string }[] } }>(UPSERT, { input });
    expect(errors).toBeUndefined();
    expect(writesTo(app, 'rentengine')[0]!.body).toEqual({
      address: { street_number: '77', street_name: 'Lake Shore Dr', city: 'Austin', state: 'TX', zip_code: '78701', country: 'United States' },
      property_type: 'TOWNHOUSE', bedrooms: 3, bathrooms: 2, sqft: 1500, furnished: true, renovated: '2022 kitchen', num_parking_spots: 2,
      laundry: 'In Unit', parking_type: ['Driveway', 'Private Garage'], target_rental_rate: 2750, is_occupied: false,
      earliest_move_in_date: input.availableFrom, year_built: 1998, amenities: ['Patio', 'Dishwasher'], highlighted_amenities: ['Patio'],
      allow_cooperating_brokers: true, desired_lease_duration_months: [12, 24], pets_allowed: 'Yes with pet fee', pet_restrictions: 'Under 40 lb',
      hoa_app_required: true, hoa_app_fee: 100, hoa_application_url: 'https://hoa.example.com/apply', key_access: 'Lockbox on the back door',
      showing_method: 'Self Guided', structured_access_instructions: { gateCode: '4411' }, marketing_description: 'Quiet townhouse by the lake',
      prescreen_template_id: template.id,
    });
    const unit = store.units.get(Number(data!.upsertUnit.sources[0]!.externalId))!;
    expect(unit).toMatchObject({
      property_type: 'TOWNHOUSE', furnished: true, num_parking_spots: '2', laundry: 'In Unit', target_rental_rate: '2750', year_built: 1998,
      pets_allowed: 'Yes with pet fee', showing_method: 'Self Guided', prescreen_template_id: template.id, desired_lease_duration_months: [12, 24],
      hoa_app_fee: 100, allow_cooperating_brokers: true,
    });
  });

  it('names every bad unit field at once, before any vendor call', async () => {
    resetAll(app);
    const error = onlyError(await app.graphql(UPSERT, {
      input: {
        line1: 'Lake Shore Dr', city: 'Austin', region: 'Texas', postalCode: '78701', bedrooms: -1, bathrooms: 1,
        accessInstructions: { gateCode: '1' }, hoaApplicationUrl: 'ftp://hoa.example.com', yearBuilt: 12, desiredLeaseMonths: [12, 0],
      },
    }));
    expect(error.extensions['code']).toBe('BAD_USER_INPUT');
    expect(fieldsOf(error)).toEqual([
      'input.accessInstructions', 'input.bedrooms', 'input.desiredLeaseMonths[1]', 'input.hoaApplicationUrl', 'input.line1', 'input.region', 'input.yearBuilt',
    ]);
    expect(totalRequests(app)).toBe(0);
  });

  describe('lockboxes', () => {
    let lockbox: { id: string; serial_number: string; account_id: string };
    let lockboxId: string;
    let unitId: string;

    beforeAll(async () => {
      const store = rentengineSim(app).store;
      lockbox = store.lockboxes.rows.find((l) => store.openInstallation(l.id) === undefined)!;
      lockboxId = nodeId('Lockbox', 'RENTENGINE', lockbox.id);
      const free = store.units.rows.find((u) => store.installationsAt(u.id).every((i) => i.uninstalled_at !== null))!;
      unitId = await unitIdOf(app, 'RENTENGINE', free.id);
    });

    it('installs with who installed it and notes, which the event then carries', async () => {
      const installer = [...rentengineSim(app).store.userIds][0]!;
      resetAll(app);
      const { data, errors } = await app.graphql<{ installLockbox: Record<string, unknown> }>(INSTALL, { lockboxId, unitId, metadata: { installerId: installer, notes: 'Front door, left hook' } });
      expect(errors).toBeUndefined();
      const body = writesTo(app, 'rentengine')[0]!.body as { events: Record<string, unknown>[] };
      expect(body.events[0]!['metadata']).toEqual({ installer_id: installer, notes: 'Front door, left hook' });
      expect(data!.installLockbox).toMatchObject({
        eventType: 'INSTALL', accountId: lockbox.account_id, installerId: installer, notes: 'Front door, left hook',
        metadata: { installer_id: installer, notes: 'Front door, left hook' },
      });
    });

    it('generates a shackle code for a named person', async () => {
      resetAll(app);
      const date = utcDayFromNow(1);
      const { data, errors } = await app.graphql<{ generateLockboxCode: { code: string; instructions: string } }>(CODE, { input: { lockboxId, date, createdFor: 'Jo Agent', codeType: 'SHACKLE' } });
      expect(errors).toBeUndefined();
      expect(writesTo(app, 'rentengine')[0]!.body).toEqual({ lockbox_id: lockbox.id, date, created_for: 'Jo Agent', code_type: 'SHACKLE' });
      expect(data!.generateLockboxCode.instructions).toContain('release the shackle');
      const recorded = rentengineSim(app).store.lockboxEvents.rows.at(-1)!;
      expect(recorded).toMatchObject({ event_type: 'Generate Code', metadata: { code_type: 'SHACKLE', created_for: 'Jo Agent' } });
    });

    it('names every bad field of an install at once, before any vendor call', async () => {
      resetAll(app);
      const error = onlyError(await app.graphql(INSTALL, { lockboxId: 'garbled!', unitId, metadata: { installerId: 'bob', notes: ' ' } }));
      expect(fieldsOf(error)).toEqual(['lockboxId', 'metadata.installerId', 'metadata.notes']);
      expect(totalRequests(app)).toBe(0);
    });
  });

  it('assigns a prospect with the channel and notes, and the event answers both', async () => {
    const store = rentengineSim(app).store;
    const prospect = store.prospects.rows[0]!.id;
    resetAll(app);
    const { data, errors } = await app.graphql<{ assignProspect: Record<string, unknown> }>(ASSIGN, {
      prospectId: nodeId('Prospect', 'RENTENGINE', prospect), userIds: [[...store.userIds][0]!], source: 'WHATSAPP', notes: 'Prefers evenings',
    });
    expect(errors).toBeUndefined();
    expect(writesTo(app, 'rentengine')[0]!.body).toMatchObject({ events: [{ prospect_id: prospect, source: 'WhatsApp', notes: 'Prefers evenings' }] });
    expect(data!.assignProspect).toMatchObject({ eventType: 'Assign to User', source: 'WhatsApp', notes: 'Prefers evenings' });
  });

  it('reschedules a booked showing to another window instead of booking a second', async () => {
    const store = rentengineSim(app).store;
    const unit = availableUnits(app)[0]!;
    const unitId = await unitIdOf(app, 'RENTENGINE', unit.id);
    const [first, second] = freeSlots(store, unit, Date.now()).map((s) => new Date(s.startMillis).toISOString());
    const prospect = { firstName: 'Lee', lastName: 'Park', email: 'lee.park@agents.example.com', phone: '5550109090', agentToken: 'ZX98YW' };
    expect((await app.graphql(SCHEDULE, { input: { unitId, startsAt: first, prospect } })).errors).toBeUndefined();
    resetAll(app);
    const { data, errors } = await app.graphql<{ scheduleShowing: { startsAt: string } }>(SCHEDULE, { input: { unitId, startsAt: second, prospect, reschedule: true } });
    expect(errors).toBeUndefined();
    expect(writesTo(app, 'rentengine')[0]!.body).toMatchObject({ plannedForTime: second, rescheduleEvent: true });
    expect(data!.scheduleShowing.startsAt).toBe(second);
    const booked = store.bookedSlots(unit.id);
    expect(booked.has(Date.parse(second!))).toBe(true);
    expect(booked.has(Date.parse(first!))).toBe(false);
  });
});
