import type { ListingModel } from '../../domain/models.js';
import type { CreateListingInput, UpdateListingInput } from '../../generated/graphql.js';
import { VendorError, badInput } from '../../errors.js';
import { dateOf, fail, isSet, nonNegative, optionalText, requireSome, text, vendorIdOf } from '../../ports/input.js';
import type { VendorWrites, WriteContext } from '../../ports/writes.js';
import type { LeaseyClient } from './client.js';
import type { LeaseyCreatedProperty, LeaseyPropertyInput, LeaseyPropertyUpdate } from './input.js';
import { countryCode } from './map.js';
import { createLeaseyUuids } from './uuids.js';

/** Leasey writes countries as names ("Country name", e.g. Canada: docs/vendors.md); these are the ones its reports are read with. */
const COUNTRY_NAMES: Readonly<Record<string, string>> = { CA: 'Canada', US: 'United States', GB: 'United Kingdom', DE: 'Germany' };
const CURRENCIES: Readonly<Record<string, string>> = { CA: 'CAD', US: 'USD', GB: 'GBP', DE: 'EUR' };

export function leaseyCountry(value: string, field: string): { code: string; name: string } {
  const code = countryCode(value);
  const name = code === null ? undefined : COUNTRY_NAMES[code];
  if (code === null || name === undefined) fail(field, `a country Leasey lists in, by name or ISO code: ${Object.values(COUNTRY_NAMES).join(', ')}`, value);
  return { code, name };
}

/** POST /properties: the required core fields and the optional ones the graph offers; Leasey's defaults apply to the rest. */
export function createBody(input: CreateListingInput): LeaseyPropertyInput {
  const postalCode = optionalText(input.postalCode, 'input.postalCode');
  return {
    name: text(input.name, 'input.name'),
    address: text(input.line1, 'input.line1'),
    city: text(input.city, 'input.city'),
    province_state: text(input.region, 'input.region'),
    country: leaseyCountry(input.country, 'input.country').name,
    ...(postalCode !== undefined && { postal_code: postalCode }),
    ...(isSet(input.rent) && { rent_amount: nonNegative(input.rent, 'input.rent') }),
    ...(isSet(input.bedrooms) && { bedrooms: nonNegative(input.bedrooms, 'input.bedrooms') }),
    ...(isSet(input.bathrooms) && { bathrooms: nonNegative(input.bathrooms, 'input.bathrooms') }),
    ...(isSet(input.availableFrom) && { date_available: dateOf(input.availableFrom, 'input.availableFrom') }),
  };
}

/**
 * PUT /properties/{id} changes only the fields sent. The graph's three are plain values,
 * not the lists Leasey replaces (photos, features, restrictions) or adds to (team
 * members). Leasey documents no way to clear them, so an explicit null is refused
 * rather than guessed at.
 */
export function updateBody(input: UpdateListingInput): LeaseyPropertyUpdate {
  for (const name of ['rent', 'availableFrom', 'description'] as const) {
    if (input[name] === null) throw badInput(`input.${name} must be a value or left out; Leasey has no documented way to clear it (got null)`, `input.${name}`);
  }
  const body: LeaseyPropertyUpdate = {
    ...(isSet(input.rent) && { rent_amount: nonNegative(input.rent, 'input.rent') }),
    ...(isSet(input.availableFrom) && { date_available: dateOf(input.availableFrom, 'input.availableFrom') }),
    ...(isSet(input.description) && { description: input.description }),
  };
  requireSome(body, 'input', ['rent', 'availableFrom', 'description']);
  return body;
}

/** The listing as Leasey's properties report shows it after a write (its cache was just dropped). */
async function reread(client: LeaseyClient, match: (row: { propertyId: string; urlSlug: string | null }) => boolean) {
  return (await client.propertiesReport()).find(match);
}

/**
 * The answer to createListing. The report is the only read that shows a property, and it
 * knows it by Property_ID and slug, not by the UUID; the new row is found by its slug. If
 * the report cannot be read or does not show it yet, the listing is answered from the
 * input under the UUID (the write succeeded; failing now would invite a duplicate).
 */
async function createdListing(context: WriteContext<LeaseyClient>, body: LeaseyPropertyInput, created: LeaseyCreatedProperty): Promise<ListingModel> {
  const uuids = createLeaseyUuids(context.store);
  try {
    const row = created.urlSlug === null ? undefined : await reread(context.client, (r) => r.urlSlug === created.urlSlug);
    if (row !== undefined) {
      await uuids.remember(row.propertyId, created.propertyId);
      await context.index([row.unit]);
      return row.listing;
    }
  } catch (error) {
    if (!(error instanceof VendorError)) throw error;
    context.logger.warn({ err: error }, 'Leasey created a property but its report could not be read; answering from the input');
  }
  const currency = CURRENCIES[countryCode(body.country) ?? ''];
  await uuids.remember(created.propertyId, created.propertyId);
  return {
    __typename: 'Listing',
    vendor: 'LEASEY',
    externalId: created.propertyId,
    raw: created.raw,
    unit: { vendor: 'LEASEY', externalId: created.propertyId },
    title: body.name,
    description: null,
    rent: body.rent_amount === undefined || currency === undefined ? null : { amount: Number(body.rent_amount), currency, period: 'MONTH' },
    availableFrom: body.date_available ?? null,
    bedrooms: body.bedrooms ?? null,
    bathrooms: body.bathrooms ?? null,
    published: null,
    url: null,
  };
}

/** Leasey's writes: a property is created and updated as a listing. */
export const leaseyWrites: VendorWrites<LeaseyClient> = {
  async createListing(args, context) {
    const body = createBody(args.input);
    const created = await context.write((client) => client.createProperty(body));
    return createdListing(context, body, created);
  },

  async updateListing(args, context) {
    const propertyId = vendorIdOf(args.id, 'id', 'Listing', 'LEASEY');
    const body = updateBody(args.input);
    // A property this gateway created is updated by its UUID, as documented; others by the report's id.
    const target = (await createLeaseyUuids(context.store).uuidOf(propertyId)) ?? propertyId;
    await context.write((client) => client.updateProperty(target, body));
    const row = await reread(context.client, (r) => r.propertyId === propertyId);
    if (row === undefined) {
      throw new VendorError({ code: 'VENDOR_BAD_RESPONSE', vendor: 'LEASEY', message: `LEASEY accepted the update of property ${propertyId}, but GET /reports/properties does not list it (expected the updated property)` });
    }
    return row.listing;
  },
};
