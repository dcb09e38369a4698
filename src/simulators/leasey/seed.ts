import { leaseyAddress, seededUuid, type PhysicalUnit, type Random, type World } from '../world/index.js';
import {
  APPLICATION_STATUSES, BUILDING_AMENITIES, LEAD_SOURCES, RENEWAL_FREQUENCIES, RESTRICTIONS, UNIT_FEATURES,
  type ApplicationStatus, type Code123, type ShowingStatus, type UnitType,
} from './catalog.js';
import { DAY_MS, insertLeads, leaseyDate, leaseyDateTime, type Building, type LeaseyState, type Lead, type Property, type TeamMember } from './state.js';

/**
 * Companies besides the configured one, so that the auth table and "does not belong
 * to your company" can be reproduced. The no-admin company accepts the configured
 * password, so that its request gets past the password check to the admin check.
 */
export const OTHER_COMPANY = Object.freeze({ id: 124, password: 'sim-leasey-other-company-password' });
export const NO_ADMIN_COMPANY_ID = 999;

export interface SeedCredentials {
  companyId: number;
  companyPassword: string;
}

/** By lower-case city name (Leasey sometimes writes cities in capitals). */
const CITY_FACTS: Record<string, { lat: number; lng: number; area: string }> = {
  toronto: { lat: 43.6532, lng: -79.3832, area: '416' },
  vancouver: { lat: 49.2827, lng: -123.1207, area: '604' },
  ottawa: { lat: 45.4215, lng: -75.6972, area: '613' },
  springfield: { lat: 39.7817, lng: -89.6501, area: '217' },
  austin: { lat: 30.2672, lng: -97.7431, area: '512' },
  denver: { lat: 39.7392, lng: -104.9903, area: '303' },
  columbus: { lat: 39.9612, lng: -82.9988, area: '614' },
  raleigh: { lat: 35.7796, lng: -78.6382, area: '919' },
};
const FIRST = ['Sara', 'David', 'Aisha', 'Marco', 'Julia', 'Kenji', 'Nadia', 'Tom', 'Grace', 'Ravi', 'Elena', 'Sam', 'Chloe', 'Yusuf', 'Hannah', 'Luis'];
const LAST = ['White', 'Tremblay', 'Roy', 'Chen', 'Wong', 'Martin', 'Singh', 'Lee', 'Gagnon', 'Campbell', 'Brown', 'Khan', 'Ortiz', 'Novak', 'Park', 'Reid'];
const FEEDBACK = ['Liked the layout, asked about parking.', 'Thought the rent was high.', 'Wants to apply this week.', 'Kitchen too small for them.', null] as const;

export function createEmptyState(): LeaseyState {
  return {
    companies: new Map(), buildings: new Map(), properties: new Map(), propertiesByUuid: new Map(), slugs: new Set(),
    teamMembers: new Map(), teamMembersByEmail: new Map(), leads: new Map(), showings: new Map(), billingItems: [],
    next: { property: 500, unit: 90_001, building: 50, person: 1000, application: 7001, applicant: 5001, teamMember: 40, user: 300, showing: 1 },
  };
}

/** The world's Leasey units as one company's portfolio, with leads and showings drawn around the world's anchor. */
export function seedState(world: World, credentials: SeedCredentials): LeaseyState {
  const state = createEmptyState();
  const random = world.random('leasey:seed');
  const { companyId } = credentials;
  state.companies.set(companyId, { id: companyId, password: credentials.companyPassword, adminUserId: null, useCustomApplicationLink: false });
  const staff = seedTeam(state, companyId, random, 6);
  state.companies.get(companyId)!.adminUserId = staff[0]!.userId;
  if (companyId !== OTHER_COMPANY.id) {
    state.companies.set(OTHER_COMPANY.id, { id: OTHER_COMPANY.id, password: OTHER_COMPANY.password, adminUserId: null, useCustomApplicationLink: false });
    state.companies.get(OTHER_COMPANY.id)!.adminUserId = seedTeam(state, OTHER_COMPANY.id, random, 1)[0]!.userId;
  }
  if (companyId !== NO_ADMIN_COMPANY_ID) {
    state.companies.set(NO_ADMIN_COMPANY_ID, { id: NO_ADMIN_COMPANY_ID, password: credentials.companyPassword, adminUserId: null, useCustomApplicationLink: false });
  }

  const agents = staff.slice(1).map((member) => member.id);
  const buildingsByStreet = new Map<string, Building>();
  let maxId = state.next.property - 1;
  const leads: Lead[] = [];
  for (const unit of world.units) {
    const leaseyId = unit.ids.leasey;
    if (leaseyId === undefined) continue;
    const building = unit.unit === null ? null : buildingFor(state, buildingsByStreet, unit, companyId, random);
    const property = drawProperty(state, unit, leaseyId, building, companyId, agents, random, world.anchor);
    addProperty(state, property);
    maxId = Math.max(maxId, leaseyId);
    seedLeadsAndShowings(state, property, random, world.anchor, leads);
  }
  leads.push(...repeatLeads(state, leads, world.random('leasey:repeat-leads'), world.anchor));
  insertLeads(state, leads);
  state.next.property = maxId + 1;
  return state;
}

export function addProperty(state: LeaseyState, property: Property): void {
  state.properties.set(property.id, property);
  state.propertiesByUuid.set(property.uuid, property);
  state.slugs.add(property.slug);
}

/** A URL-safe slug, made unique with "-2", "-3"... (listing URLs are built from it). */
export function uniqueSlug(state: LeaseyState, text: string): string {
  const base = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'property';
  let slug = base;
  for (let n = 2; state.slugs.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}

function seedTeam(state: LeaseyState, companyId: number, random: Random, count: number): TeamMember[] {
  const roles = ['Admin', 'Property Manager', 'Leasing Agent', 'Leasing Agent', 'Showing Agent', 'Showing Agent'];
  return Array.from({ length: count }, (_, i) => {
    const firstName = random.pick(FIRST);
    const lastName = random.pick(LAST);
    const member: TeamMember = {
      id: state.next.teamMember++, userId: state.next.user++, personId: state.next.person++, companyId,
      email: `${firstName}.${lastName}.${companyId}${i}@leasing.example.com`.toLowerCase(), firstName, lastName, role: roles[i] ?? 'Leasing Agent',
    };
    state.teamMembers.set(member.id, member);
    state.teamMembersByEmail.set(member.email, member);
    return member;
  });
}

function buildingFor(state: LeaseyState, byStreet: Map<string, Building>, unit: PhysicalUnit, companyId: number, random: Random): Building {
  const key = `${unit.country}|${unit.city}|${unit.streetNumber}|${unit.streetName}|${unit.streetType}`;
  let building = byStreet.get(key);
  if (building === undefined) {
    const amenities = new Map<number, Code123>();
    for (const id of BUILDING_AMENITIES.keys()) if (random.chance(0.25)) amenities.set(id, random.chance(0.8) ? 1 : 2);
    building = {
      id: state.next.building++, companyId, amenities, numberOfUnits: random.int(4, 120),
      name: `${unit.streetNumber} ${unit.streetName} ${random.pick(['Apartments', 'Residences', 'Lofts', 'Towers'])}`,
    };
    byStreet.set(key, building);
    state.buildings.set(building.id, building);
  }
  return building;
}

function drawProperty(state: LeaseyState, unit: PhysicalUnit, id: number, building: Building | null, companyId: number, agents: number[], random: Random, anchor: Date): Property {
  const address = leaseyAddress(unit);
  const uuid = seededUuid(random);
  const archived = unit.active ? random.chance(0.03) : random.chance(0.5);
  const published = !archived && random.chance(0.7);
  const everPublished = published || random.chance(0.4);
  const startDay = -random.int(1, 120);
  const marketplaces = new Map<string, boolean>();
  if (everPublished) {
    marketplaces.set('zillow', published);
    if (random.chance(0.5)) marketplaces.set('facebook', published);
    if (unit.country === 'CA' && random.chance(0.4)) marketplaces.set('kijiji', published);
  }
  const features = new Map<number, Code123>();
  for (const featureId of UNIT_FEATURES.keys()) if (random.chance(0.15)) features.set(featureId, random.pick([1, 1, 2, 3] as const));
  const city = CITY_FACTS[unit.city.toLowerCase()];
  const unitType: UnitType = unit.unit === null ? random.pick(['house', 'house', 'townhouse', 'duplex/triplex'] as const) : random.chance(0.9) ? 'apartment' : 'basement suite';
  const name = unit.unit === null ? address.Unit_Address : `Unit ${unit.unit}`;
  return {
    id, uuid, unitId: state.next.unit++, companyId, buildingId: building?.id ?? null,
    slug: uniqueSlug(state, `${address.Unit_Address} ${address.Suite_Number}`),
    name, address: address.Unit_Address, suite: address.Suite_Number, city: address.City, provinceState: address.Province_State,
    postalCode: address.Postal_Code, country: address.Country,
    description: random.chance(0.7) ? `${unit.bedrooms === 0 ? 'Bachelor' : `${unit.bedrooms}-bedroom`} ${unitType} in ${unit.city}, ${unit.sqft} sq ft.` : null,
    dateAvailable: leaseyDate(new Date(anchor.getTime() + random.int(-10, 60) * DAY_MS)),
    rentAmount: unit.rentMonthly,
    rentMarket: random.chance(0.2) ? unit.rentMonthly + random.int(-10, 10) * 10 : null,
    securityDeposit: random.chance(0.6) ? unit.rentMonthly : 0,
    rentPaymentFrequency: 'monthly',
    renewalFrequency: random.pick(RENEWAL_FREQUENCIES),
    unitType,
    rentalSpace: random.chance(0.92) ? 'entire place' : 'partial place',
    bedrooms: unit.bedrooms, bathrooms: unit.bathrooms, sizeSqft: unit.sqft,
    maxOccupancy: Math.max(1, unit.bedrooms * 2),
    parkingStalls: random.chance(0.8) ? random.int(0, 2) : null,
    furnishing: random.pick([2, 2, 2, 1, 3] as const),
    storage: random.pick([1, 2, 2, 3] as const),
    rentalApplicationUrl: null, ownerUserId: null,
    latitude: city === undefined ? null : round(city.lat + (random.next() - 0.5) / 10, 6),
    longitude: city === undefined ? null : round(city.lng + (random.next() - 0.5) / 10, 6),
    archived,
    occupied: published ? random.chance(0.1) : random.chance(0.7),
    marketingStart: everPublished ? leaseyDate(new Date(anchor.getTime() + startDay * DAY_MS)) : null,
    marketingEnd: everPublished && !published ? leaseyDate(new Date(anchor.getTime() + random.int(startDay + 1, 0) * DAY_MS)) : null,
    marketplaces,
    photos: Array.from({ length: random.int(0, 6) }, (_, n) => `https://images.leasey.ai/properties/${uuid}/${n + 1}.jpg`),
    features,
    restrictions: [...RESTRICTIONS.keys()].filter(() => random.chance(0.3)),
    teamMemberIds: new Set(agents.length === 0 ? [] : [random.pick(agents), random.pick(agents)]),
    contact: null,
  };
}

/** A new lead for a property; `status` decides which application dates exist. */
export function drawLead(state: LeaseyState, property: Property, random: Random, created: Date, status: ApplicationStatus, now: Date): Lead {
  const firstName = random.pick(FIRST);
  const lastName = random.pick(LAST);
  const personId = state.next.person++;
  const area = CITY_FACTS[property.city.toLowerCase()]?.area ?? '555';
  const advanced = APPLICATION_STATUSES.indexOf(status) >= 1 && (status !== 'Archived' || random.chance(0.3));
  const sent = advanced ? Math.min(created.getTime() + random.int(1, 72) * 3_600_000, now.getTime()) : null;
  const received = status === 'Application Received' || status === 'Application Under Review' || status === 'Lease Signed'
    ? Math.min((sent ?? created.getTime()) + random.int(1, 96) * 3_600_000, now.getTime()) : null;
  return {
    personId, applicationId: state.next.application++, applicantId: state.next.applicant++, propertyId: property.id,
    firstName, lastName, email: `${firstName}.${lastName}.${personId}@example.com`.toLowerCase(),
    phone: `+1 ${area}-555-${String(random.int(0, 9999)).padStart(4, '0')}`,
    status, rating: random.int(0, 5), source: random.pick(LEAD_SOURCES),
    note: random.chance(0.3) ? random.pick(['Has a cat.', 'Prefers a July move-in.', 'Asked about parking.', 'Relocating for work.']) : null,
    created: leaseyDateTime(created),
    applicationSent: sent === null ? null : leaseyDateTime(new Date(sent)),
    applicationReceived: received === null ? null : leaseyDateTime(new Date(received)),
    approval: status === 'Lease Signed' ? 'Approved' : status === 'Archived' && random.chance(0.5) ? 'Rejected' : 'Pending',
  };
}

/**
 * Some people look at more than one property: every tenth lead's person also has a
 * lead on another property, later, with an application of its own. Drawn from a
 * random of its own, so the rest of the seed stays as it was.
 */
function repeatLeads(state: LeaseyState, leads: readonly Lead[], random: Random, anchor: Date): Lead[] {
  const properties = [...state.properties.values()];
  const repeats: Lead[] = [];
  leads.forEach((first, i) => {
    if (i % 10 !== 0 || properties.length < 2) return;
    let other = random.pick(properties);
    if (other.id === first.propertyId) other = properties.find((p) => p.id !== first.propertyId)!;
    const created = new Date(Math.min(Date.parse(first.created) + random.int(1, 30) * DAY_MS, anchor.getTime()));
    const drawn = drawLead(state, other, random, created, random.pick(['Lead', 'Incomplete Application', 'Application Received'] as const), anchor);
    state.next.person--; // the person is the first lead's
    repeats.push({ ...drawn, personId: first.personId, firstName: first.firstName, lastName: first.lastName, email: first.email, phone: first.phone });
  });
  return repeats;
}

function seedLeadsAndShowings(state: LeaseyState, property: Property, random: Random, anchor: Date, leads: Lead[]): void {
  // Leads are spread from Jan 1 of last year to the anchor, so the reports' default
  // (Jan 1 of the current year) leaves some out.
  const from = Date.UTC(anchor.getUTCFullYear() - 1, 0, 1);
  const leadIds: number[] = [];
  for (let n = random.int(0, 4); n > 0; n--) {
    const created = new Date(from + Math.floor(random.next() * (anchor.getTime() - from)));
    const status = random.pick(['Lead', 'Lead', 'Lead', 'Incomplete Application', 'Application Received', 'Application Under Review', 'Lease Signed', 'Archived', 'Archived'] as const);
    const lead = drawLead(state, property, random, created, status, anchor);
    leads.push(lead);
    leadIds.push(lead.personId);
  }
  const team = [...property.teamMemberIds];
  for (let n = random.int(0, 3); n > 0; n--) {
    const start = anchor.getTime() + random.int(-60, 21) * DAY_MS + random.int(9, 18) * 3_600_000 + random.pick([0, 30]) * 60_000;
    const future = start > anchor.getTime();
    const status: ShowingStatus = future
      ? random.pick(['Scheduled', 'Scheduled', 'Confirmed', 'Confirmed', 'Cancelled'] as const)
      : random.pick(['Completed', 'Completed', 'Completed', 'Cancelled', 'Disqualified'] as const);
    const id = state.next.showing++;
    state.showings.set(id, {
      id, propertyId: property.id,
      personId: leadIds.length > 0 && random.chance(0.9) ? random.pick(leadIds) : null,
      start: leaseyDateTime(new Date(start)), end: leaseyDateTime(new Date(start + 30 * 60_000)), status,
      teamMemberId: team.length > 0 ? random.pick(team) : null,
      feedback: status === 'Completed' ? random.pick(FEEDBACK) : null,
    });
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
