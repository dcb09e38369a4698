import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRentengineSimulator } from '../../../src/simulators/rentengine/server.js';
import type { Floorplan, Lockbox, LockboxEvent, LockboxInstallation, MultifamilyProperty, Unit } from '../../../src/simulators/rentengine/types.js';
import { startTestSimulator, type ApiClient } from './harness.js';

let sim: RunningRentengineSimulator;
let api: ApiClient;

beforeAll(async () => {
  ({ sim, api } = await startTestSimulator());
});
afterAll(async () => {
  await sim.close();
});

interface ErrorBody { error: string; details?: { keyword: string; dataPath: string; schemaPath: string; params: Record<string, unknown>; message: string }[] }
const address = { street_number: '742', street_name: 'Evergreen Ter', unit: '2B', city: 'Springfield', state: 'IL', zip_code: '62704' };
const spareLockbox = () => sim.store.lockboxes.rows.find((l) => sim.store.openInstallation(l.id) === undefined)!;
/** A day the simulator (on the system clock) takes as today or later. */
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const unitWithoutLockbox = () => sim.store.units.rows.find((u) => sim.store.installationsAt(u.id).length === 0)!;

describe('POST /units', () => {
  it('creates a unit from address, property_type, bedrooms and bathrooms, then lists it', async () => {
    const created = await api.post<Unit>('/units', { address, property_type: 'CONDO', bedrooms: 2, bathrooms: 1.5, target_rental_rate: 1850 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ property_type: 'CONDO', bedrooms: '2', bathrooms: '1.5', target_rental_rate: '1850', status: 'Incomplete' });
    expect(created.body.address).toMatchObject({ ...address, formatted_address: '742 Evergreen Ter 2B, Springfield, IL 62704, USA', country: 'United States' });
    const listed = await api.get<Unit[]>(`/units?unitIds=${created.body.id}`);
    expect(listed.body).toEqual([created.body]);
  });

  it('names the missing create fields', async () => {
    const response = await api.post<ErrorBody>('/units', { property_type: 'CONDO', bedrooms: 2 });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('creating a unit (no id) needs address, property_type, bedrooms, bathrooms; missing: address, bathrooms');
    expect(response.body.details!.map((d) => d.params['missingProperty'])).toEqual(['address', 'bathrooms']);
  });

  it('updates a unit by id with nothing else required', async () => {
    const unit = sim.store.units.rows[3]!;
    const response = await api.post<Unit>('/units', { id: unit.id, status: 'On Hold', bedrooms: 4 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: unit.id, status: 'On Hold', bedrooms: '4' });
    expect(Date.parse(response.body.updated_at)).toBeGreaterThan(Date.now() - 5_000);
    expect((await api.get<Unit[]>(`/units?unitIds=${unit.id}`)).body[0]!.status).toBe('On Hold');
  });

  it('refuses a partial address update, naming the missing parts', async () => {
    const unit = sim.store.units.rows[4]!;
    const response = await api.post<ErrorBody>('/units', { id: unit.id, address: { street_number: '1', street_name: 'Main St', state: 'TX' } });
    expect(response.status).toBe(400);
    expect(response.body.error).toContain('partial address updates are not supported); missing: city, zip_code');
    expect(response.body.details!.map((d) => d.params['missingProperty'])).toEqual(['city', 'zip_code']);
    expect(sim.store.units.get(unit.id)!.address.street_number).not.toBe('1');
  });

  it('answers 404 for an unknown id and 400 with Ajv-like details for a wrong type', async () => {
    expect(await api.post('/units', { id: 999_999_999, status: 'Leased' })).toMatchObject({ status: 404, body: { error: 'Unit 999999999 not found' } });
    const wrong = await api.post<ErrorBody>('/units', { id: 3318, bedrooms: 'three', status: 'Rented' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details).toEqual([
      { keyword: 'type', dataPath: '/bedrooms', schemaPath: '#/properties/bedrooms/type', params: { type: 'number' }, message: 'must be number' },
      expect.objectContaining({ keyword: 'enum', dataPath: '/status', message: 'must be equal to one of the allowed values' }),
    ]);
    expect(wrong.body.error).toContain('Invalid request parameters: bedrooms must be number');
  });

  it('requires showing_method with structured access instructions', async () => {
    const response = await api.post<ErrorBody>('/units', { id: 3318, structured_access_instructions: { gateCode: '1234' } });
    expect(response.status).toBe(400);
    expect(response.body.error).toContain('structured_access_instructions needs showing_method');
  });
});

describe('POST /lockboxes and transfer_accounts', () => {
  it('creates Sentrilock lockboxes, one per serial number', async () => {
    const response = await api.post<Lockbox[]>('/lockboxes', { lockbox_type: 'Sentrilock', serial_numbers: ['9100001', '9100002'], account_id: sim.store.mainAccountId });
    expect(response.status).toBe(201);
    expect(response.body.map((l) => l.serial_number)).toEqual(['9100001', '9100002']);
    expect((await api.get<Lockbox[]>('/lockboxes?serial_numbers=9100001,9100002')).body).toHaveLength(2);
  });

  it('refuses Codebox, duplicate serials, and a foreign account', async () => {
    const codebox = await api.post<ErrorBody>('/lockboxes', { lockbox_type: 'Codebox', serial_numbers: ['1'], account_id: sim.store.mainAccountId });
    expect(codebox.status).toBe(400);
    expect(codebox.body.error).toContain('only Sentrilock lockboxes can be created');
    const taken = sim.store.lockboxes.rows[0]!;
    const duplicate = await api.post<ErrorBody>('/lockboxes', { lockbox_type: 'Sentrilock', serial_numbers: [taken.serial_number], account_id: sim.store.mainAccountId });
    expect(duplicate.body.error).toBe(`serial number ${taken.serial_number} is already registered as lockbox ${taken.id}`);
    const foreign = await api.post<ErrorBody>('/lockboxes', { lockbox_type: 'Sentrilock', serial_numbers: ['9100003'], account_id: '00000000-0000-4000-a000-000000000000' });
    expect(foreign.status).toBe(403);
  });

  it('answers the documented required-property detail when account_id is missing', async () => {
    const response = await api.post<ErrorBody>('/lockboxes', { lockbox_type: 'Sentrilock', serial_numbers: ['9100004'] });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ keyword: 'required', dataPath: '', schemaPath: '#/required', params: { missingProperty: 'account_id' }, message: "must have required property 'account_id'" }]);
  });

  it('moves lockboxes to another account', async () => {
    const other = [...sim.store.accounts.keys()].find((id) => id !== sim.store.mainAccountId)!;
    const lockbox = sim.store.lockboxes.rows.find((l) => l.account_id === sim.store.mainAccountId)!;
    const response = await api.post<Lockbox[]>('/lockboxes/transfer_accounts', { lockbox_ids: [lockbox.id], new_account_id: other });
    expect(response.status).toBe(200);
    expect(response.body[0]).toMatchObject({ id: lockbox.id, account_id: other });
    expect((await api.get<Lockbox[]>(`/lockboxes?lockbox_ids=${lockbox.id}&account_id=${other}`)).body).toHaveLength(1);
    expect((await api.post('/lockboxes/transfer_accounts', { lockbox_ids: ['00000000-0000-4000-a000-000000000001'], new_account_id: other })).status).toBe(404);
    expect((await api.post('/lockboxes/transfer_accounts', { lockbox_ids: [lockbox.id], new_account_id: '00000000-0000-4000-a000-000000000000' })).status).toBe(403);
  });
});

describe('POST /lockboxes/generate_code', () => {
  it('generates a code by lockbox_id, serial_number or unit_id and records a "Generate Code" event', async () => {
    const installation = sim.store.installations.rows.find((i) => i.uninstalled_at === null)!;
    const lockbox = sim.store.lockboxes.get(installation.lockbox_id)!;
    const date = tomorrow();
    for (const locator of [{ lockbox_id: lockbox.id }, { serial_number: lockbox.serial_number }, { unit_id: Number(installation.unit_id) }]) {
      const response = await api.post<{ code: string; lockboxType: string; instructions: string }>('/lockboxes/generate_code', { ...locator, date, code_type: 'ACCESS' });
      expect(response.status).toBe(200);
      expect(response.body.code).toMatch(/^\d{7}$/);
      expect(response.body.lockboxType).toBe('Sentrilock');
      expect(response.body.instructions).toContain(lockbox.serial_number);
    }
    const events = (await api.get<LockboxEvent[]>(`/lockbox_events?lockbox_ids=${lockbox.id}&event_types=Generate Code`)).body;
    expect(events.filter((e) => e.metadata['date'] === date)).toHaveLength(3);
  });

  it('needs one locator, a valid date, and a lockbox that is installed', async () => {
    const date = tomorrow();
    const none = await api.post<ErrorBody>('/lockboxes/generate_code', { date });
    expect(none.status).toBe(400);
    expect(none.body.error).toBe('one of lockbox_id, serial_number or unit_id is required to find the lockbox');
    const badDate = await api.post<ErrorBody>('/lockboxes/generate_code', { unit_id: 3318, date: '2030-02-30' });
    expect(badDate.body.details![0]).toMatchObject({ keyword: 'format', dataPath: '/date', params: { format: 'date' } });
    const bare = unitWithoutLockbox();
    expect(await api.post('/lockboxes/generate_code', { unit_id: bare.id, date })).toMatchObject({ status: 404, body: { error: `No lockbox is installed at unit ${bare.id}` } });
    const spare = spareLockbox();
    const idle = await api.post<ErrorBody>('/lockboxes/generate_code', { lockbox_id: spare.id, date });
    expect(idle.status).toBe(400);
    expect(idle.body.error).toContain('is not installed at any unit');
  });

  it('takes "today" from the vendor\'s clock: its UTC yesterday still passes, the day before is refused', async () => {
    // A clock far from the machine's: a simulator that read the machine's clock would answer otherwise.
    const fixed = await startTestSimulator({ now: () => new Date('2025-03-10T12:00:00Z') });
    try {
      const lockboxId = fixed.sim.store.installations.rows.find((i) => i.uninstalled_at === null)!.lockbox_id;
      const early = await fixed.api.post<ErrorBody>('/lockboxes/generate_code', { lockbox_id: lockboxId, date: '2025-03-08' });
      expect(early).toMatchObject({ status: 400, body: { error: 'date must be today or later (YYYY-MM-DD), got 2025-03-08' } });
      expect((await fixed.api.post('/lockboxes/generate_code', { lockbox_id: lockboxId, date: '2025-03-09' })).status).toBe(200);
      const events = (await fixed.api.get<LockboxEvent[]>(`/lockbox_events?lockbox_ids=${lockboxId}&event_types=Generate Code`)).body;
      expect(events.map((e) => [e.metadata['date'], e.created_at])).toEqual([['2025-03-09', '2025-03-10T12:00:00.000Z']]);
    } finally {
      await fixed.sim.close();
    }
  });
});

describe('POST /lockbox_events', () => {
  it('opens an installation on Install and closes it on Uninstall', async () => {
    const lockbox = spareLockbox();
    const unit = unitWithoutLockbox();
    const installed = await api.post<LockboxEvent[]>('/lockbox_events', { events: [{ lockbox_id: lockbox.id, event_type: 'Install', unit_id: unit.id }] });
    expect(installed.status).toBe(201);
    expect(installed.body[0]).toMatchObject({ lockbox_id: lockbox.id, event_type: 'Install', unit_id: String(unit.id), account_id: lockbox.account_id });
    const open = (await api.get<LockboxInstallation[]>(`/lockbox_installations?lockbox_ids=${lockbox.id}&active=true`)).body;
    expect(open).toEqual([expect.objectContaining({ unit_id: String(unit.id), uninstalled_at: null })]);

    const removed = await api.post<LockboxEvent[]>('/lockbox_events', { events: [{ lockbox_id: lockbox.id, event_type: 'Uninstall', unit_id: unit.id }] });
    expect(removed.status).toBe(201);
    expect((await api.get<LockboxInstallation[]>(`/lockbox_installations?lockbox_ids=${lockbox.id}&active=true`)).body).toEqual([]);
    expect((await api.get<LockboxInstallation[]>(`/lockbox_installations?lockbox_ids=${lockbox.id}&unit_ids=${unit.id}&active=false`)).body.at(-1)!.uninstalled_at).not.toBeNull();
  });

  it('refuses to install an installed lockbox and writes nothing of the batch', async () => {
    const installation = sim.store.installations.rows.find((i) => i.uninstalled_at === null)!;
    const spare = spareLockbox();
    const before = sim.store.lockboxEvents.size;
    const response = await api.post<ErrorBody>('/lockbox_events', { events: [
      { lockbox_id: spare.id, event_type: 'Install', unit_id: 3318 },
      { lockbox_id: installation.lockbox_id, event_type: 'Install', unit_id: 3318 },
    ] });
    expect(response.status).toBe(400);
    expect(response.body.error).toContain(`events[1]: lockbox ${installation.lockbox_id}`);
    expect(response.body.error).toContain(`is already installed at unit ${installation.unit_id}; record an Uninstall first`);
    expect(sim.store.lockboxEvents.size).toBe(before);
    expect(sim.store.openInstallation(spare.id)).toBeUndefined();
  });

  it('refuses to uninstall from the wrong unit or a lockbox that is not installed', async () => {
    const installation = sim.store.installations.rows.find((i) => i.uninstalled_at === null)!;
    const wrongUnit = sim.store.units.rows.find((u) => String(u.id) !== installation.unit_id)!;
    const wrong = await api.post<ErrorBody>('/lockbox_events', { events: [{ lockbox_id: installation.lockbox_id, event_type: 'Uninstall', unit_id: wrongUnit.id }] });
    expect(wrong.body.error).toContain(`is installed at unit ${installation.unit_id}, not at unit ${wrongUnit.id}`);
    const spare = spareLockbox();
    const idle = await api.post<ErrorBody>('/lockbox_events', { events: [{ lockbox_id: spare.id, event_type: 'Uninstall', unit_id: 3318 }] });
    expect(idle.body.error).toContain('is not installed anywhere');
    const typed = await api.post<ErrorBody>('/lockbox_events', { events: [{ lockbox_id: spare.id, event_type: 'Generate Code', unit_id: '3318' }] });
    expect(typed.body.details!.map((d) => d.dataPath)).toEqual(['/events/0/event_type', '/events/0/unit_id']);
  });
});

describe('POST /leasing_events', () => {
  const userId = () => sim.store.subteams.rows[0]!.user_ids[0]!;

  it('assigns a prospect to users and answers the documented 201 body', async () => {
    const prospect = sim.store.prospects.rows[0]!;
    const response = await api.post('/leasing_events', { events: [{ prospect_id: prospect.id, event_type: 'Assign to User', source: 'Email', notes: 'Hot lead', context: { assignedToUserIds: [userId()], applyActionInBulk: false } }] });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: expect.any(Number), created_at: expect.any(String), notes: 'Hot lead', prospect: prospect.id, planned_date_time: null, source: 'Email' });
  });

  it.each([
    ['two events', { events: [1, 2].map(() => ({ prospect_id: 500001, event_type: 'Assign to User', context: { assignedToUserIds: ['x'] } })) }, 400, 'events must NOT have more than 1 items'],
    ['another event type', { events: [{ prospect_id: 500001, event_type: 'Log Note' }] }, 400, 'only "Assign to User" events can be created through the API for now, got "Log Note"'],
    ['no assignedToUserIds', { events: [{ prospect_id: 500001, event_type: 'Assign to User', context: {} }] }, 400, 'context.assignedToUserIds is required for "Assign to User" events'],
    ['an unknown user', { events: [{ prospect_id: 500001, event_type: 'Assign to User', context: { assignedToUserIds: ['00000000-0000-4000-a000-000000000009'] } }] }, 400, 'context.assignedToUserIds names unknown users: 00000000-0000-4000-a000-000000000009'],
  ])('refuses %s', async (_name, body, status, message) => {
    const response = await api.post<ErrorBody>('/leasing_events', body);
    expect(response.status).toBe(status);
    expect(response.body.error).toContain(message);
  });

  it('answers 404 for an unknown prospect', async () => {
    const response = await api.post('/leasing_events', { events: [{ prospect_id: 1, event_type: 'Assign to User', context: { assignedToUserIds: [userId()] } }] });
    expect(response).toMatchObject({ status: 404, body: { error: 'Prospect 1 not found' } });
  });
});

describe('POST /multifamily_properties and /floorplans', () => {
  const property = () => ({
    community_name: 'Evergreen Commons', building_count: 2, unit_count: 48, structure_type: 'Garden Style', year_built: 1999,
    photos: [{ path: 'https://example.com/1.jpg', hidden: false }], text_address: '742 Evergreen Ter, Springfield, IL 62704',
    account_id: sim.store.mainAccountId, external_ids: { yardi_id: 'Y-1' },
  });

  it('creates, then updates by id, a multifamily property and its floorplan', async () => {
    const created = await api.post<MultifamilyProperty>('/multifamily_properties', property());
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ ...property(), deleted: false, description: null });
    const updated = await api.post<MultifamilyProperty>('/multifamily_properties', { ...property(), id: created.body.id, unit_count: 50 });
    expect(updated.body).toMatchObject({ id: created.body.id, unit_count: 50, created_at: created.body.created_at });
    expect((await api.get<MultifamilyProperty[]>(`/multifamily_properties?ids=${created.body.id}`)).body[0]!.unit_count).toBe(50);

    const plan = await api.post<Floorplan>('/floorplans', { multifamily_property_id: created.body.id, name: '2 Bedroom', bedroom_count: 2, bathroom_count: 2.5, market_rent: 2100 });
    expect(plan.status).toBe(200);
    const renamed = await api.post<Floorplan>('/floorplans', { id: plan.body.id, multifamily_property_id: created.body.id, name: '2 Bedroom Deluxe' });
    expect(renamed.body).toMatchObject({ id: plan.body.id, name: '2 Bedroom Deluxe', bathroom_count: 2.5 });
    expect((await api.get<Floorplan[]>(`/floorplans?multifamily_property_ids=${created.body.id}`)).body).toHaveLength(1);
  });

  it('names missing required fields, unknown ids and unknown properties', async () => {
    const { community_name: _name, year_built: _year, ...partial } = property();
    const missing = await api.post<ErrorBody>('/multifamily_properties', partial);
    expect(missing.status).toBe(400);
    expect(missing.body.details!.map((d) => d.params['missingProperty'])).toEqual(['community_name', 'year_built']);
    expect((await api.post('/multifamily_properties', { ...property(), id: '00000000-0000-4000-a000-000000000000' })).status).toBe(404);
    const orphan = await api.post<ErrorBody>('/floorplans', { multifamily_property_id: '00000000-0000-4000-a000-000000000000' });
    expect(orphan.status).toBe(400);
    expect(orphan.body.error).toContain('does not name a multifamily property');
  });

  it('drops soft-deleted properties from the list', async () => {
    const created = await api.post<MultifamilyProperty>('/multifamily_properties', property());
    await api.post('/multifamily_properties', { ...property(), id: created.body.id, deleted: true });
    expect((await api.get<unknown[]>(`/multifamily_properties?ids=${created.body.id}`)).body).toEqual([]);
  });
});
