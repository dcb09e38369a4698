import { rentengineAddress, type PhysicalUnit, type Random, type World } from '../world/index.js';
import type { Numeric, PropertyType, ShowingMethod, Unit, UnitStatus } from './types.js';

export const DAY_MS = 86_400_000;

/** "2024-10-05T18:53:03.406168Z": the microsecond timestamps RentEngine writes. */
export function isoMicro(millis: number, random: Random): string {
  return new Date(millis).toISOString().replace('Z', `${String(random.int(0, 999)).padStart(3, '0')}Z`);
}

export function isoDate(millis: number): string {
  return new Date(millis).toISOString().slice(0, 10);
}

/** Numeric strings as documented; one in ten a JSON number, as integrators report from the live API. */
export function numeric(value: number, random: Random): Numeric {
  return random.chance(0.1) ? value : String(value);
}

const AMENITIES = ['Dishwasher', 'Central Air', 'Hardwood Floors', 'Balcony', 'Walk-in Closet', 'Pool', 'Gym', 'Fireplace', 'Stainless Appliances', 'Yard'];
const LIVE_STATUSES: readonly UnitStatus[] = ['Incomplete', 'Under Review', 'On Hold', 'Withdrawal Requested', 'Price Analysis'];
const ENDED_STATUSES: readonly UnitStatus[] = ['Archived', 'Expired', 'Withdrawn'];

function drawStatus(random: Random, unit: PhysicalUnit): UnitStatus {
  if (!unit.active) return random.pick(ENDED_STATUSES);
  const r = random.next();
  if (r < 0.5) return 'Available';
  if (r < 0.88) return 'Leased';
  return random.pick(LIVE_STATUSES);
}

function drawShowingMethod(random: Random): ShowingMethod {
  const r = random.next();
  if (r < 0.55) return 'Self Guided';
  if (r < 0.9) return 'Accompanied';
  return random.chance(0.5) ? 'Remote Guided' : 'Remote Guided with Gated Access';
}

export interface UnitSeedContext {
  mainAccountId: string;
  otherAccountId: string;
  /** The template some units name explicitly; the rest use their account's default. */
  strictTemplateId: string;
}

/** One RentEngine unit per world unit that RentEngine knows, in id order. */
export function seedUnits(world: World, context: UnitSeedContext): Unit[] {
  const random = world.random('rentengine:units');
  const anchor = world.anchor.getTime();
  const units: Unit[] = [];
  for (const physical of world.units) {
    const id = physical.ids.rentengine;
    if (id === undefined) continue;
    const created = anchor - random.int(30, 900) * DAY_MS - random.int(0, DAY_MS - 1);
    const updated = created + Math.floor(random.next() * (anchor - created));
    const status = drawStatus(random, physical);
    const propertyType: PropertyType = physical.unit !== null
      ? random.pick(['MULTI-FAMILY', 'CONDO', 'TOWNHOUSE', 'DUPLEX', 'TRIPLEX'] as const)
      : random.pick(['SINGLE FAMILY RESIDENCE', 'SINGLE FAMILY RESIDENCE', 'TOWNHOUSE', 'ADU'] as const);
    const amenities = AMENITIES.filter(() => random.chance(0.3));
    const available = status === 'Available';
    const hoa = random.chance(0.2);
    units.push({
      id,
      created_at: isoMicro(created, random),
      updated_at: isoMicro(updated, random),
      address: rentengineAddress(physical),
      property_type: propertyType,
      bedrooms: numeric(physical.bedrooms, random),
      bathrooms: numeric(physical.bathrooms, random),
      sqft: numeric(physical.sqft, random),
      furnished: random.chance(0.1),
      renovated: random.chance(0.3) ? 'Yes' : 'No',
      num_parking_spots: String(random.int(0, 2)),
      laundry: random.pick(['In Unit', 'In Unit', 'Shared', 'Coin-op', 'Hookups but no machines', 'On-site', 'None']),
      status,
      is_occupied: status === 'Leased',
      target_rental_rate: numeric(physical.rentMonthly, random),
      earliest_move_in_date: available ? isoDate(anchor + random.int(0, 45) * DAY_MS) : null,
      earliest_showing_date: available ? isoDate(anchor) : null,
      year_built: random.chance(0.9) ? random.int(1920, 2022) : null,
      amenities,
      highlighted_amenities: amenities.slice(0, 2),
      allow_cooperating_brokers: random.chance(0.8) ? random.chance(0.7) : null,
      desired_lease_duration_months: random.chance(0.7) ? [12] : [6, 12],
      pets_allowed: random.pick(['Yes with pet fee', 'Cats only', 'Small dogs and cats', 'No', null]),
      pet_restrictions: random.chance(0.5) ? 'Two pets maximum, 40 lb limit' : '',
      pet_fees: random.chance(0.4) ? [{ name: 'Pet deposit', type: 'one_time', amount: random.chance(0.5) ? '300' : 300 }] : [],
      monthly_fees: random.chance(0.3) ? [{ name: 'Trash', type: 'monthly', amount: 25 }] : [],
      hoa_app_required: hoa ? true : random.chance(0.5) ? false : null,
      hoa_app_fee: hoa ? 100 : null,
      hoa_application_url: hoa ? `https://hoa.example.com/apply/${id}` : null,
      key_access: random.pick(['Lockbox on the front door', 'Keys at the leasing office', 'Smart lock; code sent before the showing']),
      parking_type: random.chance(0.6) ? [random.pick(['Street', 'Driveway', 'Assigned Spots', 'Private Garage'])] : [],
      showing_method: drawShowingMethod(random),
      structured_access_instructions: null,
      marketing_description: `${physical.bedrooms} bed, ${physical.bathrooms} bath home in ${physical.city}.`,
      accepts_vouchers: random.chance(0.4),
      prescreen_template_id: random.chance(0.15) ? context.strictTemplateId : null,
      account_id: random.chance(0.92) ? context.mainAccountId : context.otherAccountId,
      extracted_from: random.chance(0.4) ? random.hex(7) : null,
    });
  }
  return units;
}
