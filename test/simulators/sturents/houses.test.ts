import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import { startSturentsSimulator } from '../../../src/simulators/sturents/server.js';
import { createWorld, startOfUtcDay, sturentsAddress, type PhysicalUnit } from '../../../src/simulators/world/index.js';
import type { RunningSimulator } from '../../../src/simulators/types.js';

type Price = { amount: string; amount_per: string; time_period: string };
type Property = {
  reference: string;
  designation: string;
  beds_available: string;
  beds_total: string;
  rooms_let_individually: boolean;
  room_type: string;
  quantity: string;
  bathrooms: string;
  floor_space: string;
  property_type: string;
  address: unknown;
  coordinates: { lat: string; lng: string };
  available: { start_date: string; end_date: string; min_contract_days: string }[];
  media: { photos: string[]; videos: string[]; floorplans: string[] };
  contracts: { price: Price; deposit: { amount: string; amount_per: string }; available: { start_date: string } }[];
};
type Body = {
  date: string;
  branches: { agent_id: string; name: string; website: string; properties: Property[] }[];
  pagination?: { pages: string; current: string; next?: string; prev?: string };
  error?: string;
};

const { landlordId, publicKey } = SIM_CREDENTIALS.sturents;
const auth = `landlord=${landlordId}&public=${publicKey}&version=1.3`;
const world = createWorld({ seed: 13, rentrollUnits: 600 });
const listed = new Map(world.units.filter((u) => u.ids.sturents !== undefined).map((u) => [u.ids.sturents!, u]));
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSturentsSimulator({ world, identicalRequestWindowMillis: 0 });
});
afterAll(async () => {
  await sim.close();
});

async function get(path: string, query = auth): Promise<{ status: number; body: Body }> {
  const response = await fetch(`${sim.server.origin}${path}${query === '' ? '' : `?${query}`}`);
  return { status: response.status, body: (await response.json()) as Body };
}

/** Every page of a list, following pagination.next from page 1. */
async function walk(path: string): Promise<{ properties: Property[]; pages: Body[] }> {
  const pages: Body[] = [];
  for (let page = 1; ; ) {
    const { status, body } = await get(path, `${auth}&page=${page}`);
    expect(status).toBe(200);
    pages.push(body);
    if (body.pagination?.next === undefined) break;
    expect(body.pagination.next).toBe(String(page + 1));
    page = Number(body.pagination.next);
  }
  return { properties: pages.flatMap((p) => p.branches[0]!.properties), pages };
}

const weeklyPerPerson = (unit: PhysicalUnit) => String(Math.round((unit.rentMonthly * 12) / 52 / Math.max(unit.bedrooms, 1)));

describe('StuRents GET /api/houses', () => {
  it('answers 401 {"error":"Invalid credentials"} for a missing or wrong landlord or public key', async () => {
    for (const query of ['', 'version=1.3', `landlord=${landlordId}&public=wrong&version=1.3`, `landlord=9999&public=${publicKey}&version=1.3`]) {
      expect(await get('/api/houses', query), query).toEqual({ status: 401, body: { error: 'Invalid credentials' } });
    }
  });

  it('answers 400 for a missing or unsupported version and for a page that is not a positive integer', async () => {
    for (const query of [`landlord=${landlordId}&public=${publicKey}`, `landlord=${landlordId}&public=${publicKey}&version=1.2`, `${auth}&page=0`, `${auth}&page=two`]) {
      const { status, body } = await get('/api/houses', query);
      expect(status, query).toBe(400);
      expect(body.error).toEqual(expect.any(String));
    }
  });

  it('returns the first 50 properties in one branch of our landlord, with a pagination object', async () => {
    const { status, body } = await get('/api/houses');
    expect(status).toBe(200);
    expect(body.date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(body.branches).toHaveLength(1);
    expect(body.branches[0]).toMatchObject({ agent_id: landlordId, name: expect.any(String), website: expect.any(String) });
    expect(body.branches[0]!.properties).toHaveLength(50);
    expect(body.pagination).toEqual({ pages: String(Math.ceil(listed.size / 50)), current: '1', next: '2' });
  });

  it('pages to the end: every house exactly once, the last page with prev and no next', async () => {
    const { properties, pages } = await walk('/api/houses');
    const references = properties.map((p) => p.reference);
    expect(new Set(references).size).toBe(references.length);
    expect(new Set(references)).toEqual(new Set(listed.keys()));
    const last = pages[pages.length - 1]!.pagination!;
    expect(last).toEqual({ pages: String(pages.length), current: String(pages.length), prev: String(pages.length - 1) });
  });

  it('describes each property as the document and ASSUMPTIONS.md do, from the world unit', async () => {
    const { properties } = await walk('/api/houses');
    for (const property of properties) {
      const unit = listed.get(property.reference)!;
      expect(property.address).toEqual(sturentsAddress(unit));
      expect(property.property_type).toBe('Residential');
      expect(property.beds_total).toBe(String(unit.bedrooms));
      expect(typeof property.rooms_let_individually).toBe('boolean');
      for (const value of [property.beds_available, property.bathrooms, property.floor_space, property.coordinates.lat, property.coordinates.lng]) {
        expect(typeof value).toBe('string');
      }
      expect(Number.isFinite(Number(property.coordinates.lat))).toBe(true);
      expect(property.available.length).toBeGreaterThanOrEqual(1);
      expect(Object.keys(property.media).sort()).toEqual(['floorplans', 'photos', 'videos']);
      if (property.designation === 'pbsa') expect(property.room_type).not.toBe('');
      else expect(property.designation).toBe('house');
      expect(property.contracts.length).toBeGreaterThanOrEqual(1);
      for (const { price, deposit } of property.contracts) {
        if (price.amount_per === 'person') {
          expect(price).toEqual({ amount: weeklyPerPerson(unit), amount_per: 'person', time_period: 'week' });
        } else {
          expect(price).toEqual({ amount: String(unit.rentMonthly), amount_per: 'property', time_period: 'month' });
        }
        expect(deposit.amount_per).toBe(price.amount_per);
      }
    }
    const perPerson = properties.filter((p) => p.contracts[0]!.price.amount_per === 'person').length;
    expect(perPerson / properties.length).toBeGreaterThan(0.6);
    expect(perPerson).toBeLessThan(properties.length);
    expect(properties.some((p) => p.designation === 'pbsa')).toBe(true);
  });
});

describe('StuRents GET /api/houses/{reference}', () => {
  it('returns that one property in the same envelope, without pagination', async () => {
    const [reference] = listed.keys();
    const { status, body } = await get(`/api/houses/${reference}`);
    expect(status).toBe(200);
    expect(body.branches[0]!.properties.map((p) => p.reference)).toEqual([reference]);
    expect(body).not.toHaveProperty('pagination');
  });

  it('answers 404 {"error":"Property not found"} for an unknown reference', async () => {
    expect(await get('/api/houses/SR0')).toEqual({ status: 404, body: { error: 'Property not found' } });
  });
});

describe('StuRents GET /api/houses/added-since/{date}/{time}', () => {
  it('returns every house for a date before any was added and none for a date ahead', async () => {
    const { properties } = await walk('/api/houses/added-since/2000-01-01');
    expect(properties).toHaveLength(listed.size);
    const { body } = await get('/api/houses/added-since/2999-01-01/00:00');
    expect(body.branches[0]!.properties).toEqual([]);
    expect(body).not.toHaveProperty('pagination');
  });

  it('narrows as the date and time move later', async () => {
    const anchor = world.anchor;
    const day = (daysBack: number) => new Date(anchor.getTime() - daysBack * 86_400_000).toISOString().slice(0, 10);
    const count = async (path: string) => (await walk(path)).properties.length;
    const yearAgo = await count(`/api/houses/added-since/${day(365)}`);
    const yearAgoNoon = await count(`/api/houses/added-since/${day(365)}/12:00`);
    const monthAgo = await count(`/api/houses/added-since/${day(30)}`);
    expect(yearAgo).toBeLessThan(listed.size);
    expect(yearAgoNoon).toBeLessThanOrEqual(yearAgo);
    expect(monthAgo).toBeLessThan(yearAgoNoon);
  });

  it('answers 400 with a clear message for a date or time that is not real', async () => {
    for (const path of ['/api/houses/added-since/2017-13-04', '/api/houses/added-since/2017-02-30', '/api/houses/added-since/17-07-04', '/api/houses/added-since/2017-07-04/24:00', '/api/houses/added-since/2017-07-04/12:3', '/api/houses/added-since']) {
      const { status, body } = await get(path);
      expect(status, path).toBe(400);
      expect(body.error, path).toMatch(/date|time/i);
    }
    expect((await get('/api/houses/added-since/2017-13-04')).body).toEqual({ error: 'Invalid date "2017-13-04": expected YYYY-MM-DD' });
  });
});

describe('StuRents activity', () => {
  it('adds houses that added-since finds and moves prices', async () => {
    const before = new Map((await walk('/api/houses')).properties.map((p) => [p.reference, p.contracts[0]!.price.amount]));
    const since = new Date(Date.now() - 60_000).toISOString();
    for (let i = 0; i < 8; i++) await sim.activityTick!();
    const added = (await walk(`/api/houses/added-since/${since.slice(0, 10)}/${since.slice(11, 16)}`)).properties;
    const after = (await walk('/api/houses')).properties;
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((p) => !before.has(p.reference))).toBe(true);
    expect(after.length).toBe(before.size + added.length);
    const moved = after.filter((p) => before.has(p.reference) && before.get(p.reference) !== p.contracts[0]!.price.amount);
    expect(moved.length).toBeGreaterThan(0);
    expect((await get(`/api/houses/${added[0]!.reference}`)).status).toBe(200);
  });
});

describe('StuRents on a fixed clock', () => {
  it('dates its answers and the houses it adds by its own clock, not the machine\'s', async () => {
    const now = new Date('2025-03-10T12:00:00Z');
    const fixed = await startSturentsSimulator({ world: createWorld({ seed: 13, rentrollUnits: 600, anchor: startOfUtcDay(now) }), identicalRequestWindowMillis: 0, now: () => now });
    try {
      const read = async (path: string) => (await (await fetch(`${fixed.server.origin}${path}?${auth}`)).json()) as Body;
      expect((await read('/api/houses')).date).toBe('2025-03-10 12:00:00');
      for (let i = 0; i < 8; i++) await fixed.activityTick!();
      const added = (await read('/api/houses/added-since/2025-03-10/11:59')).branches[0]!.properties;
      expect(added.length).toBeGreaterThan(0);
      expect(added.every((p) => !listed.has(p.reference))).toBe(true);
    } finally {
      await fixed.close();
    }
  });
});
