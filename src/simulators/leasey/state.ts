import type {
  ApplicationStatus, Code123, RenewalFrequency, RentalSpace, RentPaymentFrequency, ShowingStatus, UnitType,
} from './catalog.js';

/**
 * What the Leasey simulator holds: companies, buildings, properties (one per listed
 * unit), leads and showings. Everything is kept in Maps by id so that a world of
 * 100,000 rent-roll units stays fast; report rows are built from these on request.
 * Timestamps are stored as Leasey writes them: "YYYY-MM-DDTHH:MM:SS", UTC, no
 * offset, so that string order is time order.
 */
export interface Company {
  id: number;
  password: string;
  /** users.id of the primary admin; null reproduces "No admin user found for company". */
  adminUserId: number | null;
  /** Company-level: every applicant goes to the property's rental_application_url. */
  useCustomApplicationLink: boolean;
}

export interface Building {
  id: number;
  companyId: number;
  name: string;
  numberOfUnits: number | null;
  /** Amenity id → 1 included, 2 available not included, 3 not available. */
  amenities: Map<number, Code123>;
}

export interface TeamMember {
  id: number;
  userId: number;
  personId: number;
  companyId: number;
  email: string;
  firstName: string;
  lastName: string;
  role: string;
}

export interface OwnerContact {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  /** Digits without dial code. */
  phone: string | null;
  dialCode: string | null;
  notifyEmail: boolean;
  notifySms: boolean;
}

export interface Property {
  /** Integer id of the reports (Property_ID); the world's `ids.leasey` for seeded units. */
  id: number;
  /** UUID property_id of the Properties API. */
  uuid: string;
  /** Internal unit id (Unit_ID of the showings report). */
  unitId: number;
  companyId: number;
  slug: string;
  buildingId: number | null;
  name: string;
  address: string;
  suite: string;
  city: string;
  provinceState: string;
  postalCode: string;
  country: string;
  description: string | null;
  dateAvailable: string | null;
  rentAmount: number;
  rentMarket: number | null;
  securityDeposit: number;
  rentPaymentFrequency: RentPaymentFrequency;
  renewalFrequency: RenewalFrequency;
  unitType: UnitType;
  rentalSpace: RentalSpace;
  bedrooms: number;
  bathrooms: number;
  sizeSqft: number;
  maxOccupancy: number;
  parkingStalls: number | null;
  furnishing: Code123;
  storage: Code123;
  rentalApplicationUrl: string | null;
  ownerUserId: number | null;
  latitude: number | null;
  longitude: number | null;
  archived: boolean;
  occupied: boolean;
  /** Date (YYYY-MM-DD) the listing went on the market; null = never published. */
  marketingStart: string | null;
  /** Date it came off the market; null while still published. */
  marketingEnd: string | null;
  /** Marketplace name → enabled. Published while any entry is enabled. */
  marketplaces: Map<string, boolean>;
  photos: string[];
  /** Feature id → 1 included, 2 available not included, 3 not available. */
  features: Map<number, Code123>;
  restrictions: number[];
  teamMemberIds: Set<number>;
  contact: OwnerContact | null;
}

export interface Lead {
  personId: number;
  applicationId: number;
  applicantId: number;
  propertyId: number;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  status: ApplicationStatus;
  rating: number;
  source: string;
  note: string | null;
  created: string;
  applicationSent: string | null;
  applicationReceived: string | null;
  approval: 'Pending' | 'Approved' | 'Rejected';
}

export interface Showing {
  id: number;
  propertyId: number;
  /** The lead who booked it; null for an open house nobody booked through Leasey. */
  personId: number | null;
  start: string;
  end: string;
  status: ShowingStatus;
  teamMemberId: number | null;
  feedback: string | null;
}

export interface LeaseyState {
  companies: Map<number, Company>;
  buildings: Map<number, Building>;
  /** By Property_ID, in report order (seeded first, then created). */
  properties: Map<number, Property>;
  propertiesByUuid: Map<string, Property>;
  slugs: Set<string>;
  teamMembers: Map<number, TeamMember>;
  teamMembersByEmail: Map<string, TeamMember>;
  /** By Person_ID, iterated in (Lead_Date_Created, Person_ID) order; add through `insertLead`. */
  /** By Application_ID: a person with leads on several properties has one lead (and application) per property. */
  leads: Map<number, Lead>;
  showings: Map<number, Showing>;
  /** Billing items created by enabling paid marketplaces, "<property uuid>:<marketplace>" each. */
  billingItems: string[];
  next: { property: number; unit: number; building: number; person: number; application: number; applicant: number; teamMember: number; user: number; showing: number };
}

export const DAY_MS = 86_400_000;

/** "YYYY-MM-DDTHH:MM:SS" in UTC, the way Leasey writes timestamps. */
export function leaseyDateTime(date: Date): string {
  return date.toISOString().slice(0, 19);
}

export function leaseyDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function isPublished(property: Property): boolean {
  for (const enabled of property.marketplaces.values()) if (enabled) return true;
  return false;
}

const leadOrder = (a: Lead, b: Lead) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.personId - b.personId);

/** A person's lead on one property. */
export function leadOf(state: LeaseyState, personId: number, propertyId: number): Lead | undefined {
  for (const lead of state.leads.values()) if (lead.personId === personId && lead.propertyId === propertyId) return lead;
  return undefined;
}

/**
 * Keeps `state.leads` in creation order, so that a page of /properties/leads is read
 * off the front without sorting. New leads normally come last; an older one (a clock
 * set back) re-sorts the Map.
 */
export function insertLeads(state: LeaseyState, leads: Lead[]): void {
  let last: Lead | undefined;
  for (const lead of state.leads.values()) last = lead;
  const ordered = [...leads].sort(leadOrder);
  const first = ordered[0];
  if (first !== undefined && last !== undefined && leadOrder(last, first) > 0) {
    const all = [...state.leads.values(), ...ordered].sort(leadOrder);
    state.leads.clear();
    for (const lead of all) state.leads.set(lead.applicationId, lead);
    return;
  }
  for (const lead of ordered) state.leads.set(lead.applicationId, lead);
}
