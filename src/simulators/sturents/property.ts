import { createRandom, sturentsAddress, type Random } from '../world/index.js';
import type { HouseRecord } from './data.js';

/**
 * A property object as sturents.md and ASSUMPTIONS.md describe it. The document says
 * "all data types are assumed to be strings unless stated otherwise" and "objects
 * will always contain the specified keys", so counts and amounts are strings and the
 * pbsa-only keys are present (empty) on houses too. Everything but the price is
 * drawn from a source seeded by the reference, so it is the same on every request.
 */
const CITY_CENTRES: Record<string, { lat: number; lng: number }> = {
  Leeds: { lat: 53.8175, lng: -1.5756 },
  Manchester: { lat: 53.4521, lng: -2.2193 },
  Nottingham: { lat: 52.9446, lng: -1.1846 },
};
const FACILITIES = ['Broadband', 'Washing Machine', 'Dishwasher', 'Garden', 'Bills Included', 'Double Beds', 'Desk', 'Central Heating', 'Bike Storage', 'Parking', 'Ensuite', 'Tumble Dryer'];
const ROOM_TYPES = ['En-suite', 'Deluxe En-suite', 'Studio', 'Twin Room'];
const SQFT_TO_M2 = 0.092903;
const DAY_MS = 86_400_000;

export interface PropertyContext {
  seed: number;
  /** The world's "today"; tenancies start the September after it. */
  anchor: Date;
}

export function sturentsProperty(house: HouseRecord, context: PropertyContext) {
  const { unit } = house;
  const random = createRandom(`${context.seed}:sturents:house:${house.reference}`);
  const pbsa = unit.unit !== null && random.chance(0.15);
  const perPerson = random.chance(0.85);
  const bedrooms = Math.max(unit.bedrooms, 1);
  const bedsAvailable = random.chance(0.8) ? unit.bedrooms : random.int(0, unit.bedrooms);
  const centre = CITY_CENTRES[unit.city] ?? { lat: 53.8, lng: -1.55 };
  const term = academicYear(context.anchor, random);
  const weekly = Math.round((house.rentMonthly * 12) / 52 / bedrooms);
  const contract = (available: ReturnType<typeof academicYear>) => perPerson
    ? { price: { amount: String(weekly), amount_per: 'person', time_period: 'week' }, deposit: { amount: String(weekly * 4), amount_per: 'person' }, available }
    : { price: { amount: String(house.rentMonthly), amount_per: 'property', time_period: 'month' }, deposit: { amount: String(house.rentMonthly), amount_per: 'property' }, available };
  const address = sturentsAddress(unit);
  const photoCount = random.int(0, 6);
  const quantity = pbsa ? random.int(1, 12) : 0;
  return {
    reference: house.reference,
    available: [term],
    designation: pbsa ? 'pbsa' : 'house',
    beds_available: String(bedsAvailable),
    beds_total: String(unit.bedrooms),
    rooms_let_individually: perPerson,
    quantity: pbsa ? String(quantity) : '',
    quantity_available: pbsa ? String(random.int(0, quantity)) : '',
    room_type: pbsa ? random.pick(ROOM_TYPES) : '',
    property_type: 'Residential',
    description: describe(random, unit.bedrooms, address.road_name),
    bathrooms: String(Math.ceil(unit.bathrooms)),
    floor_space: String(Math.round(unit.sqft * SQFT_TO_M2)),
    address,
    coordinates: { lat: (centre.lat + jitter(random)).toFixed(6), lng: (centre.lng + jitter(random)).toFixed(6) },
    facilities: FACILITIES.filter(() => random.chance(0.4)),
    media: {
      photos: Array.from({ length: photoCount }, (_, i) => `https://media.sturents.example/${house.reference}/photo-${i + 1}.jpg`),
      videos: random.chance(0.1) ? [`https://media.sturents.example/${house.reference}/tour.mp4`] : [],
      floorplans: random.chance(0.3) ? [`https://media.sturents.example/${house.reference}/floorplan.pdf`] : [],
    },
    contracts: random.chance(0.25) ? [contract(term), contract(shiftYear(term))] : [contract(term)],
  };
}

export type SturentsProperty = ReturnType<typeof sturentsProperty>;

function jitter(random: Random): number {
  return (random.next() - 0.5) * 0.04;
}

/** The next academic-year tenancy after `anchor`: from July or September, about a year. */
function academicYear(anchor: Date, random: Random) {
  const year = anchor.getUTCMonth() >= 6 ? anchor.getUTCFullYear() + 1 : anchor.getUTCFullYear();
  const start = Date.UTC(year, random.chance(0.7) ? 8 : 6, 1);
  const weeks = random.pick([44, 48, 51, 52]);
  const end = start + weeks * 7 * DAY_MS - DAY_MS;
  return { start_date: isoDate(start), end_date: isoDate(end), min_contract_days: String(weeks * 7) };
}

function shiftYear(term: { start_date: string; end_date: string; min_contract_days: string }) {
  const plusYear = (date: string) => `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;
  return { ...term, start_date: plusYear(term.start_date), end_date: plusYear(term.end_date) };
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function describe(random: Random, bedrooms: number, street: string): string {
  const opening = `${bedrooms} bedroom student property on ${street}, close to campus and local shops.`;
  return random.chance(0.4) ? `<p>${opening}</p><p>Fully furnished; viewings welcome.</p>` : `${opening} Fully furnished; viewings welcome.`;
}
