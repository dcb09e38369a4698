import type { WriteContext } from '../../../ports/writes.js';
import type { UnitParent } from '../../../domain/models.js';
import type { UpsertUnitInput } from '../../../generated/graphql.js';
import { badInput } from '../../../errors.js';
import type { RentengineUnit } from '../client.js';
import type { UnitAddressBody, UpsertUnitBody } from '../writes.js';
import { fail, integerAtLeast, isSet, nonNegative, optionalText, requireSome, text } from '../../../ports/input.js';
import { RENTENGINE_RESOURCE, rentengineUnitDrafts } from '../resources.js';
import { rentengineUnitIdOf } from './ids.js';
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
export function unitAddress(input: UpsertUnitInput): UnitAddressBody | undefined {
  const given = ADDRESS_FIELDS.filter((name) => isSet(input[name]));
  if (given.length === 0) {
    if (isSet(input.unitNumber)) throw badInput('input.unitNumber is part of the address: send it with line1, city, region and postalCode (RentEngine updates an address only as a whole)', 'input.unitNumber');
    return undefined;
  }
  const missing = ADDRESS_FIELDS.filter((name) => !isSet(input[name]));
  if (missing.length > 0) {
    throw badInput(
      `input must give all of line1, city, region and postalCode or none of them (RentEngine updates an address only as a whole); given: ${given.join(', ')}; missing: ${missing.join(', ')}`,
      `input.${missing[0]!}`,
    );
  }
  const region = text(input.region!, 'input.region').toUpperCase();
  if (!/^[A-Z]{2}$/.test(region)) fail('input.region', 'a two-letter US state code such as CA (RentEngine lists US units only)', input.region);
  const postalCode = text(input.postalCode!, 'input.postalCode');
  if (!/^\d{5}(-\d{4})?$/.test(postalCode)) fail('input.postalCode', 'a US ZIP code such as 94103 or 94103-1234', input.postalCode);
  const unitNumber = optionalText(input.unitNumber, 'input.unitNumber');
  return {
    ...streetParts(text(input.line1!, 'input.line1'), 'input.line1'),
    ...(unitNumber !== undefined && { unit: unitNumber }),
    city: text(input.city!, 'input.city'),
    state: region,
    zip_code: postalCode,
    country: 'United States',
  };
}

/**
 * The POST /units body without its id. Creating needs a full address, bedrooms and
 * bathrooms, and RentEngine also needs a property type, which the graph's input has no
 * field for: a unit with an apartment number is created as MULTI-FAMILY, one without as
 * SINGLE FAMILY RESIDENCE (it can be changed in RentEngine). Updates send only what is given.
 */
export function unitBody(input: UpsertUnitInput): Omit<UpsertUnitBody, 'id'> {
  const address = unitAddress(input);
  const fields = {
    bedrooms: isSet(input.bedrooms) ? nonNegative(input.bedrooms, 'input.bedrooms') : undefined,
    bathrooms: isSet(input.bathrooms) ? nonNegative(input.bathrooms, 'input.bathrooms') : undefined,
    sqft: isSet(input.squareFeet) ? integerAtLeast(input.squareFeet, 0, 'input.squareFeet') : undefined,
  };
  if (isSet(input.id)) {
    requireSome({ address, ...fields }, 'input', ['line1, city, region and postalCode', 'bedrooms', 'bathrooms', 'squareFeet']);
  } else {
    const missing = [address === undefined && 'line1, city, region, postalCode', fields.bedrooms === undefined && 'bedrooms', fields.bathrooms === undefined && 'bathrooms'].filter((m) => m !== false);
    if (missing.length > 0) throw badInput(`input without an id creates a unit, which needs a full address, bedrooms and bathrooms; missing: ${missing.join(', ')}`, 'input');
  }
  return {
    ...(address !== undefined && { address }),
    ...(!isSet(input.id) && { property_type: address?.unit === undefined ? 'SINGLE FAMILY RESIDENCE' : 'MULTI-FAMILY' }),
    ...(fields.bedrooms !== undefined && { bedrooms: fields.bedrooms }),
    ...(fields.bathrooms !== undefined && { bathrooms: fields.bathrooms }),
    ...(fields.sqft !== undefined && { sqft: fields.sqft }),
  };
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
    const body = unitBody(args.input);
    const id = isSet(args.input.id) ? await rentengineUnitIdOf(context, args.input.id, 'input.id') : undefined;
    const written = await context.write((client) => client.upsertUnit({ ...body, ...(id !== undefined && { id }) }));
    await context.keep([{ resource: RENTENGINE_RESOURCE.units, upserts: rentengineUnitDrafts(written) }]);
    return unitAfterWrite(context, written);
  },
};
