import { seededUuid, type Random } from '../world/index.js';
import { MARKETPLACES, TEAM_ROLES, type Code123 } from './catalog.js';
import { fail, PROPERTY_NOT_FOUND, VALIDATION_MESSAGE, type Failure } from './http.js';
import { addProperty, uniqueSlug } from './seed.js';
import { isPublished, leaseyDate, type Building, type Company, type LeaseyState, type Property } from './state.js';
import type { IdValue, PropertyInput, TeamMemberInput } from './validate.js';

/**
 * POST /properties and PUT /properties/{property_id} applied to the state, following
 * leasey.md's partial-update rules: only fields present change; photos, features,
 * building_amenities and restrictions replace what was there; team_members only
 * adds; marketplaces changes the listed entries and keeps the others.
 */

interface BuildingResult { building_id: number; inserted: number; skipped: string[] }
interface TeamResult {
  assigned: number[];
  created: Array<{ team_member_id: number; user_id: number; person_id: number; email: string; already_existed: boolean }>;
  skipped: string[];
}

export function createProperty(state: LeaseyState, company: Company, input: PropertyInput, random: Random, today: Date): object | Failure {
  const building = resolveBuilding(state, company, input);
  if (building !== null && 'status' in building) return building;
  const uuid = seededUuid(random);
  const property: Property = {
    id: state.next.property++, uuid, unitId: state.next.unit++, companyId: company.id,
    // The doc: "URL-safe slug generated from name + suite_unit"; taken slugs get "-2", "-3"...
    slug: uniqueSlug(state, `${input.name ?? ''} ${input.suite_unit ?? ''}`),
    buildingId: building?.id ?? null,
    name: '', address: '', suite: '', city: '', provinceState: '', postalCode: '', country: '',
    description: null, dateAvailable: null, rentAmount: 0, rentMarket: null, securityDeposit: 0,
    rentPaymentFrequency: 'monthly', renewalFrequency: 'month to month', unitType: 'apartment', rentalSpace: 'entire place',
    bedrooms: 0, bathrooms: 0, sizeSqft: 0, maxOccupancy: 2 * (input.bedrooms ?? 0), parkingStalls: null,
    furnishing: 2, storage: 2, rentalApplicationUrl: null, ownerUserId: company.adminUserId,
    latitude: null, longitude: null, archived: false, occupied: false, marketingStart: null, marketingEnd: null,
    marketplaces: new Map(), photos: [], features: new Map(), restrictions: [], teamMemberIds: new Set(), contact: null,
  };
  applyScalars(state, company, property, input);
  addProperty(state, property);
  const blocks = applyCollections(state, company, property, building, input, today);
  return {
    success: true,
    message: 'Property created successfully.',
    property_id: uuid,
    url_slug: property.slug,
    ...(building !== null && { building_id: building.id }),
    ...blocks,
  };
}

/**
 * PUT answers with the UUID property_id whichever id the path used. The blocks for
 * building_amenities and team_members are added when sent, as on create, so that
 * skipped team members are reported on update too.
 */
export function updateProperty(state: LeaseyState, company: Company, property: Property, input: PropertyInput, today: Date): object | Failure {
  const explicitBuilding = input.building_id !== undefined || input.building_name !== undefined || input.number_of_units !== undefined;
  const resolved = explicitBuilding ? resolveBuilding(state, company, input) : null;
  if (resolved !== null && 'status' in resolved) return resolved;
  if (resolved !== null) property.buildingId = resolved.id;
  const building = property.buildingId === null ? null : state.buildings.get(property.buildingId) ?? null;
  applyScalars(state, company, property, input);
  const blocks = applyCollections(state, company, property, building, input, today);
  return { success: true, message: 'Property updated successfully.', property_id: property.uuid, ...blocks };
}

/** Finds a property by its UUID or by the integer Property_ID of the reports, within one company. */
export function findProperty(state: LeaseyState, companyId: number, id: string): Property | Failure {
  // The reports expose only the integer Property_ID, never the UUID; accepting both
  // lets a partner update a property it learned about from /reports/properties.
  const property = /^\d{1,15}$/.test(id) ? state.properties.get(Number(id)) : state.propertiesByUuid.get(id.toLowerCase());
  return property === undefined || property.companyId !== companyId ? fail(404, PROPERTY_NOT_FOUND) : property;
}

/**
 * building_id wins over building_name; a known name (same company, any case) links,
 * an unknown name creates the building. The doc calls number_of_units "required to
 * auto-create a building", yet its own example links "Oak Ave Apartments" by name
 * alone; we create without it, and number_of_units alone creates one named after the address.
 */
function resolveBuilding(state: LeaseyState, company: Company, input: PropertyInput): Building | null | Failure {
  if (input.building_id !== undefined) {
    const building = state.buildings.get(input.building_id);
    if (building === undefined || building.companyId !== company.id) {
      return fail(422, VALIDATION_MESSAGE, { details: [`"building_id" invalid: ${input.building_id}. No building with this id belongs to your company.`] });
    }
    return building;
  }
  const name = input.building_name?.trim();
  if (name !== undefined && name !== '') {
    const wanted = name.toLowerCase();
    for (const building of state.buildings.values()) if (building.companyId === company.id && building.name.toLowerCase() === wanted) return building;
  }
  if ((name === undefined || name === '') && input.number_of_units === undefined) return null;
  const building: Building = {
    id: state.next.building++, companyId: company.id, amenities: new Map(), numberOfUnits: input.number_of_units ?? null,
    name: name !== undefined && name !== '' ? name : input.address ?? `Building ${state.next.building}`,
  };
  state.buildings.set(building.id, building);
  return building;
}

function applyScalars(state: LeaseyState, company: Company, p: Property, input: PropertyInput): void {
  if (input.name !== undefined) p.name = input.name;
  if (input.address !== undefined) p.address = input.address;
  if (input.suite_unit !== undefined) p.suite = input.suite_unit;
  if (input.city !== undefined) p.city = input.city;
  if (input.province_state !== undefined) p.provinceState = input.province_state;
  if (input.postal_code !== undefined) p.postalCode = input.postal_code;
  if (input.country !== undefined) p.country = input.country;
  if (input.description !== undefined) p.description = input.description;
  if (input.date_available !== undefined) p.dateAvailable = input.date_available;
  if (input.rent_amount !== undefined) p.rentAmount = Number(input.rent_amount);
  if (input.security_deposit !== undefined) p.securityDeposit = input.security_deposit;
  if (input.rent_payment_frequency !== undefined) p.rentPaymentFrequency = input.rent_payment_frequency;
  if (input.renewal_frequency !== undefined) p.renewalFrequency = input.renewal_frequency;
  if (input.unit_type !== undefined) p.unitType = input.unit_type;
  if (input.rental_space !== undefined) p.rentalSpace = input.rental_space;
  if (input.bedrooms !== undefined) p.bedrooms = input.bedrooms;
  if (input.bathrooms !== undefined) p.bathrooms = input.bathrooms;
  if (input.size_sqft !== undefined) p.sizeSqft = input.size_sqft;
  if (input.max_occupancy !== undefined) p.maxOccupancy = input.max_occupancy;
  if (input.parking_stalls !== undefined) p.parkingStalls = input.parking_stalls;
  if (input.furnishing !== undefined) p.furnishing = input.furnishing;
  if (input.storage_available !== undefined) p.storage = input.storage_available;
  if (input.rental_application_url !== undefined) p.rentalApplicationUrl = input.rental_application_url;
  // A company-level setting, whichever property carries it (leasey.md warns about this).
  if (input.use_custom_application_link !== undefined) company.useCustomApplicationLink = input.use_custom_application_link;
  if (input.owner_user_id !== undefined) {
    // "If invalid, silently falls back to the company's primary admin."
    const owner = [...state.teamMembers.values()].find((m) => m.userId === input.owner_user_id && m.companyId === company.id);
    p.ownerUserId = owner?.userId ?? company.adminUserId;
  }
  if (input.owner_contact !== undefined) {
    const c = input.owner_contact;
    p.contact = {
      firstName: c.first_name ?? null, lastName: c.last_name ?? null, email: c.email ?? null, phone: c.phone ?? null,
      dialCode: c.dial_code ?? null, notifyEmail: c.notify_email ?? false, notifySms: c.notify_sms ?? false,
    };
  }
}

function applyCollections(state: LeaseyState, company: Company, p: Property, building: Building | null, input: PropertyInput, today: Date) {
  if (input.photos !== undefined) p.photos = input.photos.map((photo) => photo.url);
  if (input.features !== undefined) p.features = firstValues(input.features).values;
  if (input.restrictions !== undefined) p.restrictions = [...new Set(input.restrictions)];
  if (input.marketplaces !== undefined) applyMarketplaces(state, p, input.marketplaces, today);
  let buildingBlock: BuildingResult | undefined;
  if (input.building_amenities !== undefined && building !== null) {
    const { values, skipped } = firstValues(input.building_amenities);
    building.amenities = values;
    buildingBlock = { building_id: building.id, inserted: values.size, skipped };
  }
  const teamBlock = input.team_members === undefined ? undefined : assignTeam(state, company, p, input.team_members);
  return {
    ...(buildingBlock !== undefined && { building_amenities: buildingBlock }),
    ...(teamBlock !== undefined && { team_members: teamBlock }),
  };
}

/** id → value, keeping the first of repeated ids; repeats are reported as skipped. */
function firstValues(entries: IdValue[]): { values: Map<number, Code123>; skipped: string[] } {
  const values = new Map<number, Code123>();
  const skipped: string[] = [];
  for (const { id, value } of entries) {
    if (values.has(id)) skipped.push(`id ${id} appears more than once; the first value was kept`);
    else values.set(id, value);
  }
  return { values, skipped };
}

/**
 * Only the listed marketplaces change. A listing is Published while any marketplace
 * is enabled, so `enabled:false` on the last enabled one unpublishes it. Going live
 * starts a marketing period (Marketing_Start = today), going dark ends it. Enabling
 * a paid marketplace bills once; re-sending the same state changes nothing.
 */
function applyMarketplaces(state: LeaseyState, p: Property, entries: Array<{ name: string; enabled: boolean }>, today: Date): void {
  const wasPublished = isPublished(p);
  for (const { name, enabled } of entries) {
    const before = p.marketplaces.get(name) ?? false;
    p.marketplaces.set(name, enabled);
    if (enabled && !before && MARKETPLACES.get(name) === true) state.billingItems.push(`${p.uuid}:${name}`);
  }
  const published = isPublished(p);
  if (published && !wasPublished) {
    p.marketingStart = leaseyDate(today);
    p.marketingEnd = null;
  } else if (!published && wasPublished) {
    p.marketingEnd = leaseyDate(today);
  }
}

/** Additive: existing assignments stay. Failures go to `skipped`; they never fail the request. */
function assignTeam(state: LeaseyState, company: Company, p: Property, entries: TeamMemberInput[]): TeamResult {
  const result: TeamResult = { assigned: [], created: [], skipped: [] };
  entries.forEach((entry, i) => {
    if (entry.team_member_id !== undefined) {
      const member = state.teamMembers.get(entry.team_member_id);
      if (member === undefined || member.companyId !== company.id) result.skipped.push(`team_member_id ${entry.team_member_id} not found in your company`);
      else assign(member.id);
      return;
    }
    const email = entry.email?.trim().toLowerCase();
    if (email === undefined || email === '') {
      result.skipped.push(`team_members[${i}]: expected team_member_id or email`);
      return;
    }
    const existing = state.teamMembersByEmail.get(email);
    if (existing !== undefined && existing.companyId === company.id) {
      assign(existing.id);
      return;
    }
    if (existing !== undefined || entry.first_name === undefined || entry.last_name === undefined) {
      result.skipped.push(existing !== undefined
        ? `${email}: this email belongs to another company's team member`
        : `${email}: no team member has this email; first_name and last_name are needed to create one`);
      return;
    }
    const member = {
      id: state.next.teamMember++, userId: state.next.user++, personId: state.next.person++, companyId: company.id, email,
      firstName: entry.first_name, lastName: entry.last_name,
      role: entry.is_admin === true ? 'Admin' : TEAM_ROLES.get(entry.role_id ?? 12) ?? 'Team Member',
    };
    state.teamMembers.set(member.id, member);
    state.teamMembersByEmail.set(email, member);
    result.created.push({ team_member_id: member.id, user_id: member.userId, person_id: member.personId, email, already_existed: false });
    assign(member.id);
  });
  return result;

  function assign(id: number): void {
    p.teamMemberIds.add(id);
    if (!result.assigned.includes(id)) result.assigned.push(id);
  }
}
