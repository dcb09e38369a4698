import type { ListingModel, ListingWriteReportModel } from '../../domain/models.js';
import type { CreateListingInput, UpdateListingInput } from '../../generated/graphql.js';
import { VendorError } from '../../errors.js';
import { checkInput, dateOf, fail, nonNegative, text, vendorIdOf, type InputCheck } from '../../ports/input.js';
import type { VendorWrites, WriteContext } from '../../ports/writes.js';
import type { LeaseyClient } from './client.js';
import type { LeaseyCreatedProperty, LeaseyPropertyInput, LeaseyPropertyUpdate, LeaseyWriteReport } from './input.js';
import { propertyDetails, refuseNulls } from './listing-input.js';
import { countryCode } from './map.js';
import { LEASEY_RESOURCE, leaseyDraft } from './resources.js';
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

/** POST /properties: the required core fields and every optional one the graph offers; Leasey's defaults apply to the rest. */
export function createBody(input: CreateListingInput): LeaseyPropertyInput {
  return checkInput((check) => ({
    name: check.field(() => text(input.name, 'input.name')),
    address: check.field(() => text(input.line1, 'input.line1')),
    city: check.field(() => text(input.city, 'input.city')),
    province_state: check.field(() => text(input.region, 'input.region')),
    country: check.field(() => leaseyCountry(input.country, 'input.country').name),
    ...core(check, input),
    ...propertyDetails(check, input, 'create'),
  }));
}

/** The fields create and update share beyond the details: postal code, rent, rooms and move-in date. */
function core(check: InputCheck, input: CreateListingInput | UpdateListingInput): Partial<LeaseyPropertyInput> {
  const postalCode = check.optional(input.postalCode, (v) => text(v, 'input.postalCode'));
  const rent = check.optional(input.rent, (v) => nonNegative(v, 'input.rent'));
  const bedrooms = check.optional(input.bedrooms, (v) => nonNegative(v, 'input.bedrooms'));
  const bathrooms = check.optional(input.bathrooms, (v) => nonNegative(v, 'input.bathrooms'));
  const date = check.optional(input.availableFrom, (v) => dateOf(v, 'input.availableFrom'));
  return {
    ...(postalCode !== undefined && { postal_code: postalCode }),
    ...(rent !== undefined && { rent_amount: rent }),
    ...(bedrooms !== undefined && { bedrooms }),
    ...(bathrooms !== undefined && { bathrooms }),
    ...(date !== undefined && { date_available: date }),
  };
}

/**
 * PUT /properties/{id} changes only the fields sent: photos, features, building
 * amenities and restrictions replace the listing's, team members are added,
 * marketplaces change the ones listed. Leasey documents no way to clear a field, so an
 * explicit null is refused rather than guessed at.
 */
export function updateBody(input: UpdateListingInput): LeaseyPropertyUpdate {
  return checkInput((check) => {
    refuseNulls(check, input);
    const body: LeaseyPropertyUpdate = {
      ...(input.name != null && { name: check.field(() => text(input.name!, 'input.name')) }),
      ...(input.line1 != null && { address: check.field(() => text(input.line1!, 'input.line1')) }),
      ...(input.city != null && { city: check.field(() => text(input.city!, 'input.city')) }),
      ...(input.region != null && { province_state: check.field(() => text(input.region!, 'input.region')) }),
      ...(input.country != null && { country: check.field(() => leaseyCountry(input.country!, 'input.country').name) }),
      ...core(check, input),
      ...propertyDetails(check, input, 'update'),
    };
    if (check.ok && Object.keys(body).length === 0) check.problem('input', 'input must set at least one field of UpdateListingInput; nothing to change was given');
    return body;
  });
}

/** What the graph reports of a write (schema/listing-write.graphql), from what Leasey answered. */
export function listingWriteReport(report: LeaseyWriteReport): ListingWriteReportModel {
  return {
    skipped: [
      ...(report.buildingAmenities?.skipped ?? []).map((message) => ({ part: 'BUILDING_AMENITIES' as const, message })),
      ...(report.teamMembers?.skipped ?? []).map((message) => ({ part: 'TEAM_MEMBERS' as const, message })),
    ],
    buildingId: report.buildingId,
    floorplanId: report.floorplanId,
    buildingAmenitiesSaved: report.buildingAmenities?.inserted ?? null,
    assignedTeamMemberIds: report.teamMembers?.assigned ?? [],
    createdTeamMembers: (report.teamMembers?.created ?? []).flatMap((m) => (m.teamMemberId === null ? [] : [{ ...m, teamMemberId: m.teamMemberId }])),
  };
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
      await context.keep([{ resource: LEASEY_RESOURCE.properties, upserts: leaseyDraft.property(row) }]);
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
    description: body.description ?? null,
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
    return { ...(await createdListing(context, body, created)), writeReport: listingWriteReport(created.report) };
  },

  async updateListing(args, context) {
    const { propertyId, body } = checkInput((check) => ({
      propertyId: check.field(() => vendorIdOf(args.id, 'id', 'Listing', 'LEASEY')),
      body: check.field(() => updateBody(args.input)),
    }));
    // A property this gateway created is updated by its UUID, as documented; others by the report's id.
    const target = (await createLeaseyUuids(context.store).uuidOf(propertyId)) ?? propertyId;
    const updated = await context.write((client) => client.updateProperty(target, body));
    const row = await reread(context.client, (r) => r.propertyId === propertyId);
    if (row === undefined) {
      throw new VendorError({ code: 'VENDOR_BAD_RESPONSE', vendor: 'LEASEY', message: `LEASEY accepted the update of property ${propertyId}, but GET /reports/properties does not list it (expected the updated property)` });
    }
    await context.keep([{ resource: LEASEY_RESOURCE.properties, upserts: leaseyDraft.property(row) }]);
    return { ...row.listing, writeReport: listingWriteReport(updated.report) };
  },
};
