/**
 * The property object of POST /properties and PUT /properties/{id} (docs/vendors.md, Leasey),
 * with the vendor's own field names. Enum fields take only the documented values; the
 * vendor answers anything else with 422, which the client passes on as BAD_USER_INPUT
 * with the vendor's field messages.
 */
export const LEASEY_UNIT_TYPES = ['apartment', 'house', 'townhouse', 'duplex/triplex', 'basement suite', 'room only', 'other'] as const;
export const LEASEY_RENTAL_SPACES = ['entire place', 'partial place'] as const;
export const LEASEY_RENT_PAYMENT_FREQUENCIES = ['daily', 'weekly', 'bi-weekly', 'monthly', 'yearly', 'one-time'] as const;
export const LEASEY_RENEWAL_FREQUENCIES = ['month to month', 'fixed term', 'fixed term, renewing month-to-month'] as const;
export const LEASEY_MARKETPLACES = [
  'zillow', 'zillowMulti', 'facebook', 'apartmentsStandard', 'apartmentsPremium', 'rentPanda', 'rentalBeast', 'realtor',
  'rentFaster', 'rentSeeker', 'rew', 'lq', 'listanza', 'rentalSource', 'lespac', 'zumperPremium', 'zumperStandard',
  'kijiji', 'viewit', 'livRent', 'craigslist',
] as const;

export type LeaseyUnitType = (typeof LEASEY_UNIT_TYPES)[number];
export type LeaseyRentalSpace = (typeof LEASEY_RENTAL_SPACES)[number];
export type LeaseyRentPaymentFrequency = (typeof LEASEY_RENT_PAYMENT_FREQUENCIES)[number];
export type LeaseyRenewalFrequency = (typeof LEASEY_RENEWAL_FREQUENCIES)[number];
export type LeaseyMarketplace = (typeof LEASEY_MARKETPLACES)[number];

/** 1 Furnished · 2 Unfurnished · 3 Partially furnished. */
export type LeaseyFurnishing = 1 | 2 | 3;
/** 1 Available · 2 Not available · 3 Available (extra cost). */
export type LeaseyStorage = 1 | 2 | 3;
/** Features: 1 Included in rent · 2 Available, not included · 3 Not available. Building amenities: 1 Active · 2 Available · 3 Not available. */
export type LeaseyAvailability = 1 | 2 | 3;

export interface LeaseyTeamMemberInput {
  team_member_id?: number;
  email?: string;
  first_name?: string;
  last_name?: string;
  role_id?: number;
  is_admin?: boolean;
  timezone?: string;
}

export interface LeaseyPropertyInput {
  name: string;
  address: string;
  city: string;
  /** Code or full name, e.g. ON or Ontario. */
  province_state: string;
  /** Country name, e.g. Canada. */
  country: string;
  postal_code?: string;
  suite_unit?: string;
  description?: string;
  /** YYYY-MM-DD. */
  date_available?: string;
  rent_amount?: string | number;
  security_deposit?: number;
  rent_payment_frequency?: LeaseyRentPaymentFrequency;
  renewal_frequency?: LeaseyRenewalFrequency;
  unit_type?: LeaseyUnitType;
  rental_space?: LeaseyRentalSpace;
  bedrooms?: number;
  bathrooms?: number;
  size_sqft?: number;
  max_occupancy?: number;
  parking_stalls?: number;
  furnishing?: LeaseyFurnishing;
  storage_available?: LeaseyStorage;
  rental_application_url?: string;
  owner_user_id?: number;
  building_name?: string;
  building_id?: number;
  number_of_units?: number;
  features?: readonly { id: number; value: LeaseyAvailability }[];
  building_amenities?: readonly { id: number; value: LeaseyAvailability }[];
  /** 1 No dogs · 2 No smoking · 3 No short-term rentals · 4 No subletting · 5 No cats. */
  restrictions?: readonly number[];
  /** https:// URLs; the first is the main image. Replaces all photos. */
  photos?: readonly { url: string }[];
  marketplaces?: readonly { name: LeaseyMarketplace; enabled: boolean }[];
  team_members?: readonly LeaseyTeamMemberInput[];
  /** A company-wide setting: true sends every applicant of every property to its rental_application_url. */
  use_custom_application_link?: boolean;
  /**
   * The contact shown on the listing. The document lists its fields without naming the
   * key they sit under; they are sent as `owner_contact`, as the simulator reads them.
   */
  owner_contact?: LeaseyOwnerContact;
}

export interface LeaseyOwnerContact {
  first_name?: string;
  last_name?: string;
  email?: string;
  /** Digits only, without the dial code. */
  phone?: string;
  /** e.g. "+1". */
  dial_code?: string;
  notify_email?: boolean;
  notify_sms?: boolean;
}

/** An update sends only the fields to change (photos, features, amenities, restrictions replace; team members add). */
export type LeaseyPropertyUpdate = Partial<LeaseyPropertyInput>;

/** A team member a write created. */
export interface LeaseyCreatedTeamMember {
  teamMemberId: number | null;
  userId: number | null;
  personId: number | null;
  email: string | null;
  alreadyExisted: boolean | null;
}

/**
 * What Leasey answered to a write beyond the property. The blocks are null when the
 * request did not send building amenities or team members; their `skipped` items could
 * not be saved, while the property itself was written.
 */
export interface LeaseyWriteReport {
  buildingId: number | null;
  floorplanId: number | null;
  buildingAmenities: { inserted: number | null; skipped: string[] } | null;
  teamMembers: { assigned: number[]; created: LeaseyCreatedTeamMember[]; skipped: string[] } | null;
}

export interface LeaseyCreatedProperty {
  /** The UUID to update the property by; Leasey offers no other way to find it again. */
  propertyId: string;
  urlSlug: string | null;
  report: LeaseyWriteReport;
  raw: unknown;
}

export interface LeaseyUpdatedProperty {
  propertyId: string;
  message: string | null;
  report: LeaseyWriteReport;
  raw: unknown;
}
