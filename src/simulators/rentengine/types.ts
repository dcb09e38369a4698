/**
 * The records the RentEngine simulator holds, in the vendor's own field names
 * (rentengine-endpoints.md, ASSUMPTIONS.md). A record object is exactly what the
 * API returns for it; internal bookkeeping lives in the store's indexes instead.
 */

export const UNIT_STATUSES = [
  'Incomplete', 'Under Review', 'Available', 'Archived', 'Leased',
  'On Hold', 'Expired', 'Withdrawn', 'Withdrawal Requested', 'Price Analysis',
] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const PROPERTY_TYPES = ['SINGLE FAMILY RESIDENCE', 'DUPLEX', 'TRIPLEX', 'MULTI-FAMILY', 'CONDO', 'TOWNHOUSE', 'ROOM', 'ADU'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

/** The stored reference cuts the laundry enum short; these are the values read there plus those integrators report. */
export const LAUNDRY_TYPES = ['In Unit', 'Shared', 'Coin-op', 'Hookups but no machines', 'On-site', 'None'] as const;

export const SHOWING_METHODS = ['Accompanied', 'Self Guided', 'Remote Guided', 'Remote Guided with Gated Access'] as const;
export type ShowingMethod = (typeof SHOWING_METHODS)[number];

export const PARKING_TYPES = ['Street', 'Carport', 'Assigned Spots', 'Driveway', 'Shared Garage', 'Private Garage', 'Paid Parking'] as const;

export const LOCKBOX_TYPES = ['Sentrilock'] as const;
export const LOCKBOX_EVENT_TYPES = ['Install', 'Uninstall', 'Generate Code'] as const;
export type LockboxEventType = (typeof LOCKBOX_EVENT_TYPES)[number];

/** The 43 leasing event types the LeasingEvents webhook documents; a prospect's status is one of them. */
export const LEASING_EVENT_TYPES = [
  'New', 'Contacted, Awaiting Information', 'Showing Desired', 'Showing Scheduled', 'Showing Complete',
  'Missed Showing', 'Ghosting', 'Application Sent to Prospect', 'Application Received', 'Application Pending',
  'Application in Owner Review', 'Application Approved', 'Withdrawn', 'Application Rejected', 'Prescreen Submitted',
  'Prescreen Rejected - Self reported credit', 'Prescreen Rejected - Self reported income',
  'Prescreen Rejected - ID Verification', 'Prescreen Approved', 'Looking too early', 'Lease out for signing',
  'Lease Signed', 'Deposit Received', 'Move-in Scheduled', 'Moved In', 'Unit of Interest Unavailable',
  'Not Interested', 'Duplicate Lead', 'Still Deciding', 'HOA Application Sent To Prospect',
  'HOA Application Submitted', 'HOA Application Approved', 'HOA Application Rejected', 'Showing Failed',
  'Showing Canceled', 'Showing Confirmed', 'Arrived for Showing', 'Showing Started', 'Log Note',
  'Assign to User', 'Blocklist Prospect', 'Unblock Prospect', 'Reassign Showing',
] as const;
export type LeasingEventType = (typeof LEASING_EVENT_TYPES)[number];

export const LEASING_EVENT_SOURCES = ['Phone Call', 'Text Message', 'Email', 'Facebook Message', 'WhatsApp', 'Other', 'Automation'] as const;

export const STRUCTURE_TYPES = ['Mid Rise', 'High Rise', 'Garden Style'] as const;

export interface UnitAddress {
  formatted_address: string;
  street_number: string;
  street_name: string;
  unit: string | null;
  city: string;
  state: string;
  zip_code: string;
  country: string;
}

/** Numeric facts are numeric strings as documented; about one in ten is a JSON number, as integrators see live. */
export type Numeric = string | number;

export interface FeeItem { name: string; type: string; amount: Numeric }

export interface Unit {
  id: number;
  created_at: string;
  updated_at: string;
  address: UnitAddress;
  property_type: PropertyType;
  bedrooms: Numeric;
  bathrooms: Numeric;
  sqft: Numeric | null;
  furnished: boolean;
  renovated: string;
  num_parking_spots: string;
  laundry: string;
  status: UnitStatus;
  is_occupied: boolean;
  /** Monthly asking rent in dollars; null until set. */
  target_rental_rate: Numeric | null;
  earliest_move_in_date: string | null;
  earliest_showing_date: string | null;
  year_built: number | null;
  amenities: string[];
  highlighted_amenities: string[];
  allow_cooperating_brokers: boolean | null;
  desired_lease_duration_months: number[];
  pets_allowed: string | null;
  pet_restrictions: string;
  pet_fees: FeeItem[];
  monthly_fees: FeeItem[];
  hoa_app_required: boolean | null;
  hoa_app_fee: number | null;
  hoa_application_url: string | null;
  key_access: string;
  parking_type: string[];
  showing_method: ShowingMethod;
  structured_access_instructions: Record<string, unknown> | null;
  marketing_description: string;
  accepts_vouchers: boolean;
  prescreen_template_id: string | null;
  /** The account the unit belongs to; `accountId` filters on it. */
  account_id: string;
  /** The caller's own identifier for the unit; `extracted_from` filters on it. */
  extracted_from: string | null;
}

export interface Lockbox {
  id: string;
  lockbox_type: 'Sentrilock';
  serial_number: string;
  account_id: string;
  created_at: string;
  updated_at: string;
}

export interface LockboxEvent {
  id: string;
  lockbox_id: string;
  event_type: LockboxEventType;
  /** A string here although unit ids are integers elsewhere, as documented. */
  unit_id: string;
  account_id: string;
  created_at: string;
  metadata: Record<string, unknown>;
}

export interface LockboxInstallation {
  id: string;
  lockbox_id: string;
  unit_id: string;
  installed_at: string;
  uninstalled_at: string | null;
}

export interface Prospect {
  id: number;
  name: string;
  email: string;
  phone: string;
  status: LeasingEventType;
  source: string;
  unit_of_interest: number | null;
  created_at: string;
  updated_at: string;
}

export interface LeasingEvent {
  id: number;
  prospect_id: number;
  unit_id: number | null;
  event_type: LeasingEventType;
  source: string | null;
  notes: string | null;
  planned_date_time: string | null;
  created_at: string;
}

export interface Photo { path: string; hidden: boolean }

export interface MultifamilyProperty {
  id: string;
  community_name: string;
  building_count: number;
  unit_count: number;
  description: string | null;
  structure_type: (typeof STRUCTURE_TYPES)[number];
  year_built: number;
  photos: Photo[];
  external_ids: Record<string, string>;
  text_address: string;
  account_id: string;
  deleted: boolean;
  created_at: string;
  updated_at: string;
}

export interface Floorplan {
  id: string;
  multifamily_property_id: string;
  name: string | null;
  bedroom_count: number | null;
  bathroom_count: number | null;
  unit_count: number | null;
  units_available: number | null;
  market_rent: number | null;
  min_sqft: number | null;
  max_sqft: number | null;
  photos: Photo[];
  deleted: boolean;
  description: string | null;
}

export interface Subteam {
  id: string;
  name: string;
  account_id: string;
  user_ids: string[];
}

export interface PrescreeningRules {
  minimumCreditScore: number;
  minimumIncomeRentMultiplier: number;
  enableVoIPPhoneVerification: boolean;
  enableIDVerification: boolean;
  enableSelfieVerification: boolean;
  allowIDWithoutExpiryDate: boolean;
  allowIDExpiredInDays: number;
  minimumAge: number;
  enableShowingLocationVerification: boolean;
}

export interface PrescreeningQuestion {
  fixedQuestionType: string | null;
  question: string;
  type: 'yes_no' | 'text' | 'number';
}

/**
 * The reference names the `accountId` and `isDefault` filters but its item schema is
 * cut off before any such fields; the simulator spells them like the filters.
 */
export interface PrescreeningTemplate {
  id: string;
  name: string;
  accountId: string;
  isDefault: boolean;
  rules: PrescreeningRules;
  questions: PrescreeningQuestion[];
}

export interface Account { id: string; name: string }
