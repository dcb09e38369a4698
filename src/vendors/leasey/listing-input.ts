import type {
  BuildingAmenity, BuildingAmenityInput, CreateListingInput, FeatureAvailability, Furnishing, LeaseTerm, ListingBuildingInput,
  ListingContactInput, ListingFeatureInput, ListingRestriction, ListingTeamMemberInput, ListingUnitType, Marketplace, MarketplaceInput,
  RentalSpace, RentPaymentFrequency, StorageAvailability, UnitFeature, UpdateListingInput,
} from '../../generated/graphql.js';
import { emailAddress, fail, integerAtLeast, nonNegative, text, webUrl, type InputCheck } from '../../ports/input.js';
import type {
  LeaseyAvailability, LeaseyFurnishing, LeaseyMarketplace, LeaseyOwnerContact, LeaseyPropertyInput, LeaseyRenewalFrequency,
  LeaseyRentalSpace, LeaseyRentPaymentFrequency, LeaseyStorage, LeaseyTeamMemberInput, LeaseyUnitType,
} from './input.js';

/**
 * The graph's listing input (schema/listing-write.graphql) as Leasey's property object:
 * each graph enum maps onto the value or id Leasey documents (leasey.md, section 6).
 * Every field's check runs, so one answer names every bad field.
 */

const UNIT_TYPES: Record<ListingUnitType, LeaseyUnitType> = {
  APARTMENT: 'apartment', HOUSE: 'house', TOWNHOUSE: 'townhouse', DUPLEX_TRIPLEX: 'duplex/triplex',
  BASEMENT_SUITE: 'basement suite', ROOM_ONLY: 'room only', OTHER: 'other',
};
const RENTAL_SPACES: Record<RentalSpace, LeaseyRentalSpace> = { ENTIRE_PLACE: 'entire place', PARTIAL_PLACE: 'partial place' };
const PAYMENT_FREQUENCIES: Record<RentPaymentFrequency, LeaseyRentPaymentFrequency> = {
  DAILY: 'daily', WEEKLY: 'weekly', BI_WEEKLY: 'bi-weekly', MONTHLY: 'monthly', YEARLY: 'yearly', ONE_TIME: 'one-time',
};
const LEASE_TERMS: Record<LeaseTerm, LeaseyRenewalFrequency> = {
  MONTH_TO_MONTH: 'month to month', FIXED_TERM: 'fixed term', FIXED_TERM_THEN_MONTH_TO_MONTH: 'fixed term, renewing month-to-month',
};
const FURNISHING: Record<Furnishing, LeaseyFurnishing> = { FURNISHED: 1, UNFURNISHED: 2, PARTIALLY_FURNISHED: 3 };
const STORAGE: Record<StorageAvailability, LeaseyStorage> = { AVAILABLE: 1, NOT_AVAILABLE: 2, AVAILABLE_AT_EXTRA_COST: 3 };
const AVAILABILITY: Record<FeatureAvailability, LeaseyAvailability> = { INCLUDED: 1, AVAILABLE_NOT_INCLUDED: 2, NOT_AVAILABLE: 3 };

/** Leasey's unit feature ids (amenities and utilities). */
const FEATURE_IDS: Record<UnitFeature, number> = {
  AIR_CONDITIONING: 1, BALCONY_PATIO: 2, BASEMENT: 3, BIKE_STORAGE: 4, CONCIERGE: 5, DISHWASHER: 6, EV_CHARGING: 7,
  FIREPLACE: 8, FITNESS_CENTER: 9, FURNISHED: 10, HEATING: 11, HOT_TUB: 12, IN_SUITE_WASHER: 13, PARKING: 14, SAUNA: 15,
  STEAM_ROOM: 16, STORAGE_LOCKER: 17, SWIMMING_POOL: 18, CABLE: 19, ELECTRICITY: 20, INTERNET: 21, NATURAL_GAS: 22,
  WATER: 23, COMMON_AREAS: 24, COMMUNITY_LAUNDRY: 25, ELEVATOR: 26, ON_SITE_MANAGER: 27, IN_SUITE_DRYER: 28,
  FOOD_WASTE_DISPOSAL: 29, FREEZER: 30, MICROWAVE: 31, OVEN: 32, REFRIGERATOR: 33, STOVE: 34, GARBAGE_DISPOSAL: 35,
  SATELLITE_TV: 36, SEWAGE: 37,
};
const BUILDING_AMENITY_IDS: Record<BuildingAmenity, number> = {
  BIKE_STORAGE: 1, CONCIERGE: 2, EV_CHARGING: 3, FITNESS_CENTER: 4, HOT_TUB: 5, SAUNA: 6, STEAM_ROOM: 7,
  SWIMMING_POOL: 8, COMMON_AREAS: 9, COMMUNITY_LAUNDRY: 10, ELEVATOR: 11, ON_SITE_MANAGER: 12,
};
const RESTRICTION_IDS: Record<ListingRestriction, number> = { NO_DOGS: 1, NO_SMOKING: 2, NO_SHORT_TERM_RENTALS: 3, NO_SUBLETTING: 4, NO_CATS: 5 };
const MARKETPLACES: Record<Marketplace, LeaseyMarketplace> = {
  ZILLOW: 'zillow', ZILLOW_MULTI: 'zillowMulti', FACEBOOK: 'facebook', APARTMENTS_STANDARD: 'apartmentsStandard',
  APARTMENTS_PREMIUM: 'apartmentsPremium', RENT_PANDA: 'rentPanda', RENTAL_BEAST: 'rentalBeast', REALTOR: 'realtor',
  RENT_FASTER: 'rentFaster', RENT_SEEKER: 'rentSeeker', REW: 'rew', LQ: 'lq', LISTANZA: 'listanza', RENTAL_SOURCE: 'rentalSource',
  LESPAC: 'lespac', ZUMPER_PREMIUM: 'zumperPremium', ZUMPER_STANDARD: 'zumperStandard', KIJIJI: 'kijiji', VIEWIT: 'viewit',
  LIV_RENT: 'livRent', CRAIGSLIST: 'craigslist',
};

/** The optional fields create and update share: everything but the address, rent, bedrooms, bathrooms and date. */
type DetailInput = Omit<CreateListingInput, 'name' | 'line1' | 'city' | 'region' | 'country' | 'postalCode' | 'rent' | 'bedrooms' | 'bathrooms' | 'availableFrom'>;

/** Each entry once: a repeat is a problem naming it, since Leasey would keep only one of them. */
function distinct<T, K>(check: InputCheck, entries: readonly T[], field: string, keyOf: (entry: T) => K): void {
  const seen = new Set<K>();
  entries.forEach((entry, i) => {
    const key = keyOf(entry);
    if (seen.has(key)) check.problem(`${field}[${i}]`, `${field}[${i}] repeats ${String(key)}, which an earlier entry already sets (expected each once)`);
    seen.add(key);
  });
}

function timeZone(value: string, field: string): string {
  const zone = text(value, field);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    fail(field, 'an IANA time zone such as America/Vancouver', value);
  }
  return zone;
}

function building(check: InputCheck, input: ListingBuildingInput): Pick<LeaseyPropertyInput, 'building_id' | 'building_name' | 'number_of_units'> {
  const id = check.optional(input.id, (v) => integerAtLeast(v, 1, 'input.building.id'));
  const name = check.optional(input.name, (v) => text(v, 'input.building.name'));
  const units = check.optional(input.unitCount, (v) => integerAtLeast(v, 1, 'input.building.unitCount'));
  if (id === undefined && name === undefined && units === undefined && check.ok) {
    check.problem('input.building', 'input.building must give id, name or unitCount (expected the building to link or create), got none');
  }
  return { ...(id !== undefined && { building_id: id }), ...(name !== undefined && { building_name: name }), ...(units !== undefined && { number_of_units: units }) };
}

function teamMember(check: InputCheck, member: ListingTeamMemberInput, field: string): LeaseyTeamMemberInput {
  const id = check.optional(member.teamMemberId, (v) => integerAtLeast(v, 1, `${field}.teamMemberId`));
  const email = check.optional(member.email, (v) => emailAddress(v, `${field}.email`, 'agent@example.com'));
  const firstName = check.optional(member.firstName, (v) => text(v, `${field}.firstName`));
  const lastName = check.optional(member.lastName, (v) => text(v, `${field}.lastName`));
  if (member.teamMemberId == null && member.email == null) check.problem(field, `${field} must give teamMemberId or email (expected an existing member, or a new one by email), got neither`);
  if ((member.firstName == null) !== (member.lastName == null)) {
    check.problem(field, `${field} must give firstName and lastName together (a new team member needs both), got only ${member.firstName == null ? 'lastName' : 'firstName'}`);
  }
  return {
    ...(id !== undefined && { team_member_id: id }),
    ...(email !== undefined && { email }),
    ...(firstName !== undefined && { first_name: firstName }),
    ...(lastName !== undefined && { last_name: lastName }),
    ...(member.roleId != null && { role_id: check.field(() => integerAtLeast(member.roleId!, 1, `${field}.roleId`)) }),
    ...(member.isAdmin != null && { is_admin: member.isAdmin }),
    ...(member.timeZone != null && { timezone: check.field(() => timeZone(member.timeZone!, `${field}.timeZone`)) }),
  };
}

function contact(check: InputCheck, input: ListingContactInput): LeaseyOwnerContact {
  const c: LeaseyOwnerContact = {
    ...(input.firstName != null && { first_name: check.field(() => text(input.firstName!, 'input.contact.firstName')) }),
    ...(input.lastName != null && { last_name: check.field(() => text(input.lastName!, 'input.contact.lastName')) }),
    ...(input.email != null && { email: check.field(() => emailAddress(input.email!, 'input.contact.email', 'leasing@example.com')) }),
    ...(input.phone != null && {
      phone: check.field(() => {
        const digits = input.phone!.replace(/[\s().-]/g, '');
        if (!/^\d{4,15}$/.test(digits)) fail('input.contact.phone', 'the phone number in digits without the dial code, e.g. 4165550100', input.phone);
        return digits;
      }),
    }),
    ...(input.dialCode != null && {
      dial_code: check.field(() => {
        const code = input.dialCode!.trim();
        if (!/^\+\d{1,4}$/.test(code)) fail('input.contact.dialCode', 'a country dial code such as "+1"', input.dialCode);
        return code;
      }),
    }),
    ...(input.notifyByEmail != null && { notify_email: input.notifyByEmail }),
    ...(input.notifyBySms != null && { notify_sms: input.notifyBySms }),
  };
  if (Object.keys(c).length === 0 && check.ok) check.problem('input.contact', 'input.contact must give at least one field (expected the contact to show), got none');
  return c;
}

/**
 * The optional property fields of a create or an update. Building amenities need a
 * building: on create, one this input names; on update the listing may already have
 * one, which only Leasey knows, so there its 422 says so.
 */
export function propertyDetails(check: InputCheck, input: DetailInput, mode: 'create' | 'update'): Partial<LeaseyPropertyInput> {
  const features = input.features ?? undefined;
  const amenities = input.buildingAmenities ?? undefined;
  const marketplaces = input.marketplaces ?? undefined;
  if (features !== undefined) distinct(check, features, 'input.features', (f: ListingFeatureInput) => f.feature);
  if (amenities !== undefined) distinct(check, amenities, 'input.buildingAmenities', (a: BuildingAmenityInput) => a.amenity);
  if (marketplaces !== undefined) distinct(check, marketplaces, 'input.marketplaces', (m: MarketplaceInput) => m.marketplace);
  if (mode === 'create' && amenities !== undefined && amenities.length > 0 && input.building == null) {
    check.problem('input.buildingAmenities', 'input.buildingAmenities needs input.building (building amenities belong to a building; expected its id, name or unitCount), got no building');
  }
  const photos = check.optional(input.photoUrls, (urls) => urls.map((url, i) => check.field(() => ({ url: webUrl(url, `input.photoUrls[${i}]`, ['https:']) }))));
  return {
    ...(input.unitNumber != null && { suite_unit: check.field(() => text(input.unitNumber!, 'input.unitNumber')) }),
    ...(input.description != null && { description: input.description }),
    ...(input.securityDeposit != null && { security_deposit: check.field(() => nonNegative(input.securityDeposit!, 'input.securityDeposit')) }),
    ...(input.rentPaymentFrequency != null && { rent_payment_frequency: PAYMENT_FREQUENCIES[input.rentPaymentFrequency] }),
    ...(input.leaseTerm != null && { renewal_frequency: LEASE_TERMS[input.leaseTerm] }),
    ...(input.unitType != null && { unit_type: UNIT_TYPES[input.unitType] }),
    ...(input.rentalSpace != null && { rental_space: RENTAL_SPACES[input.rentalSpace] }),
    ...(input.squareFeet != null && { size_sqft: check.field(() => integerAtLeast(input.squareFeet!, 0, 'input.squareFeet')) }),
    ...(input.maxOccupancy != null && { max_occupancy: check.field(() => integerAtLeast(input.maxOccupancy!, 1, 'input.maxOccupancy')) }),
    ...(input.parkingStalls != null && { parking_stalls: check.field(() => integerAtLeast(input.parkingStalls!, 0, 'input.parkingStalls')) }),
    ...(input.furnishing != null && { furnishing: FURNISHING[input.furnishing] }),
    ...(input.storage != null && { storage_available: STORAGE[input.storage] }),
    ...(input.applicationUrl != null && { rental_application_url: check.field(() => webUrl(input.applicationUrl!, 'input.applicationUrl')) }),
    ...(input.useCustomApplicationLink != null && { use_custom_application_link: input.useCustomApplicationLink }),
    ...(input.ownerUserId != null && { owner_user_id: check.field(() => integerAtLeast(input.ownerUserId!, 1, 'input.ownerUserId')) }),
    ...(input.building != null && building(check, input.building)),
    ...(features !== undefined && { features: features.map((f) => ({ id: FEATURE_IDS[f.feature], value: AVAILABILITY[f.availability] })) }),
    ...(amenities !== undefined && { building_amenities: amenities.map((a) => ({ id: BUILDING_AMENITY_IDS[a.amenity], value: AVAILABILITY[a.availability] })) }),
    ...(input.restrictions != null && { restrictions: [...new Set(input.restrictions.map((r) => RESTRICTION_IDS[r]))] }),
    ...(photos !== undefined && { photos }),
    ...(marketplaces !== undefined && { marketplaces: marketplaces.map((m) => ({ name: MARKETPLACES[m.marketplace], enabled: m.enabled })) }),
    ...(input.teamMembers != null && { team_members: input.teamMembers.map((m, i) => teamMember(check, m, `input.teamMembers[${i}]`)) }),
    ...(input.contact != null && { owner_contact: contact(check, input.contact) }),
  };
}

/** Leasey documents no way to clear a field, so an explicit null in an update is refused rather than guessed at. */
export function refuseNulls(check: InputCheck, input: UpdateListingInput): void {
  for (const [name, value] of Object.entries(input)) {
    if (value === null) check.problem(`input.${name}`, `input.${name} must be a value or left out; Leasey has no documented way to clear it (got null)`);
  }
}
