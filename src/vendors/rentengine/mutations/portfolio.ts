import type { PhotoInput, UpsertFloorplanInput, UpsertMultifamilyPropertyInput } from '../../../generated/graphql.js';
import type { PhotoBody, UpsertFloorplanBody, UpsertMultifamilyPropertyBody } from '../writes.js';
import { checkInput, fail, integerAtLeast, isSet, nonNegative, oneOf, text, uuid, type InputCheck } from '../../../ports/input.js';
import { rentengineUuidOf } from './ids.js';
import type { VendorWrites } from '../../../ports/writes.js';
import type { RentengineClient } from '../client.js';
import { portfolioDraft, RENTENGINE_RESOURCE } from '../resources.js';

/** RentEngine's structure types for a multifamily property (docs/vendors.md). */
export const STRUCTURE_TYPES = ['Mid Rise', 'High Rise', 'Garden Style'] as const;

function photosOf(check: InputCheck, photos: readonly PhotoInput[], field: string): PhotoBody[] {
  return photos.map((photo, i) => ({ path: check.field(() => text(photo.path, `${field}[${i}].path`)), hidden: photo.hidden }));
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

export function multifamilyBody(check: InputCheck, input: UpsertMultifamilyPropertyInput, now: Date): Omit<UpsertMultifamilyPropertyBody, 'id'> {
  const yearBuilt = check.field(() => {
    const year = integerAtLeast(input.yearBuilt, 1700, 'input.yearBuilt');
    if (year > now.getUTCFullYear() + 5) fail('input.yearBuilt', `a year no later than ${now.getUTCFullYear() + 5}`, input.yearBuilt);
    return year;
  });
  const description = check.optional(input.description, (v) => text(v, 'input.description'));
  return {
    community_name: check.field(() => text(input.communityName, 'input.communityName')),
    building_count: check.field(() => integerAtLeast(input.buildingCount, 1, 'input.buildingCount')),
    unit_count: check.field(() => integerAtLeast(input.unitCount, 1, 'input.unitCount')),
    ...(description !== undefined && { description }),
    structure_type: check.field(() => oneOf(input.structureType, STRUCTURE_TYPES, 'input.structureType')),
    year_built: yearBuilt,
    photos: photosOf(check, input.photos, 'input.photos'),
    ...(isSet(input.externalIds) && { external_ids: check.field(() => externalIdsOf(input.externalIds, 'input.externalIds')) }),
    text_address: check.field(() => text(input.textAddress, 'input.textAddress')),
    account_id: check.field(() => uuid(input.accountId, 'input.accountId', 'a RentEngine account id')),
    ...(isSet(input.deleted) && { deleted: input.deleted }),
  };
}

export function floorplanBody(check: InputCheck, input: UpsertFloorplanInput): Omit<UpsertFloorplanBody, 'id' | 'multifamily_property_id'> {
  const count = (value: number | null | undefined, field: string) => check.optional(value, (v) => integerAtLeast(v, 0, field));
  const body = {
    name: check.optional(input.name, (v) => text(v, 'input.name')),
    bedroom_count: count(input.bedroomCount, 'input.bedroomCount'),
    bathroom_count: check.optional(input.bathroomCount, (v) => nonNegative(v, 'input.bathroomCount')),
    unit_count: count(input.unitCount, 'input.unitCount'),
    units_available: count(input.unitsAvailable, 'input.unitsAvailable'),
    market_rent: check.optional(input.marketRent, (v) => nonNegative(v, 'input.marketRent')),
    min_sqft: count(input.minSqft, 'input.minSqft'),
    max_sqft: count(input.maxSqft, 'input.maxSqft'),
    photos: isSet(input.photos) ? photosOf(check, input.photos, 'input.photos') : undefined,
    description: check.optional(input.description, (v) => text(v, 'input.description')),
    deleted: input.deleted ?? undefined,
  };
  if (body.min_sqft !== undefined && body.max_sqft !== undefined && body.min_sqft > body.max_sqft) {
    check.problem('input.minSqft', `input.minSqft must not exceed input.maxSqft, got ${body.min_sqft} > ${body.max_sqft}`);
  }
  if (body.units_available !== undefined && body.unit_count !== undefined && body.units_available > body.unit_count) {
    check.problem('input.unitsAvailable', `input.unitsAvailable must not exceed input.unitCount, got ${body.units_available} > ${body.unit_count}`);
  }
  // Only the fields given, so an update leaves the others as they are.
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as Omit<UpsertFloorplanBody, 'id' | 'multifamily_property_id'>;
}

export const portfolioWrites: VendorWrites<RentengineClient> = {
  async upsertMultifamilyProperty(args, context) {
    const { body, id } = checkInput((check) => ({
      body: multifamilyBody(check, args.input, new Date()),
      id: check.optional(args.input.id, (v) => rentengineUuidOf(v, 'input.id', 'MultifamilyProperty')),
    }));
    const property = await context.write((client) => client.upsertMultifamilyProperty({ ...body, ...(id !== undefined && { id }) }));
    await context.keep([{ resource: RENTENGINE_RESOURCE.properties, upserts: [portfolioDraft.property(property)] }]);
    return property;
  },

  async upsertFloorplan(args, context) {
    const { body, propertyId, id } = checkInput((check) => ({
      body: floorplanBody(check, args.input),
      propertyId: check.field(() => rentengineUuidOf(args.input.propertyId, 'input.propertyId', 'MultifamilyProperty')),
      id: check.optional(args.input.id, (v) => rentengineUuidOf(v, 'input.id', 'Floorplan')),
    }));
    const floorplan = await context.write((client) => client.upsertFloorplan({ ...body, multifamily_property_id: propertyId, ...(id !== undefined && { id }) }));
    await context.keep([{ resource: RENTENGINE_RESOURCE.floorplans, upserts: [portfolioDraft.floorplan(floorplan)] }]);
    return floorplan;
  },
};
