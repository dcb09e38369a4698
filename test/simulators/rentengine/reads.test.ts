import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRentengineSimulator } from '../../../src/simulators/rentengine/server.js';
import type { Lockbox, LockboxEvent, LockboxInstallation, Prospect, Unit } from '../../../src/simulators/rentengine/types.js';
import { startTestSimulator, walkPages, type ApiClient } from './harness.js';

let sim: RunningRentengineSimulator;
let api: ApiClient;

beforeAll(async () => {
  ({ sim, api } = await startTestSimulator());
});
afterAll(async () => {
  await sim.close();
});

const OPERATIONS: readonly [method: 'GET' | 'POST', path: string][] = [
  ['GET', '/lockboxes'], ['POST', '/lockboxes'], ['POST', '/lockboxes/transfer_accounts'], ['POST', '/lockboxes/generate_code'],
  ['GET', '/lockbox_events'], ['POST', '/lockbox_events'], ['GET', '/lockbox_installations'], ['GET', '/units'], ['POST', '/units'],
  ['GET', '/prospects'], ['GET', '/multifamily_properties'], ['POST', '/multifamily_properties'], ['GET', '/floorplans'],
  ['POST', '/floorplans'], ['POST', '/leasing_events'], ['GET', '/subteams'], ['GET', '/prescreening_templates'],
  ['GET', '/showings/availability?unitId=3318'], ['POST', '/showings/create'],
];

const LISTS = ['/units', '/lockboxes', '/lockbox_events', '/lockbox_installations', '/prospects', '/multifamily_properties', '/floorplans', '/subteams', '/prescreening_templates'];

/** How many records each list holds behind the API (this file never writes). */
const sizes = (): Record<string, number> => ({
  '/units': sim.store.units.size, '/lockboxes': sim.store.lockboxes.size, '/lockbox_events': sim.store.lockboxEvents.size,
  '/lockbox_installations': sim.store.installations.size, '/prospects': sim.store.prospects.size,
  '/multifamily_properties': sim.store.multifamily.size, '/floorplans': sim.store.floorplans.size,
  '/subteams': sim.store.subteams.size, '/prescreening_templates': sim.store.templates.size,
});

describe('auth', () => {
  it('answers 401 {"error":"Unauthorized"} to every operation without a bearer token or with a wrong one', async () => {
    for (const [method, path] of OPERATIONS) {
      for (const token of [null, 'not-the-token']) {
        const response = method === 'GET' ? await api.get(path, token) : await api.post(path, {}, token);
        expect(response.status, `${method} ${path}`).toBe(401);
        expect(response.body).toEqual({ error: 'Unauthorized' });
      }
    }
  });
});

describe('paging', () => {
  it.each(LISTS)('pages %s to the end with no duplicates and a short last page', async (path) => {
    const expected = sizes()[path]!;
    const limit = Math.min(100, Math.max(2, Math.floor(expected / 4) + 1));
    const { pages, items } = await walkPages<{ id: string | number }>(api, path, limit);
    const ids = items.map((item) => String(item.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages.at(-1)!.length).toBeLessThan(limit);
    for (const full of pages.slice(0, -1)) expect(full).toHaveLength(limit);
    expect(items).toHaveLength(expected);
  });

  it('walks all units in pages of 100, matching the seeded count', async () => {
    const { items } = await walkPages<Unit>(api, '/units', 100);
    expect(items).toHaveLength(sim.store.units.size);
    expect(items.map((u) => u.id)).toEqual([...items.map((u) => u.id)].sort((a, b) => a - b));
  });

  it('filters a list once, however many of its pages are read', async () => {
    const original = sim.store.cachedList.bind(sim.store);
    let scans = 0;
    sim.store.cachedList = <T>(key: string, compute: () => T[]): T[] => original(key, () => {
      scans++;
      return compute();
    });
    try {
      const { pages } = await walkPages(api, '/units?statuses=Available,Leased,Archived', 5);
      expect(pages.length).toBeGreaterThan(5);
    } finally {
      sim.store.cachedList = original;
    }
    expect(scans).toBe(1);
  });

  it('returns 50 items when no limit is given and an empty page past the end', async () => {
    expect((await api.get<unknown[]>('/prospects')).body).toHaveLength(50);
    expect((await api.get<unknown[]>('/units?page_number=9999')).body).toEqual([]);
  });

  it.each([
    ['limit=101', 'limit must be an integer from 1 to 100, got "101"'],
    ['limit=0', 'limit must be an integer from 1 to 100, got "0"'],
    ['limit=ten', 'limit must be an integer from 1 to 100, got "ten"'],
    ['page_number=-1', 'page_number must be an integer >= 0, got "-1"'],
  ])('refuses %s with a 400 saying what was expected', async (query, message) => {
    const response = await api.get('/lockboxes?' + query);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: message });
  });
});

describe('strict query validation', () => {
  it.each([
    ['/units?account_id=x'], ['/units?offset=10'], ['/lockboxes?accountId=x'], ['/lockbox_events?unitIds=1'],
    ['/lockbox_installations?installed=true'], ['/prospects?page=1'], ['/multifamily_properties?name=x'],
    ['/floorplans?property_id=x'], ['/subteams?accountId=x'], ['/prescreening_templates?account_id=x'],
    ['/showings/availability?unitId=3318&unit_id=3318'],
  ])('refuses the undocumented parameter in %s with "must NOT have additional properties"', async (path) => {
    const response = await api.get<{ error: string; details: { keyword: string }[] }>(path);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('must NOT have additional properties');
    expect(response.body.details[0]!.keyword).toBe('additionalProperties');
  });

  it.each([
    ['/units?unitIds=3318,abc', 'unitIds must be a comma-separated list of integers, got "3318,abc"'],
    ['/units?statuses=Available,Rented', 'statuses must be a comma-separated list of Incomplete, Under Review, Available'],
    ['/units?updated_after=yesterday', 'updated_after must be an ISO 8601 date-time'],
    ['/units?accountId=main', 'accountId must be a UUID, got "main"'],
    ['/lockboxes?lockbox_ids=123', 'lockbox_ids must be a comma-separated list of UUIDs, got "123"'],
    ['/lockboxes?lockbox_type=Codebox', 'lockbox_type must be one of Sentrilock, got "Codebox"'],
    ['/lockbox_events?event_types=Open', 'event_types must be a comma-separated list of Install, Uninstall, Generate Code, got "Open"'],
    ['/lockbox_events?created_at_from=2024-13-45T00:00:00Z', 'created_at_from must be an ISO 8601 date-time'],
    ['/lockbox_installations?active=yes', 'active must be true or false, got "yes"'],
    ['/prescreening_templates?isDefault=1', 'isDefault must be true or false, got "1"'],
    ['/showings/availability?unitId=abc', 'unitId must be an integer, got "abc"'],
    ['/showings/availability', 'unitId is required'],
  ])('refuses %s with a 400 saying what was expected', async (path, message) => {
    const response = await api.get<{ error: string }>(path);
    expect(response.status).toBe(400);
    expect(response.body.error).toContain(message);
  });
});

describe('unit records and filters', () => {
  it('writes numbers as numeric strings, with some JSON numbers for tolerant clients', () => {
    const units = sim.store.units.rows;
    const asNumbers = units.filter((u) => typeof u.bedrooms === 'number').length;
    expect(asNumbers).toBeGreaterThan(0);
    expect(asNumbers).toBeLessThan(units.length * 0.3);
    expect(units.every((u) => typeof u.address === 'object' && u.address.country === 'United States')).toBe(true);
  });

  it('filters by unitIds, statuses, accountId, city, zip_codes and extracted_from', async () => {
    const [a, b] = sim.store.units.rows;
    expect((await api.get<Unit[]>(`/units?unitIds=${b!.id},${a!.id}`)).body.map((u) => u.id)).toEqual([a!.id, b!.id]);
    const available = (await api.get<Unit[]>('/units?statuses=Available,Leased&limit=100')).body;
    expect(available.length).toBeGreaterThan(0);
    expect(available.every((u) => u.status === 'Available' || u.status === 'Leased')).toBe(true);
    const other = sim.store.units.rows.find((u) => u.account_id !== sim.store.mainAccountId)!;
    expect((await api.get<Unit[]>(`/units?accountId=${other.account_id}&limit=100`)).body.every((u) => u.account_id === other.account_id)).toBe(true);
    const byCity = (await api.get<Unit[]>(`/units?city=${a!.address.city.toUpperCase()}&zip_codes=${a!.address.zip_code},00000`)).body;
    expect(byCity.map((u) => u.id)).toContain(a!.id);
    expect(byCity.every((u) => u.address.zip_code === a!.address.zip_code)).toBe(true);
    const tagged = sim.store.units.rows.find((u) => u.extracted_from !== null)!;
    expect((await api.get<Unit[]>(`/units?extracted_from=${tagged.extracted_from}`)).body.map((u) => u.id)).toEqual([tagged.id]);
  });

  it('filters by updated_after and updated_before, reading an offset-less time as UTC', async () => {
    const sorted = sim.store.units.rows.map((u) => u.updated_at).sort();
    const middle = sorted[Math.floor(sorted.length / 2)]!;
    const after = (await api.get<Unit[]>(`/units?updated_after=${middle}&limit=100`)).body;
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((u) => Date.parse(u.updated_at) >= Date.parse(middle))).toBe(true);
    const before = (await api.get<Unit[]>(`/units?updated_before=${middle.slice(0, 19)}&limit=100`)).body;
    expect(before.every((u) => Date.parse(u.updated_at) < Date.parse(`${middle.slice(0, 19)}Z`))).toBe(true);
  });
});

describe('lockbox, prospect and account filters', () => {
  it('finds lockboxes by serial_numbers and lockbox_ids', async () => {
    const [a, b] = sim.store.lockboxes.rows;
    expect((await api.get<Lockbox[]>(`/lockboxes?serial_numbers=${a!.serial_number}`)).body.map((l) => l.id)).toEqual([a!.id]);
    expect((await api.get<Lockbox[]>(`/lockboxes?lockbox_ids=${a!.id},${b!.id}&lockbox_type=Sentrilock`)).body).toHaveLength(2);
  });

  it('filters lockbox events by unit_ids (string unit ids), event_types and created_at range', async () => {
    const event = sim.store.lockboxEvents.rows.find((e) => e.event_type === 'Install')!;
    const events = (await api.get<LockboxEvent[]>(`/lockbox_events?unit_ids=${event.unit_id}&event_types=Install`)).body;
    expect(events.map((e) => e.id)).toContain(event.id);
    expect(events.every((e) => e.unit_id === event.unit_id && e.event_type === 'Install')).toBe(true);
    const window = (await api.get<LockboxEvent[]>(`/lockbox_events?created_at_from=${event.created_at}&created_at_to=${event.created_at}`)).body;
    expect(window.map((e) => e.id)).toEqual([event.id]);
    const lockbox = sim.store.lockboxes.get(event.lockbox_id)!;
    expect((await api.get<LockboxEvent[]>(`/lockbox_events?serial_numbers=${lockbox.serial_number}`)).body.every((e) => e.lockbox_id === lockbox.id)).toBe(true);
  });

  it('separates active and ended lockbox installations', async () => {
    const active = (await api.get<LockboxInstallation[]>('/lockbox_installations?active=true&limit=100')).body;
    const ended = (await api.get<LockboxInstallation[]>('/lockbox_installations?active=false&limit=100')).body;
    expect(active.length).toBeGreaterThan(ended.length);
    expect(active.every((i) => i.uninstalled_at === null)).toBe(true);
    expect(ended.every((i) => i.uninstalled_at !== null && i.uninstalled_at > i.installed_at)).toBe(true);
    expect(active.length / sim.store.units.size).toBeGreaterThan(0.4);
  });

  it('filters prospects by created_after (inclusive) and created_before (exclusive)', async () => {
    const prospect = sim.store.prospects.rows[10]!;
    const after = await walkPages<Prospect>(api, `/prospects?created_after=${prospect.created_at}`, 100);
    expect(after.items.map((p) => p.id)).toContain(prospect.id);
    const before = await walkPages<Prospect>(api, `/prospects?created_before=${prospect.created_at}`, 100);
    expect(before.items.map((p) => p.id)).not.toContain(prospect.id);
    expect(after.items.length + before.items.length).toBe(sim.store.prospects.size);
  });

  it('filters multifamily properties, floorplans, subteams and templates', async () => {
    const property = sim.store.multifamily.rows[0]!;
    expect((await api.get<{ id: string }[]>(`/multifamily_properties?ids=${property.id}&account_id=${property.account_id}`)).body.map((m) => m.id)).toEqual([property.id]);
    const plans = (await api.get<{ multifamily_property_id: string }[]>(`/floorplans?multifamily_property_ids=${property.id}`)).body;
    expect(plans.length).toBeGreaterThan(0);
    expect(plans.every((f) => f.multifamily_property_id === property.id)).toBe(true);
    const teams = (await api.get<{ account_id: string }[]>(`/subteams?account_id=${sim.store.mainAccountId}`)).body;
    expect(teams.length).toBe(3);
    const defaults = (await api.get<{ isDefault: boolean; accountId: string }[]>(`/prescreening_templates?isDefault=true&accountId=${sim.store.mainAccountId}`)).body;
    expect(defaults).toHaveLength(1);
    const template = sim.store.templates.rows[1]!;
    expect((await api.get<{ id: string }[]>(`/prescreening_templates?templateIds=${template.id}`)).body.map((t) => t.id)).toEqual([template.id]);
  });
});
