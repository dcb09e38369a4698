import type { WriteContext } from '../../../ports/writes.js';
import type { UnitParent } from '../../../domain/models.js';
import type { Laundry, ParkingType, PropertyType, ShowingMethod, UpsertUnitInput } from '../../../generated/graphql.js';
import type { RentengineUnit } from '../client.js';
import type { UnitAddressBody, UpsertUnitBody } from '../writes.js';
import { checkInputAsync, dateOf, fail, integerAtLeast, isSet, nonNegative, text, webUrl, type InputCheck } from '../../../ports/input.js';
import { rentengineUnitIdOf, rentengineUuidOf } from './ids.js';
import { RENTENGINE_RESOURCE, rentengineUnitDrafts } from '../resources.js';
import type { VendorWrites } from '../../../ports/writes.js';
import type { RentengineClient } from '../client.js';

const ADDRESS_FIELDS = ['line1', 'city', 'region', 'postalCode'] as const;

/** "123 Main Street" → 123 + "Main Street"; RentEngine stores the number and the street apart. */
export function streetParts(line1: string, field: string): { street_number: string; street_name: string } {
  const match = /^(\d+[A-Za-z]?(?:[-/]\d+[A-Za-z]?)?)\s+(.+)$/.exec(line1.trim());
  if (match === null) fail(field, 'a street line that starts with the house number, e.g. "123 Main St"', line1);
  return { street_number: match[1]!, street_name: match[2]!.trim() };
}

/**
 * The address, all or nothing: RentEngine replaces a unit's address as a whole and
 * refuses a partial one (docs/vendors.md), so the graph refuses it first. A
 * unitNumber left out of a full address clears the unit's apartment number.
 */
export function unitAddress(check: InputCheck, input: UpsertUnitInput): UnitAddressBody | undefined {
  const given = ADDRESS_FIELDS.filter((name) => isSet(input[name]));
  if (given.length === 0) {
    if (isSet(input.unitNumber)) check.problem('input.unitNumber', 'input.unitNumber is part of the address: send it with line1, city, region and postalCode (RentEngine updates an address only as a whole)');
    return undefined;
  }
  const missing = ADDRESS_FIELDS.filter((name) => !isSet(input[name]));
  if (missing.length > 0) {
    check.problem(
      `input.${missing[0]!}`,
      `input must give all of line1, city, region and postalCode or none of them (RentEngine updates an address only as a whole); given: ${given.join(', ')}; missing: ${missing.join(', ')}`,
    );
    return undefined;
  }
  const region = check.field(() => {
    const value = text(input.region!, 'input.region').toUpperCase();
    if (!/^[A-Z]{2}$/.test(value)) fail('input.region', 'a two-letter US state code such as CA (RentEngine lists US units only)', input.region);
    return value;
  });
  const postalCode = check.field(() => {
    const value = text(input.postalCode!, 'input.postalCode');
    if (!/^\d{5}(-\d{4})?$/.test(value)) fail('input.postalCode', 'a US ZIP code such as 94103 or 94103-1234', input.postalCode);
    return value;
  });
  const unitNumber = check.optional(input.unitNumber, (v) => text(v, 'input.unitNumber'));
  return {
    ...check.field(() => streetParts(text(input.line1!, 'input.line1'), 'input.line1')),
    ...(unitNumber !== undefined && { unit: unitNumber }),
    city: check.field(() => text(input.city!, 'input.city')),
    state: region,
    zip_code: postalCode,
    country: 'United States',
  };
}

const PROPERTY_TYPES: Record<PropertyType, string> = {
  SINGLE_FAMILY_RESIDENCE: 'SINGLE FAMILY RESIDENCE', DUPLEX: 'DUPLEX', TRIPLEX: 'TRIPLEX', MULTI_FAMILY: 'MULTI-FAMILY',
  CONDO: 'CONDO', TOWNHOUSE: 'TOWNHOUSE', ROOM: 'ROOM', ADU: 'ADU',
};
const LAUNDRY: Record<Laundry, string> = {
  IN_UNIT: 'In Unit', SHARED: 'Shared', COIN_OP: 'Coin-op', HOOKUPS_ONLY: 'Hookups but no machines', ON_SITE: 'On-site', NONE: 'None',
};
const PARKING_TYPES: Record<ParkingType, string> = {
  STREET: 'Street', CARPORT: 'Carport', ASSIGNED_SPOTS: 'Assigned Spots', DRIVEWAY: 'Driveway', SHARED_GARAGE: 'Shared Garage',
  PRIVATE_GARAGE: 'Private Garage', PAID_PARKING: 'Paid Parking',
};
const SHOWING_METHODS: Record<ShowingMethod, string> = {
  ACCOMPANIED: 'Accompanied', SELF_GUIDED: 'Self Guided', REMOTE_GUIDED: 'Remote Guided', REMOTE_GUIDED_WITH_GATED_ACCESS: 'Remote Guided with Gated Access',
};

/** Non-blank texts, each once, in the order given. */
function texts(values: readonly string[], field: string): string[] {
  return [...new Set(values.map((value, i) => text(value, `${field}[${i}]`)))];
}

/** The documented unit fields beyond address and rooms, as RentEngine names them; only those given. */
function unitDetails(check: InputCheck, input: UpsertUnitInput): Partial<UpsertUnitBody> {
  const instructions = check.optional(input.accessInstructions, (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('input.accessInstructions', 'an object of access instructions for the showing method', v);
    return v as Record<string, unknown>;
  });
  if (instructions !== undefined && !isSet(input.showingMethod)) {
    check.problem('input.accessInstructions', 'input.accessInstructions needs input.showingMethod in the same input (their shape depends on the method), got no showingMethod');
  }
  const yearBuilt = check.optional(input.yearBuilt, (v) => integerAtLeast(v, 1600, 'input.yearBuilt'));
  const templateId = check.optional(input.prescreeningTemplateId, (v) => rentengineUuidOf(v, 'input.prescreeningTemplateId', 'PrescreeningTemplate'));
  return {
    ...(isSet(input.furnished) && { furnished: input.furnished }),
    ...(isSet(input.renovated) && { renovated: check.field(() => text(input.renovated!, 'input.renovated')) }),
    ...(isSet(input.parkingSpots) && { num_parking_spots: check.field(() => integerAtLeast(input.parkingSpots!, 0, 'input.parkingSpots')) }),
    ...(isSet(input.laundry) && { laundry: LAUNDRY[input.laundry] }),
    ...(isSet(input.parkingTypes) && { parking_type: [...new Set(input.parkingTypes.map((t) => PARKING_TYPES[t]))] }),
    ...(isSet(input.rent) && { target_rental_rate: check.field(() => nonNegative(input.rent!, 'input.rent')) }),
    ...(isSet(input.occupied) && { is_occupied: input.occupied }),
    ...(isSet(input.availableFrom) && { earliest_move_in_date: check.field(() => dateOf(input.availableFrom, 'input.availableFrom')) }),
    ...(yearBuilt !== undefined && { year_built: yearBuilt }),
    ...(isSet(input.amenities) && { amenities: check.field(() => texts(input.amenities!, 'input.amenities')) }),
    ...(isSet(input.highlightedAmenities) && { highlighted_amenities: check.field(() => texts(input.highlightedAmenities!, 'input.highlightedAmenities')) }),
    ...(isSet(input.allowCooperatingBrokers) && { allow_cooperating_brokers: input.allowCooperatingBrokers }),
    ...(isSet(input.desiredLeaseMonths) && {
      desired_lease_duration_months: [...new Set(input.desiredLeaseMonths.map((m, i) => check.field(() => integerAtLeast(m, 1, `input.desiredLeaseMonths[${i}]`))))],
    }),
    ...(isSet(input.petsAllowed) && { pets_allowed: check.field(() => text(input.petsAllowed!, 'input.petsAllowed')) }),
    ...(isSet(input.petRestrictions) && { pet_restrictions: input.petRestrictions }),
    ...(isSet(input.hoaApplicationRequired) && { hoa_app_required: input.hoaApplicationRequired }),
    ...(isSet(input.hoaApplicationFee) && { hoa_app_fee: check.field(() => nonNegative(input.hoaApplicationFee!, 'input.hoaApplicationFee')) }),
    ...(isSet(input.hoaApplicationUrl) && { hoa_application_url: check.field(() => webUrl(input.hoaApplicationUrl!, 'input.hoaApplicationUrl')) }),
    ...(isSet(input.keyAccess) && { key_access: input.keyAccess }),
    ...(isSet(input.showingMethod) && { showing_method: SHOWING_METHODS[input.showingMethod] }),
    ...(instructions !== undefined && { structured_access_instructions: instructions }),
    ...(isSet(input.marketingDescription) && { marketing_description: input.marketingDescription }),
    ...(templateId !== undefined && { prescreen_template_id: templateId }),
  };
}

/**
 * The POST /units body without its id. Creating needs a full address, bedrooms and
 * bathrooms, and RentEngine also needs a property type: without `propertyType`, a unit
 * with an apartment number is created as MULTI-FAMILY, one without as SINGLE FAMILY
 * RESIDENCE. Updates send only what is given.
 */
export function unitBody(check: InputCheck, input: UpsertUnitInput): Omit<UpsertUnitBody, 'id'> {
  const address = unitAddress(check, input);
  const bedrooms = check.optional(input.bedrooms, (v) => nonNegative(v, 'input.bedrooms'));
  const bathrooms = check.optional(input.bathrooms, (v) => nonNegative(v, 'input.bathrooms'));
  const sqft = check.optional(input.squareFeet, (v) => integerAtLeast(v, 0, 'input.squareFeet'));
  const details = unitDetails(check, input);
  const creating = !isSet(input.id);
  if (creating) {
    const missing = [!ADDRESS_FIELDS.every((name) => isSet(input[name])) && 'line1, city, region, postalCode', !isSet(input.bedrooms) && 'bedrooms', !isSet(input.bathrooms) && 'bathrooms'].filter((m) => m !== false);
    if (missing.length > 0) check.problem('input', `input without an id creates a unit, which needs a full address, bedrooms and bathrooms; missing: ${missing.join(', ')}`);
  }
  const propertyType = isSet(input.propertyType) ? PROPERTY_TYPES[input.propertyType] : creating ? (address?.unit === undefined ? 'SINGLE FAMILY RESIDENCE' : 'MULTI-FAMILY') : undefined;
  const body = {
    ...(address !== undefined && { address }),
    ...(propertyType !== undefined && { property_type: propertyType }),
    ...(bedrooms !== undefined && { bedrooms }),
    ...(bathrooms !== undefined && { bathrooms }),
    ...(sqft !== undefined && { sqft }),
    ...details,
  };
  if (!creating && check.ok && Object.keys(body).length === 0) {
    check.problem('input', 'input with an id must set at least one field to change (an address, bedrooms, bathrooms, squareFeet or another unit field); nothing to change was given');
  }
  return body;
}

/**
 * The merged unit the written RentEngine record belongs to. A new unit, or one whose
 * address moved it to another cluster, is not in the identity index until the next sync
 * reads RentEngine, so the record is upserted into the index now and the answer
 * resolves at once.
 */
export async function unitAfterWrite(context: WriteContext<unknown>, written: RentengineUnit): Promise<UnitParent> {
  const ref = { vendor: 'RENTENGINE' as const, externalId: written.record.externalId };
  await context.index([written.record]);
  return (await context.unitOfRecord(ref)) ?? { __typename: 'Unit', key: `${ref.vendor}:${ref.externalId}`, members: [ref] };
}

export const unitWrites: VendorWrites<RentengineClient> = {
  async upsertUnit(args, context) {
    const { body, id } = await checkInputAsync(async (check) => ({
      body: unitBody(check, args.input),
      id: isSet(args.input.id) ? await check.fieldAsync(() => rentengineUnitIdOf(context, args.input.id!, 'input.id')) : undefined,
    }));
    const written = await context.write((client) => client.upsertUnit({ ...body, ...(id !== undefined && { id }) }));
    await context.keep([{ resource: RENTENGINE_RESOURCE.units, upserts: rentengineUnitDrafts(written) }]);
    return unitAfterWrite(context, written);
  },
};
