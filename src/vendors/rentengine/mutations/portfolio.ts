import type { PhotoInput, UpsertFloorplanInput, UpsertMultifamilyPropertyInput } from '../../../generated/graphql.js';
import { badInput } from '../../../errors.js';
import type { PhotoBody, UpsertFloorplanBody, UpsertMultifamilyPropertyBody } from '../writes.js';
import { fail, integerAtLeast, isSet, nonNegative, oneOf, optionalText, text, uuid } from '../../../ports/input.js';
import { rentengineUuidOf } from './ids.js';
import type { VendorWrites } from '../../../ports/writes.js';
import type { RentengineClient } from '../client.js';
import { portfolioDraft, RENTENGINE_RESOURCE } from '../resources.js';

/** RentEngine's structure types for a multifamily property (docs/vendors.md). */
export const STRUCTURE_TYPES = ['Mid Rise', 'High Rise', 'Garden Style'] as const;

function photosOf(photos: readonly PhotoInput[], field: string): PhotoBody[] {
  return photos.map((photo, i) => ({ path: text(photo.path, `${field}[${i}].path`), hidden: photo.hidden }));
}

/** `external_ids` is a free map of the caller's ids, e.g. {"mls_id": "MLS123"}. */
function externalIdsOf(value: unknown, field: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, 'an object of ids such as {"mls_id": "MLS123"}', value);
  const out: Record<string, string> = {};
  for (const [key, id] of Object.entries(value)) {
    if (typeof id !== 'string' && typeof id !== 'number') fail(`${field}.${key}`, 'a string or number id', id);
    out[key] = String(id);
  }
  return out;
}

export function multifamilyBody(input: UpsertMultifamilyPropertyInput, now: Date): Omit<UpsertMultifamilyPropertyBody, 'id'> {
  const yearBuilt = integerAtLeast(input.yearBuilt, 1700, 'input.yearBuilt');
  if (yearBuilt > now.getUTCFullYear() + 5) fail('input.yearBuilt', `a year no later than ${now.getUTCFullYear() + 5}`, input.yearBuilt);
  const description = optionalText(input.description, 'input.description');
  return {
    community_name: text(input.communityName, 'input.communityName'),
    building_count: integerAtLeast(input.buildingCount, 1, 'input.buildingCount'),
    unit_count: integerAtLeast(input.unitCount, 1, 'input.unitCount'),
    ...(description !== undefined && { description }),
    structure_type: oneOf(input.structureType, STRUCTURE_TYPES, 'input.structureType'),
    year_built: yearBuilt,
    photos: photosOf(input.photos, 'input.photos'),
    ...(isSet(input.externalIds) && { external_ids: externalIdsOf(input.externalIds, 'input.externalIds') }),
    text_address: text(input.textAddress, 'input.textAddress'),
    account_id: uuid(input.accountId, 'input.accountId', 'a RentEngine account id'),
    ...(isSet(input.deleted) && { deleted: input.deleted }),
  };
}

export function floorplanBody(input: UpsertFloorplanInput): Omit<UpsertFloorplanBody, 'id' | 'multifamily_property_id'> {
  const count = (value: number | null | undefined, field: string) => (isSet(value) ? integerAtLeast(value, 0, field) : undefined);
  const body = {
    name: optionalText(input.name, 'input.name'),
    bedroom_count: count(input.bedroomCount, 'input.bedroomCount'),
    bathroom_count: isSet(input.bathroomCount) ? nonNegative(input.bathroomCount, 'input.bathroomCount') : undefined,
    unit_count: count(input.unitCount, 'input.unitCount'),
    units_available: count(input.unitsAvailable, 'input.unitsAvailable'),
    market_rent: isSet(input.marketRent) ? nonNegative(input.marketRent, 'input.marketRent') : undefined,
    min_sqft: count(input.minSqft, 'input.minSqft'),
    max_sqft: count(input.maxSqft, 'input.maxSqft'),
    photos: isSet(input.photos) ? photosOf(input.photos, 'input.photos') : undefined,
    description: optionalText(input.description, 'input.description'),
    deleted: input.deleted ?? undefined,
  };
  if (body.min_sqft !== undefined && body.max_sqft !== undefined && body.min_sqft > body.max_sqft) {
    throw badInput(`input.minSqft must not exceed input.maxSqft, got ${body.min_sqft} > ${body.max_sqft}`, 'input.minSqft');
  }
  if (body.units_available !== undefined && body.unit_count !== undefined && body.units_available > body.unit_count) {
    throw badInput(`input.unitsAvailable must not exceed input.unitCount, got ${body.units_available} > ${body.unit_count}`, 'input.unitsAvailable');
  }
  // Only the fields given, so an update leaves the others as they are.
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as Omit<UpsertFloorplanBody, 'id' | 'multifamily_property_id'>;
}

export const portfolioWrites: VendorWrites<RentengineClient> = {
  async upsertMultifamilyProperty(args, context) {
    const body = multifamilyBody(args.input, new Date());
    const id = isSet(args.input.id) ? rentengineUuidOf(args.input.id, 'input.id', 'MultifamilyProperty') : undefined;
    const property = await context.write((client) => client.upsertMultifamilyProperty({ ...body, ...(id !== undefined && { id }) }));
    await context.keep([{ resource: RENTENGINE_RESOURCE.properties, upserts: [portfolioDraft.property(property)] }]);
    return property;
  },

  async upsertFloorplan(args, context) {
    const body = floorplanBody(args.input);
    const propertyId = rentengineUuidOf(args.input.propertyId, 'input.propertyId', 'MultifamilyProperty');
    const id = isSet(args.input.id) ? rentengineUuidOf(args.input.id, 'input.id', 'Floorplan') : undefined;
    const floorplan = await context.write((client) => client.upsertFloorplan({ ...body, multifamily_property_id: propertyId, ...(id !== undefined && { id }) }));
    await context.keep([{ resource: RENTENGINE_RESOURCE.floorplans, upserts: [portfolioDraft.floorplan(floorplan)] }]);
    return floorplan;
  },
};
