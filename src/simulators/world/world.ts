import { createRandom, type Random } from './random.js';
import { CITIES, DIRECTIONALS, FIRST_NAMES, GB_BUILDING_NAMES, LAST_NAMES, STREET_NAMES, STREET_TYPES, type Country } from './places.js';

/**
 * The one seeded portfolio every simulator serves. A physical unit exists once here
 * and appears at several vendors, each with its own id and its own spelling of the
 * address (see spelling.ts). `key` is ground truth for tests and accuracy
 * measurement; no vendor ever sends it.
 */
export interface PhysicalUnit {
  key: string;
  country: Country;
  streetNumber: string;
  /** Base name without type, e.g. "Main", "Hyde Park", "Linden". */
  streetName: string;
  /** Long form, e.g. "Street", "Avenue", "straße". */
  streetType: string;
  directional: (typeof DIRECTIONALS)[number] | null;
  /** Apartment / suite / flat / Wohnung number, or null for a whole house. */
  unit: string | null;
  /** A British building's name ("Albion House"), or null. */
  building: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  bedrooms: number;
  bathrooms: number;
  sqft: number;
  /** Monthly rent in the local currency (USD, CAD, GBP, EUR). */
  rentMonthly: number;
  ownerId: string;
  possessionStart: string;
  possessionEnd: string;
  active: boolean;
  /** The id each vendor knows this unit by; absent = that vendor does not know it. */
  ids: VendorUnitIds;
}

export interface VendorUnitIds {
  rentroll?: string;
  rentengine?: number;
  leasey?: number;
  sturents?: string;
  deeprent?: string;
}

export interface WorldTenant {
  id: string;
  name: string;
  email: string;
  phoneNumber: string;
}

export interface WorldLease {
  id: string;
  unitId: string;
  leaseStart: string;
  leaseEnd: string;
  moveIn: string | null;
  moveOut: string | null;
  primaryTenantId: string;
  tenants: WorldTenant[];
}

export interface WorldOptions {
  /** Seed of every random choice. Default 42. */
  seed?: number;
  /** How many units the rent roll holds; the other vendors scale with it. Default 200, up to 100,000. */
  rentrollUnits?: number;
  /** "Today" for lease status and relative dates; default today 00:00 UTC. */
  anchor?: Date;
}

export interface World {
  readonly seed: number;
  readonly anchor: Date;
  readonly units: PhysicalUnit[];
  readonly leases: WorldLease[];
  /** A fresh seeded source for one purpose, so adding a draw elsewhere never shifts it. */
  random(purpose: string): Random;
}

export const MAX_RENTROLL_UNITS = 100_000;
const DAY_MS = 86_400_000;

export function createWorld(options: WorldOptions = {}): World {
  const seed = options.seed ?? 42;
  const target = options.rentrollUnits ?? 200;
  if (!Number.isInteger(target) || target < 1 || target > MAX_RENTROLL_UNITS) {
    throw new RangeError(`rentrollUnits must be an integer from 1 to ${MAX_RENTROLL_UNITS}, got ${target}`);
  }
  const anchor = options.anchor ?? startOfUtcDay(new Date());
  const random = createRandom(seed);
  // The mixed portfolio (rent-roll units abroad, building names, lettered numbers) draws from
  // its own stream, so the units, ids and spellings drawn before it stay as they were.
  const portfolio = createRandom(`${seed}:portfolio`);
  const units: PhysicalUnit[] = [];
  const counters: IdCounters = { rentroll: 1001, rentengine: 3318, leasey: 500, sturents: 7001, owner: 5001 };
  let rentrollCount = 0;
  // Flat labels already used in the current building: two flats of one building never share one.
  const buildingLabels = new Set<string>();

  while (rentrollCount < target) {
    const previous = units[units.length - 1];
    // A third of apartments share their building with the unit drawn before them.
    const sameBuilding = previous !== undefined && previous.unit !== null && random.chance(0.35) ? previous : null;
    if (sameBuilding === null) buildingLabels.clear();
    const unit = drawUnit(random, portfolio, units.length, anchor, counters, sameBuilding, buildingLabels);
    if (unit.unit !== null) buildingLabels.add(unit.unit);
    if (unit.ids.rentroll !== undefined) rentrollCount++;
    units.push(unit);
  }
  const leases = drawLeases(createRandom(`${seed}:leases`), units, anchor);
  return {
    seed,
    anchor,
    units,
    leases,
    random: (purpose) => createRandom(`${seed}:${purpose}`),
  };
}

export function startOfUtcDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

function drawCountry(random: Random): Country {
  const r = random.next();
  if (r < 0.55) return 'US';
  if (r < 0.72) return 'CA';
  if (r < 0.9) return 'GB';
  return 'DE';
}

interface IdCounters { rentroll: number; rentengine: number; leasey: number; sturents: number; owner: number }

function drawUnit(
  random: Random, portfolio: Random, index: number, anchor: Date, counters: IdCounters, building: PhysicalUnit | null, takenLabels: ReadonlySet<string>,
): PhysicalUnit {
  const country = building?.country ?? drawCountry(random);
  const place = random.pick(CITIES[country]);
  const streetName = building?.streetName ?? random.pick(STREET_NAMES[country]);
  const streetType = building?.streetType ?? random.pick(STREET_TYPES[country]);
  let streetNumber = building?.streetNumber ?? String(random.int(1, country === 'DE' ? 120 : 2999));
  // German houses often carry a letter ("12a"); only new buildings draw one.
  if (building === null && country === 'DE' && portfolio.chance(0.2)) streetNumber += portfolio.pick(['a', 'b', 'c']);
  const inBuilding = building !== null || (country !== 'GB' ? random.chance(0.7) : random.chance(0.5));
  let unitLabel = inBuilding ? drawUnitLabel(random, country) : null;
  for (let tries = 0; building !== null && unitLabel !== null && takenLabels.has(unitLabel); tries++) {
    // A small building can run out of labels; then the flat gets a distinct suffix.
    unitLabel = tries < 20 ? drawUnitLabel(random, country) : `${drawUnitLabel(random, country)}${String.fromCharCode(97 + (tries % 26))}${tries}`;
  }
  const bedrooms = country === 'GB' ? random.int(2, 7) : random.int(0, 4);
  const ids: VendorUnitIds = {};
  const p = random.next.bind(random);
  switch (country) {
    case 'US':
      if (p() < 0.92) ids.rentroll = String(counters.rentroll++);
      if (p() < 0.7) ids.rentengine = counters.rentengine++;
      if (p() < 0.45) ids.leasey = counters.leasey++;
      if (p() < 0.12) ids.deeprent = `obj-${random.hex(12)}`;
      break;
    case 'CA':
      if (p() < 0.9) ids.rentroll = String(counters.rentroll++);
      if (p() < 0.8) ids.leasey = counters.leasey++;
      if (p() < 0.1) ids.deeprent = `obj-${random.hex(12)}`;
      break;
    case 'GB':
      if (p() < 0.88) ids.sturents = `SR${counters.sturents++}`;
      if (p() < 0.3) ids.deeprent = `obj-${random.hex(12)}`;
      // The rent roll holds the whole portfolio: British and German units too.
      if (portfolio.chance(0.45)) ids.rentroll = String(counters.rentroll++);
      break;
    case 'DE':
      ids.deeprent = `obj-${random.hex(12)}`;
      if (portfolio.chance(0.6)) ids.rentroll = String(counters.rentroll++);
      break;
    default: {
      const unreachable: never = country;
      throw new Error(`unknown country ${String(unreachable)}`);
    }
  }
  if (Object.keys(ids).length === 0) ids.deeprent = `obj-${random.hex(12)}`;
  const possessionStart = new Date(anchor.getTime() - random.int(200, 2000) * DAY_MS);
  const possessionEnd = new Date(anchor.getTime() + random.int(-100, 3000) * DAY_MS + DAY_MS - 1000);
  return {
    key: `pu-${String(index + 1).padStart(6, '0')}`,
    country,
    streetNumber,
    streetName,
    streetType,
    directional: building !== null ? building.directional : country === 'US' && random.chance(0.15) ? random.pick(DIRECTIONALS) : null,
    unit: unitLabel,
    building: building !== null ? building.building : country === 'GB' && unitLabel !== null && portfolio.chance(0.3) ? portfolio.pick(GB_BUILDING_NAMES) : null,
    city: building?.city ?? place.city,
    region: building !== null ? building.region : place.region,
    postalCode: building?.postalCode ?? place.postalCode(index),
    bedrooms,
    bathrooms: Math.max(1, Math.min(bedrooms, random.pick([1, 1, 1.5, 2, 2.5]))),
    sqft: (country === 'GB' ? 600 : 350) + bedrooms * random.int(180, 320),
    rentMonthly: drawRent(random, country, bedrooms),
    ownerId: String(counters.owner + random.int(0, 40)),
    possessionStart: possessionStart.toISOString().replace('.000Z', 'Z'),
    possessionEnd: possessionEnd.toISOString().replace('.000Z', 'Z'),
    active: possessionEnd.getTime() > anchor.getTime(),
    ids,
  };
}

function drawUnitLabel(random: Random, country: Country): string {
  switch (country) {
    case 'US':
    case 'CA':
      return random.chance(0.5) ? `${random.pick(['A', 'B', 'C'])}${random.int(1, 4)}0${random.int(1, 9)}` : String(random.int(1, 40));
    case 'GB':
      return String(random.int(1, 8));
    case 'DE':
      return String(random.int(1, 20));
    default: {
      const unreachable: never = country;
      throw new Error(`unknown country ${String(unreachable)}`);
    }
  }
}

function drawRent(random: Random, country: Country, bedrooms: number): number {
  const base = { US: 1100, CA: 1600, GB: 450, DE: 700 }[country];
  const perBedroom = { US: 450, CA: 500, GB: 380, DE: 300 }[country];
  return Math.round((base + bedrooms * perBedroom + random.int(-150, 250)) / 5) * 5;
}

function drawLeases(random: Random, units: PhysicalUnit[], anchor: Date): WorldLease[] {
  const leases: WorldLease[] = [];
  let leaseId = 2001;
  let tenantId = 3001;
  const newTenant = (): WorldTenant => {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const id = String(tenantId++);
    return {
      id,
      name: `${first} ${last}`,
      email: `${first}.${last}.${id}@example.com`.toLowerCase().replace('ü', 'ue'),
      phoneNumber: `+1-555-${String(random.int(0, 9999)).padStart(4, '0')}`,
    };
  };
  const at = (days: number, hour = 0) => new Date(anchor.getTime() + days * DAY_MS + hour * 3_600_000).toISOString().replace('.000Z', 'Z');
  const endOfDay = (days: number) => new Date(anchor.getTime() + (days + 1) * DAY_MS - 1000).toISOString().replace('.000Z', 'Z');
  for (const unit of units) {
    const unitId = unit.ids.rentroll;
    if (unitId === undefined) continue;
    let previousTenants: WorldTenant[] | null = null;
    const push = (startDay: number, lengthDays: number, moved: 'in' | 'out' | 'none') => {
      // A renewal keeps the household: the past lease's tenants sign the current one.
      const tenants: WorldTenant[] = previousTenants !== null && random.chance(0.4)
        ? previousTenants
        : Array.from({ length: random.int(1, 4) }, newTenant);
      previousTenants = tenants;
      const endDay = startDay + lengthDays;
      leases.push({
        id: String(leaseId++),
        unitId,
        leaseStart: at(startDay),
        leaseEnd: endOfDay(endDay),
        moveIn: moved === 'none' ? null : at(startDay, 10),
        moveOut: moved === 'out' ? at(endDay, 12) : null,
        primaryTenantId: tenants[0]!.id,
        tenants,
      });
    };
    if (random.chance(0.6)) push(-random.int(500, 900), 364, 'out');
    if (random.chance(0.75)) push(-random.int(10, 300), 364, 'in');
    if (random.chance(0.15)) push(random.int(30, 120), 364, 'none');
  }
  return leases;
}
