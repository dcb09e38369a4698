/**
 * The closed lists of leasey.md: enum values (section 9), feature, building amenity
 * and restriction ids, marketplaces, and how the reports spell each stored value.
 */

export const UNIT_TYPES = ['apartment', 'house', 'townhouse', 'duplex/triplex', 'basement suite', 'room only', 'other'] as const;
export const RENTAL_SPACES = ['entire place', 'partial place'] as const;
export const RENT_PAYMENT_FREQUENCIES = ['daily', 'weekly', 'bi-weekly', 'monthly', 'yearly', 'one-time'] as const;
export const RENEWAL_FREQUENCIES = ['month to month', 'fixed term', 'fixed term, renewing month-to-month'] as const;
/** furnishing: 1 Furnished, 2 Unfurnished, 3 Partially furnished. storage_available: 1 Available, 2 Not available, 3 Available (extra cost). */
export const FURNISHING_CODES = [1, 2, 3] as const;
export const STORAGE_CODES = [1, 2, 3] as const;
/** features[].value and building_amenities[].value: 1 included, 2 available not included, 3 not available. */
export const AVAILABILITY_CODES = [1, 2, 3] as const;

export type UnitType = (typeof UNIT_TYPES)[number];
export type RentalSpace = (typeof RENTAL_SPACES)[number];
export type RentPaymentFrequency = (typeof RENT_PAYMENT_FREQUENCIES)[number];
export type RenewalFrequency = (typeof RENEWAL_FREQUENCIES)[number];
export type Code123 = 1 | 2 | 3;

export const UNIT_FEATURES: ReadonlyMap<number, string> = new Map([
  [1, 'Air conditioning'], [2, 'Balcony / patio'], [3, 'Basement'], [4, 'Bike storage'], [5, 'Concierge'],
  [6, 'Dishwasher'], [7, 'Electrical car charging station'], [8, 'Fireplace'], [9, 'Fitness center / gym'],
  [10, 'Furnished'], [11, 'Heating'], [12, 'Hot tub'], [13, 'In-suite washer'], [14, 'Parking'], [15, 'Sauna'],
  [16, 'Steam room'], [17, 'Storage locker'], [18, 'Swimming pool'], [19, 'Cable'], [20, 'Electricity'],
  [21, 'Internet'], [22, 'Natural gas'], [23, 'Water'], [24, 'Common areas'], [25, 'Community laundry'],
  [26, 'Elevator'], [27, 'On-site manager'], [28, 'In-suite dryer'], [29, 'Food waste disposal'], [30, 'Freezer'],
  [31, 'Microwave'], [32, 'Oven'], [33, 'Refrigerator'], [34, 'Stove'], [35, 'Garbage disposal'],
  [36, 'Satellite TV'], [37, 'Sewage'],
]);

export const BUILDING_AMENITIES: ReadonlyMap<number, string> = new Map([
  [1, 'Bike storage'], [2, 'Concierge'], [3, 'Electrical car charging station'], [4, 'Fitness center / gym'],
  [5, 'Hot tub'], [6, 'Sauna'], [7, 'Steam room'], [8, 'Swimming pool'], [9, 'Common areas'],
  [10, 'Community laundry'], [11, 'Elevator'], [12, 'On-site manager'],
]);

export const RESTRICTIONS: ReadonlyMap<number, string> = new Map([
  [1, 'No dogs'], [2, 'No smoking'], [3, 'No short-term rentals'], [4, 'No subletting'], [5, 'No cats'],
]);

/** Marketplace name → paid. Enabling a paid one bills the company (once per enable). */
export const MARKETPLACES: ReadonlyMap<string, boolean> = new Map([
  ['zillow', false], ['zillowMulti', false], ['facebook', false], ['apartmentsStandard', false],
  ['apartmentsPremium', false], ['rentPanda', false], ['rentalBeast', false], ['realtor', false],
  ['rentFaster', false], ['rentSeeker', false], ['rew', false], ['lq', false], ['listanza', false],
  ['rentalSource', false], ['lespac', false], ['zumperPremium', true], ['zumperStandard', true],
  ['kijiji', true], ['viewit', true], ['livRent', true], ['craigslist', true],
]);

/** The leads report's Application_Status values, in funnel order; Archived leaves the funnel. */
export const APPLICATION_STATUSES = [
  'Lead', 'Incomplete Application', 'Application Received', 'Application Under Review', 'Lease Signed', 'Archived',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const SHOWING_STATUSES = ['Scheduled', 'Confirmed', 'Cancelled', 'Completed', 'Disqualified'] as const;
export type ShowingStatus = (typeof SHOWING_STATUSES)[number];

export const LEAD_SOURCES = ['Website', 'Zillow', 'Facebook Marketplace', 'Kijiji', 'Rentals.ca', 'Apartments.com', 'Referral', 'Walk-in'] as const;

/** role_id of a team member as the company set it up; unknown ids read "Team Member". */
export const TEAM_ROLES: ReadonlyMap<number, string> = new Map([
  [10, 'Admin'], [11, 'Property Manager'], [12, 'Leasing Agent'], [13, 'Showing Agent'],
]);

// How the reports write the stored codes ("Apartment, House, Townhouse...", "Entire place, Partial place").
export const UNIT_TYPE_LABELS: Record<UnitType, string> = {
  apartment: 'Apartment', house: 'House', townhouse: 'Townhouse', 'duplex/triplex': 'Duplex/Triplex',
  'basement suite': 'Basement Suite', 'room only': 'Room Only', other: 'Other',
};
export const RENTAL_SPACE_LABELS: Record<RentalSpace, string> = { 'entire place': 'Entire place', 'partial place': 'Partial place' };
export const LEASE_TERM_LABELS: Record<RenewalFrequency, string> = {
  'month to month': 'Month to month', 'fixed term': 'Fixed term', 'fixed term, renewing month-to-month': 'Fixed term, renewing month-to-month',
};
export const PAYMENT_FREQUENCY_LABELS: Record<RentPaymentFrequency, string> = {
  daily: 'Daily', weekly: 'Weekly', 'bi-weekly': 'Bi-weekly', monthly: 'Monthly', yearly: 'Yearly', 'one-time': 'One-time',
};
export const FURNISHING_LABELS: Record<Code123, string> = { 1: 'Furnished', 2: 'Unfurnished', 3: 'Partially furnished' };
/** Storage reads "Yes" when storage is available, included or at extra cost. */
export const STORAGE_LABELS: Record<Code123, string> = { 1: 'Yes', 2: 'No', 3: 'Yes' };
