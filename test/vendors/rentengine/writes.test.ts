import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VendorError } from '../../../src/errors.js';
import type { RecordedRequest } from '../../../src/simulators/kit/server.js';
import { startClientFixture, TOKEN, type ClientFixture } from './harness.js';

describe('RentEngine client writes against the simulator', () => {
  let f: ClientFixture;

  beforeAll(async () => {
    f = await startClientFixture();
  });
  afterAll(async () => {
    await f.close();
  });
  beforeEach(() => {
    f.sim.server.resetStats();
  });

  /** The one request the write made: its path, exact JSON body and token. */
  const onlyRequest = (fixture: ClientFixture = f): RecordedRequest => {
    const requests = fixture.sim.server.requests();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    return requests[0]!;
  };
  const pathOf = (r: RecordedRequest) => `${r.method} ${r.url.replace(/^\/api\/public\/v1/, '')}`;
  const freeLockbox = async () => {
    const open = new Set((await f.client.lockboxInstallations({ active: true })).map((i) => i.lockboxExternalId));
    const lockbox = (await f.client.lockboxes()).find((l) => !open.has(l.externalId));
    if (lockbox === undefined) throw new Error('every seeded lockbox is installed');
    return lockbox;
  };
  const availableUnit = () => f.sim.store.units.rows.find((u) => u.status === 'Available')!;

  it('creates a unit with POST /units and the snake_case body', async () => {
    const unit = await f.client.upsertUnit({
      address: { street_number: '12', street_name: 'Elm St', unit: '4B', city: 'Denver', state: 'CO', zip_code: '80203', country: 'United States' },
      property_type: 'CONDO', bedrooms: 2, bathrooms: 1, sqft: 800,
    });
    const request = onlyRequest();
    expect(pathOf(request)).toBe('POST /units');
    expect(request.body).toEqual({
      property_type: 'CONDO', bedrooms: 2, bathrooms: 1, sqft: 800,
      address: { street_number: '12', street_name: 'Elm St', unit: '4B', city: 'Denver', state: 'CO', zip_code: '80203', country: 'United States' },
    });
    expect(unit.record).toMatchObject({ vendor: 'RENTENGINE', bedrooms: 2, address: { line1: '12 Elm St', unitNumber: '4B', city: 'Denver', country: 'US' } });
    expect(f.sim.store.units.get(Number(unit.record.externalId))).toBeDefined();
  });

  it('updates a unit by id, sending the id as a number and nothing it was not given', async () => {
    const target = f.sim.store.units.rows[0]!;
    const unit = await f.client.upsertUnit({ id: String(target.id), bedrooms: 5, ...({ internal_notes: 'not a POST /units field' } as object) });
    expect(onlyRequest().body).toEqual({ id: target.id, bedrooms: 5 });
    expect(unit.record.bedrooms).toBe(5);
  });

  it('creates lockboxes with POST /lockboxes, Sentrilock by default', async () => {
    const account = f.sim.store.mainAccountId;
    const lockboxes = await f.client.createLockboxes({ serial_numbers: ['9990001', '9990002'], account_id: account });
    const request = onlyRequest();
    expect(pathOf(request)).toBe('POST /lockboxes');
    expect(request.body).toEqual({ lockbox_type: 'Sentrilock', serial_numbers: ['9990001', '9990002'], account_id: account });
    expect(lockboxes.map((l) => l.serialNumber)).toEqual(['9990001', '9990002']);
    expect(lockboxes.every((l) => l.__typename === 'Lockbox' && l.accountId === account)).toBe(true);
  });

  it('transfers lockboxes with POST /lockboxes/transfer_accounts', async () => {
    const lockbox = f.sim.store.lockboxes.rows[0]!;
    const target = [...f.sim.store.accounts.keys()].find((id) => id !== lockbox.account_id) ?? lockbox.account_id;
    const moved = await f.client.transferLockboxes({ lockbox_ids: [lockbox.id], new_account_id: target });
    const request = onlyRequest();
    expect(pathOf(request)).toBe('POST /lockboxes/transfer_accounts');
    expect(request.body).toEqual({ lockbox_ids: [lockbox.id], new_account_id: target });
    expect(moved.map((l) => [l.externalId, l.accountId])).toEqual([[lockbox.id, target]]);
  });

  it('refuses to generate a code with no lockbox, serial or unit, without calling the vendor', async () => {
    await expect(f.client.generateLockboxCode({ date: '2026-11-24' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', vendor: 'RENTENGINE' });
    expect(f.sim.server.requests()).toHaveLength(0);
  });

  it('installs and uninstalls a lockbox with POST /lockbox_events', async () => {
    const lockbox = await freeLockbox();
    const unit = availableUnit();
    f.sim.server.resetStats();
    const [installed] = await f.client.createLockboxEvents([{ lockbox_id: lockbox.externalId, event_type: 'Install', unit_id: String(unit.id) }]);
    expect(pathOf(onlyRequest())).toBe('POST /lockbox_events');
    expect(onlyRequest().body).toEqual({ events: [{ lockbox_id: lockbox.externalId, event_type: 'Install', unit_id: unit.id }] });
    expect(installed).toMatchObject({ eventType: 'INSTALL', lockboxExternalId: lockbox.externalId, unitExternalId: String(unit.id) });
    expect((await f.client.lockboxInstallations({ lockboxIds: [lockbox.externalId], active: true })).map((i) => i.unitExternalId)).toEqual([String(unit.id)]);

    f.sim.server.resetStats();
    const [removed] = await f.client.createLockboxEvents([{ lockbox_id: lockbox.externalId, event_type: 'Uninstall', unit_id: unit.id }]);
    expect(onlyRequest().body).toEqual({ events: [{ lockbox_id: lockbox.externalId, event_type: 'Uninstall', unit_id: unit.id }] });
    expect(removed!.eventType).toBe('UNINSTALL');
  });

  it('assigns a prospect to a user with POST /leasing_events (one Assign to User event)', async () => {
    const prospect = f.sim.store.prospects.rows[0]!;
    const user = [...f.sim.store.userIds][0]!;
    const event = await f.client.createLeasingEvent({ prospect_id: String(prospect.id), notes: 'yours', context: { assignedToUserIds: [user], applyActionInBulk: false } });
    const request = onlyRequest();
    expect(pathOf(request)).toBe('POST /leasing_events');
    expect(request.body).toEqual({
      events: [{ prospect_id: prospect.id, event_type: 'Assign to User', notes: 'yours', context: { assignedToUserIds: [user], applyActionInBulk: false } }],
    });
    expect(event).toMatchObject({ __typename: 'LeasingEvent', eventType: 'Assign to User', stage: 'OTHER', prospect: { vendor: 'RENTENGINE', externalId: String(prospect.id) } });
  });

  it('schedules a showing for a self prospect with POST /showings/create in camelCase', async () => {
    const unit = availableUnit();
    const { windows } = await f.client.showingAvailability(unit.id);
    f.sim.server.resetStats();
    const created = await f.client.createShowing({
      unitId: String(unit.id),
      plannedForTime: windows[0]!.start,
      prospectData: { firstName: 'Ada', lastName: 'Park', email: 'ada.park@example.com', phone: '5551234567', creditScore: '700+', income: '$5000-$6000/month', prospectType: 'Self' },
      desiredShowingMethod: 'Self Guided',
    });
    const request = onlyRequest();
    expect(pathOf(request)).toBe('POST /showings/create');
    expect(request.body).toEqual({
      unitId: unit.id,
      plannedForTime: windows[0]!.start,
      prospectData: { firstName: 'Ada', lastName: 'Park', email: 'ada.park@example.com', phone: '5551234567', creditScore: '700+', income: '$5000-$6000/month', questionAnswers: [], prospectType: 'Self' },
      desiredShowingMethod: 'Self Guided',
    });
    expect(created.statusText).toBe('success');
  });

  it('schedules a showing for an agent prospect with the agent token', async () => {
    const unit = availableUnit();
    const { windows } = await f.client.showingAvailability(unit.id);
    f.sim.server.resetStats();
    const created = await f.client.createShowing({
      unitId: unit.id,
      plannedForTime: windows[2]!.start,
      prospectData: { firstName: 'Bo', lastName: 'Agent', email: 'bo.agent@example.com', phone: '5557654321', questionAnswers: [{ question: 'Will you be using a housing voucher?', answer: 'No' }], prospectType: 'Agent' },
      agentTk: 'AB12CD',
    });
    expect(onlyRequest().body).toEqual({
      unitId: unit.id,
      plannedForTime: windows[2]!.start,
      prospectData: { firstName: 'Bo', lastName: 'Agent', email: 'bo.agent@example.com', phone: '5557654321', questionAnswers: [{ question: 'Will you be using a housing voucher?', answer: 'No' }], prospectType: 'Agent' },
      agentTk: 'AB12CD',
    });
    expect(created.statusText).toBe('success');
  });

  it('creates and then updates a multifamily property with POST /multifamily_properties', async () => {
    const account = f.sim.store.mainAccountId;
    const body = {
      community_name: 'Elm Court', building_count: 2, unit_count: 48, structure_type: 'Garden Style', year_built: 1998,
      photos: [{ path: 'https://img.example/1.jpg', hidden: false }], external_ids: { yardi_id: 'y1' }, text_address: '1 Elm Ct, Denver, CO 80203', account_id: account,
    };
    const created = await f.client.upsertMultifamilyProperty(body);
    expect(pathOf(onlyRequest())).toBe('POST /multifamily_properties');
    expect(onlyRequest().body).toEqual(body);
    expect(created).toMatchObject({ communityName: 'Elm Court', buildingCount: 2, unitCount: 48, structureType: 'Garden Style', accountId: account });

    f.sim.server.resetStats();
    const updated = await f.client.upsertMultifamilyProperty({ ...body, id: created.externalId, description: 'Renovated 2020' });
    expect(onlyRequest().body).toEqual({ ...body, id: created.externalId, description: 'Renovated 2020' });
    expect(updated).toMatchObject({ externalId: created.externalId, description: 'Renovated 2020' });
  });

  it('creates a floorplan with POST /floorplans', async () => {
    const property = f.sim.store.multifamily.rows[0]!;
    const body = { multifamily_property_id: property.id, name: 'A1', bedroom_count: 1, bathroom_count: 1.5, unit_count: 10, units_available: 2, market_rent: 1450, min_sqft: 600, max_sqft: 700, photos: [{ path: 'p.jpg', hidden: true }] };
    const floorplan = await f.client.upsertFloorplan(body);
    expect(pathOf(onlyRequest())).toBe('POST /floorplans');
    expect(onlyRequest().body).toEqual(body);
    expect(floorplan).toMatchObject({ __typename: 'Floorplan', propertyExternalId: property.id, name: 'A1', bathroomCount: 1.5, marketRent: 1450 });
  });

  it('turns a vendor 400 on a write into BAD_USER_INPUT carrying the vendor\'s details', async () => {
    const write = f.client.upsertMultifamilyProperty({ community_name: 'Half a property' } as never);
    await expect(write).rejects.toThrow(VendorError);
    const error = (await write.catch((e: unknown) => e)) as VendorError;
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', vendor: 'RENTENGINE', status: 400 });
    expect(error.details.length).toBeGreaterThan(0);
    expect(error.details.join(' ')).toMatch(/building_count|photos|account_id|required/);
    expect(onlyRequest().body).toEqual({ community_name: 'Half a property' });
  });

  it('turns a showing refused by prescreening into BAD_USER_INPUT', async () => {
    const unit = availableUnit();
    const { windows } = await f.client.showingAvailability(unit.id);
    const write = f.client.createShowing({
      unitId: unit.id,
      plannedForTime: windows[3]!.start,
      prospectData: { firstName: 'Low', lastName: 'Score', email: 'low.score@example.com', phone: '5550000000', creditScore: '<500', income: '$0-$1000/month', prospectType: 'Self' },
    });
    await expect(write).rejects.toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });
  });

  describe('on a fixed clock that the vendor shares', () => {
    // 23:59 in New York is already the next day in UTC: the day the client must send.
    const now = () => new Date('2026-11-23T23:59:00-05:00');
    let fixed: ClientFixture;

    beforeAll(async () => {
      fixed = await startClientFixture({ now });
    });
    afterAll(async () => {
      await fixed.close();
    });

    it('generates a lockbox code for today by the client\'s clock when no date is given', async () => {
      const lockbox = fixed.sim.store.lockboxes.rows.find((l) => fixed.sim.store.openInstallation(l.id) !== undefined)!;
      fixed.sim.server.resetStats();
      const code = await fixed.client.generateLockboxCode({ serial_number: lockbox.serial_number, code_type: 'ACCESS', created_for: 'Ada Park' });
      const request = onlyRequest(fixed);
      expect(pathOf(request)).toBe('POST /lockboxes/generate_code');
      expect(request.body).toEqual({ serial_number: lockbox.serial_number, code_type: 'ACCESS', created_for: 'Ada Park', date: '2026-11-24' });
      expect(code.code).toMatch(/^\d+$/);
      expect(code.lockboxType).toBe('Sentrilock');
    });
  });
});
