import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VendorError } from '../../../src/errors.js';
import { createRentengineClient, type RentengineClient } from '../../../src/vendors/rentengine/client.js';
import { queryOf, startClientFixture, TOKEN, type ClientFixture } from './harness.js';

describe('RentEngine client reads against the simulator', () => {
  let f: ClientFixture;
  /** Same simulator, 7 rows a page, so every list takes several pages. */
  let small: RentengineClient;

  beforeAll(async () => {
    f = await startClientFixture();
    small = createRentengineClient(f.http, { apiToken: TOKEN, pageSize: 7 });
  });
  afterAll(async () => {
    await f.close();
  });
  beforeEach(() => {
    f.sim.server.resetStats();
  });

  const idsOf = (rows: { externalId: string }[]) => rows.map((r) => r.externalId);
  const expectNoDuplicates = (ids: string[]) => expect(new Set(ids).size).toBe(ids.length);

  it.each([
    ['units', '/units', () => small.units().then((rows) => rows.map((u) => u.record.externalId)), () => f.sim.store.units.size],
    ['lockboxes', '/lockboxes', () => small.lockboxes().then(idsOf), () => f.sim.store.lockboxes.size],
    ['lockbox events', '/lockbox_events', () => small.lockboxEvents().then(idsOf), () => f.sim.store.lockboxEvents.size],
    ['lockbox installations', '/lockbox_installations', () => small.lockboxInstallations().then(idsOf), () => f.sim.store.installations.size],
    ['prospects', '/prospects', () => small.prospects().then(idsOf), () => f.sim.store.prospects.size],
    ['multifamily properties', '/multifamily_properties', () => small.multifamilyProperties().then(idsOf), () => f.sim.store.multifamily.size],
    ['floorplans', '/floorplans', () => small.floorplans().then(idsOf), () => f.sim.store.floorplans.size],
    ['subteams', '/subteams', () => small.subteams().then(idsOf), () => f.sim.store.subteams.size],
    ['prescreening templates', '/prescreening_templates', () => small.prescreeningTemplates().then(idsOf), () => f.sim.store.templates.size],
  ])('walks every page of %s to the end, each row once', async (_name, path, read, storeSize) => {
    const ids = await read();
    expect(ids).toHaveLength(storeSize());
    expectNoDuplicates(ids);
    const pages = f.urls().filter((url) => url.startsWith(`GET ${path}?`)).map(queryOf);
    expect(pages.map((q) => q['page_number'])).toEqual(Array.from({ length: Math.floor(storeSize() / 7) + 1 }, (_, i) => String(i)));
    expect(pages.every((q) => q['limit'] === '7')).toBe(true);
  });

  it('asks 100 rows a page by default and sends the Bearer token on every call', async () => {
    await f.client.units();
    await f.client.prospects();
    const requests = f.sim.server.requests();
    expect(requests.map((r) => queryOf(`GET ${r.url}`)['limit'])).toEqual(['100', '100']);
    expect(requests.every((r) => r.headers['authorization'] === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('reads 150 unit ids in two batches of 100 and 50, each paged, and returns only those units', async () => {
    const real = f.sim.store.units.rows.map((u) => String(u.id));
    const unknown = Array.from({ length: 150 - real.length }, (_, i) => String(9_000_000 + i));
    const ids = [...unknown.slice(0, 60), ...real, ...unknown.slice(60)];
    const units = await f.client.unitsByIds(ids);
    expect(units.map((u) => u.record.externalId).sort()).toEqual([...real].sort());
    const batches = f.urls().filter((url) => url.startsWith('GET /units?')).map(queryOf);
    expect(batches).toHaveLength(2);
    expect(batches.map((q) => q['unitIds']!.split(',').length).sort()).toEqual([100, 50]);
    expect(batches.flatMap((q) => q['unitIds']!.split(',')).sort()).toEqual([...ids].sort());
    expect(batches.every((q) => q['page_number'] === '0' && q['limit'] === '100')).toBe(true);
  });

  it('uses each endpoint\'s own filter names', async () => {
    const lockbox = f.sim.store.lockboxes.rows[0]!;
    const event = f.sim.store.lockboxEvents.rows[0]!;
    const template = f.sim.store.templates.rows[0]!;
    const property = f.sim.store.multifamily.rows[0]!;
    const floorplan = f.sim.store.floorplans.rows[0]!;
    expect(idsOf(await f.client.lockboxesByIds([lockbox.id]))).toEqual([lockbox.id]);
    expect(idsOf(await f.client.lockboxEventsByIds([event.id]))).toEqual([event.id]);
    expect(idsOf(await f.client.prescreeningTemplatesByIds([template.id]))).toEqual([template.id]);
    expect(idsOf(await f.client.multifamilyPropertiesByIds([property.id]))).toEqual([property.id]);
    expect(idsOf(await f.client.floorplansByIds([floorplan.id]))).toEqual([floorplan.id]);
    await f.client.lockboxes({ serialNumbers: [lockbox.serial_number], accountId: lockbox.account_id });
    await f.client.lockboxEvents({ unitIds: [event.unit_id], lockboxIds: [event.lockbox_id], eventTypes: ['Install', 'Generate Code'], createdFrom: '2020-01-01T00:00:00Z', createdTo: '2030-01-01T00:00:00Z' });
    await f.client.lockboxInstallations({ unitIds: [event.unit_id], active: true });
    await f.client.floorplans({ multifamilyPropertyIds: [property.id] });
    await f.client.subteams({ accountId: f.sim.store.mainAccountId });
    await f.client.prescreeningTemplates({ isDefault: true, accountId: f.sim.store.mainAccountId });
    await f.client.multifamilyProperties({ accountId: f.sim.store.mainAccountId });
    await f.client.prospects({ createdAfter: '2020-01-01T00:00:00Z', createdBefore: '2030-01-01T00:00:00Z' });
    await f.client.units({ statuses: ['Available', 'Under Review'], updatedAfter: '2020-01-01T00:00:00Z', accountId: f.sim.store.mainAccountId, city: 'Denver', zipCodes: ['80203', '80204'], extractedFrom: 'abc' });
    const names = f.urls().map((url) => `${url.split('?')[0]} ${Object.keys(queryOf(url)).sort().join(',')}`);
    expect(names).toEqual([
      'GET /lockboxes limit,lockbox_ids,page_number',
      'GET /lockbox_events limit,lockbox_event_ids,page_number',
      'GET /prescreening_templates limit,page_number,templateIds',
      'GET /multifamily_properties ids,limit,page_number',
      'GET /floorplans ids,limit,page_number',
      'GET /lockboxes account_id,limit,page_number,serial_numbers',
      'GET /lockbox_events created_at_from,created_at_to,event_types,limit,lockbox_ids,page_number,unit_ids',
      'GET /lockbox_installations active,limit,page_number,unit_ids',
      'GET /floorplans limit,multifamily_property_ids,page_number',
      'GET /subteams account_id,limit,page_number',
      'GET /prescreening_templates accountId,isDefault,limit,page_number',
      'GET /multifamily_properties account_id,limit,page_number',
      'GET /prospects created_after,created_before,limit,page_number',
      'GET /units accountId,city,extracted_from,limit,page_number,statuses,updated_after,zip_codes',
    ]);
    expect(queryOf(f.urls().at(-1)!)['statuses']).toBe('Available,Under Review');
  });

  it('filters units by status as the vendor does', async () => {
    const available = await f.client.units({ statuses: ['Available'] });
    expect(available.length).toBe(f.sim.store.units.rows.filter((u) => u.status === 'Available').length);
    expect(available.every((u) => u.status === 'Available' && u.listing.published === true)).toBe(true);
  });

  it('reads the showing availability of one unit as ordered windows, some preferred', async () => {
    const unit = f.sim.store.units.rows.find((u) => u.status === 'Available')!;
    const availability = await f.client.showingAvailability(String(unit.id));
    expect(availability.unitExternalId).toBe(String(unit.id));
    expect(availability.windows.length).toBeGreaterThan(0);
    expect(availability.windows.some((w) => w.preferred)).toBe(true);
    const starts = availability.windows.map((w) => Date.parse(w.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(availability.windows.every((w) => w.start.endsWith('Z') && Date.parse(w.end) > Date.parse(w.start))).toBe(true);
    expect(f.urls()).toEqual([`GET /showings/availability?unitId=${unit.id}`]);
  });

  it('turns a refused token into VENDOR_AUTH_FAILED', async () => {
    const wrong = createRentengineClient(f.http, { apiToken: 'not-the-token' });
    const read = wrong.subteams();
    await expect(read).rejects.toThrow(VendorError);
    await expect(read).rejects.toMatchObject({ code: 'VENDOR_AUTH_FAILED', status: 401 });
  });
});
