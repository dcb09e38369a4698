import { leasingStageOf } from './stages.js';
import type {
  AddressModel, FloorplanModel, LeasingEventModel, ListingModel, LockboxCodeModel, LockboxEventModel, LockboxEventType, LockboxInstallationModel, LockboxModel, MultifamilyPropertyModel, PrescreeningTemplateModel, ProspectModel, ShowingAvailabilityModel, ShowingModel, ShowingWindowModel, SourceRef, SubteamModel, UnitRecord,
} from '../../domain/models.js';
import { countryCodeOf } from '../../domain/country.js';
import type {
  RawAddressParts, RawFloorplan, RawLeasingEvent, RawLockbox, RawLockboxCode, RawLockboxEvent, RawLockboxInstallation,
  RawMultifamilyProperty, RawPrescreeningTemplate, RawProspect, RawShowingAvailability, RawSubteam, RawUnit,
} from './raw.js';

/** Pure mapping of checked RentEngine payloads to domain models; `original` is kept as `raw`. */

const VENDOR = 'RENTENGINE' as const;

const ref = (externalId: string | null): SourceRef | null => (externalId === null ? null : { vendor: VENDOR, externalId });
const blankToNull = (value: string | null): string | null => (value === null || value.trim() === '' ? null : value.trim());
const whole = (value: number | null): number | null => (value === null ? null : Math.round(value));

/** What the vendor states ("United States", its one documented value, "USA", "US") as an ISO code; null when it names no country. */
export function countryCode(name: string | null): string | null {
  return countryCodeOf(name);
}

/**
 * The street line is "<street_number> <street_name>" when the parts are there, else the
 * whole `formatted_address` (the identity rules read a full address from line1).
 */
export function toAddressModel(parts: RawAddressParts): AddressModel | null {
  const streetName = blankToNull(parts.street_name);
  const line1 = streetName === null
    ? blankToNull(parts.formatted_address)
    : [blankToNull(parts.street_number), streetName].filter((p) => p !== null).join(' ');
  if (line1 === null) return null;
  return {
    line1,
    unitNumber: blankToNull(parts.unit),
    city: blankToNull(parts.city),
    region: blankToNull(parts.state),
    postalCode: blankToNull(parts.zip_code),
    country: countryCode(parts.country),
  };
}

const addressPartsOf = (raw: RawUnit): RawAddressParts | null => (raw.address?.kind === 'parts' ? raw.address : null);

/**
 * A unit as the identity index sees it. An address given only as a record id (the
 * reference's integer) has nothing to match on, so the address is null. RentEngine
 * markets units and says nothing of tenancy or ownership, so owner, possession and
 * `active` (the rent roll's notion) are null.
 */
export function toUnitRecord(raw: RawUnit, original: unknown): UnitRecord {
  const parts = addressPartsOf(raw);
  return {
    __typename: 'UnitRecord',
    vendor: VENDOR,
    externalId: raw.id,
    raw: original,
    address: parts === null ? null : toAddressModel(parts),
    bedrooms: raw.bedrooms,
    bathrooms: raw.bathrooms,
    squareFeet: whole(raw.sqft),
    ownerId: null,
    possessionStart: null,
    possessionEnd: null,
    active: null,
    marketingStatus: raw.status,
  };
}

/** "123 Main St Apt 4, Springfield, IL 62701" from the parts when no formatted address came. */
function titleOf(parts: RawAddressParts | null): string | null {
  if (parts === null) return null;
  const formatted = blankToNull(parts.formatted_address);
  if (formatted !== null) return formatted;
  const address = toAddressModel(parts);
  if (address === null) return null;
  const street = [address.line1, address.unitNumber].filter((p) => p !== null).join(' ');
  const regionPostal = [address.region, address.postalCode].filter((p) => p !== null).join(' ');
  return [street, address.city, regionPostal].filter((p) => p !== null && p !== '').join(', ');
}

/**
 * A RentEngine unit is also its own marketing listing (same id). Published rule: the
 * unit is marketed exactly while its status is "Available"; every other status
 * (Incomplete, Under Review, Leased, On Hold, ... or one the vendor adds later) is not
 * published, and no status at all is unknown (null). Rent is `target_rental_rate`, in
 * US dollars per month (the UnitsEvents document: "$/month").
 */
export function toListingModel(raw: RawUnit, original: unknown): ListingModel {
  return {
    __typename: 'Listing',
    vendor: VENDOR,
    externalId: raw.id,
    raw: original,
    unit: { vendor: VENDOR, externalId: raw.id },
    title: titleOf(addressPartsOf(raw)),
    description: blankToNull(raw.marketing_description),
    rent: raw.target_rental_rate === null ? null : { amount: raw.target_rental_rate, currency: 'USD', period: 'MONTH' },
    availableFrom: raw.earliest_move_in_date,
    bedrooms: raw.bedrooms,
    bathrooms: raw.bathrooms,
    published: raw.status === null ? null : raw.status === 'Available',
    url: null,
    details: {
      status: raw.status,
      occupied: raw.is_occupied,
      petsAllowed: blankToNull(raw.pets_allowed ?? null),
      petRestrictions: blankToNull(raw.pet_restrictions ?? null),
      fees: [...feesOf(raw.pet_fees, 'pet'), ...feesOf(raw.monthly_fees, 'monthly'), ...feesOf(raw.move_in_fees, 'move_in')],
      amenities: (raw.amenities ?? []).filter((a): a is string => typeof a === 'string' && a.trim() !== ''),
      showingMethod: blankToNull(raw.showing_method ?? null),
      prescreeningTemplate: raw.prescreen_template_id === null ? null : { vendor: VENDOR, externalId: raw.prescreen_template_id },
    },
  };
}

/**
 * A fee list ({name, type, amount}, the amount sometimes a string): items without a
 * name are left out; the list's own kind stands in for a missing type.
 */
function feesOf(items: readonly unknown[] | null | undefined, kind: string): { name: string; kind: string | null; amount: number | null }[] {
  return (items ?? []).flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const { name, type, amount } = item as Record<string, unknown>;
    if (typeof name !== 'string' || name.trim() === '') return [];
    const value = typeof amount === 'number' ? amount : typeof amount === 'string' && amount.trim() !== '' ? Number(amount.replace(/[$,\s]/g, '')) : Number.NaN;
    return [{ name: name.trim(), kind: typeof type === 'string' && type.trim() !== '' ? type.trim() : kind, amount: Number.isFinite(value) ? value : null }];
  });
}

export function toLockboxModel(raw: RawLockbox, original: unknown): LockboxModel {
  return { __typename: 'Lockbox', vendor: VENDOR, externalId: raw.id, raw: original, serialNumber: raw.serial_number, lockboxType: raw.lockbox_type, accountId: raw.account_id };
}

/** The vendor's three documented lockbox event types; anything else is null (the label stays in raw). */
export function lockboxEventTypeOf(eventType: string): LockboxEventType | null {
  switch (eventType.trim()) {
    case 'Install':
      return 'INSTALL';
    case 'Uninstall':
      return 'UNINSTALL';
    case 'Generate Code':
      return 'GENERATE_CODE';
    default:
      return null;
  }
}

export function toLockboxEventModel(raw: RawLockboxEvent, original: unknown): LockboxEventModel {
  return {
    __typename: 'LockboxEvent',
    vendor: VENDOR,
    externalId: raw.id,
    raw: original,
    eventType: lockboxEventTypeOf(raw.event_type),
    lockboxExternalId: raw.lockbox_id,
    unitExternalId: raw.unit_id,
    occurredAt: raw.created_at,
    accountId: raw.account_id,
    metadata: typeof raw.metadata === 'object' && raw.metadata !== null && !Array.isArray(raw.metadata) ? (raw.metadata as Record<string, unknown>) : null,
  };
}

export function toLockboxInstallation(raw: RawLockboxInstallation, original: unknown): LockboxInstallationModel {
  return { vendor: VENDOR, externalId: raw.id, raw: original, lockboxExternalId: raw.lockbox_id, unitExternalId: raw.unit_id, installedAt: raw.installed_at, uninstalledAt: raw.uninstalled_at };
}

export function toLockboxCode(raw: RawLockboxCode): LockboxCodeModel {
  return { code: raw.code, lockboxType: raw.lockboxType, instructions: raw.instructions };
}

export function toProspectModel(raw: RawProspect, original: unknown): ProspectModel {
  return {
    __typename: 'Prospect',
    vendor: VENDOR,
    externalId: raw.id,
    raw: original,
    name: blankToNull(raw.name),
    email: blankToNull(raw.email),
    phone: blankToNull(raw.phone),
    status: raw.status,
    source: raw.source,
    createdAt: raw.created_at,
    unitOfInterest: ref(raw.unit_of_interest),
  };
}

/**
 * A leasing event, from a webhook record or a POST /leasing_events answer. `eventType`
 * stands in when the answer leaves the type out (the caller knows what it sent).
 */
export function toLeasingEventModel(raw: RawLeasingEvent, original: unknown, eventType: string | null = null): LeasingEventModel {
  const type = raw.event_type ?? eventType ?? '';
  return {
    __typename: 'LeasingEvent',
    vendor: VENDOR,
    externalId: raw.id,
    raw: original,
    eventType: type,
    stage: leasingStageOf(type),
    occurredAt: raw.created_at,
    prospect: ref(raw.prospect_id ?? raw.prospect),
    unit: ref(raw.unit_id),
    notes: raw.notes,
    source: raw.source,
    plannedAt: raw.planned_date_time,
  };
}

/**
 * RentEngine has no showing resource to read: a showing is known from its "Showing
 * Scheduled" leasing event, whose `planned_date_time` is the start. The showing takes
 * the event's id; its length is not documented, so it has no end.
 */
export function showingFromLeasingEvent(raw: RawLeasingEvent, original: unknown): ShowingModel | null {
  if (raw.event_type?.trim() !== 'Showing Scheduled' || raw.planned_date_time === null) return null;
  return {
    __typename: 'Showing',
    vendor: VENDOR,
    externalId: raw.id,
    raw: original,
    unit: ref(raw.unit_id),
    prospect: ref(raw.prospect_id ?? raw.prospect),
    startsAt: raw.planned_date_time,
    endsAt: null,
    status: 'Showing Scheduled',
    method: null,
    teamMember: null,
  };
}

/**
 * The vendor lists available and preferred windows separately, and a preferred window
 * may also be listed as available: each distinct (start, end) is one window, preferred
 * when it is in the preferred list.
 */
export function toShowingAvailability(raw: RawShowingAvailability): ShowingAvailabilityModel {
  const { availability } = raw;
  const windows = new Map<string, ShowingWindowModel>();
  // A window listed as both available and preferred is one window, preferred, open to the methods of either.
  for (const [list, preferred] of [[availability.availableShowingWindows, false], [availability.preferredShowingWindows, true]] as const) {
    for (const w of list) {
      const key = `${w.start}/${w.end}`;
      const methods = [...new Set([...(windows.get(key)?.methods ?? []), ...w.showingMethodsAvailable])];
      windows.set(key, { start: w.start, end: w.end, preferred: preferred || (windows.get(key)?.preferred ?? false), methods });
    }
  }
  return {
    unitExternalId: availability.unitId,
    windows: [...windows.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || Date.parse(a.end) - Date.parse(b.end)),
    showingMethod: availability.showingMethod,
    timezoneName: availability.timezoneName,
    timezoneAbbreviation: availability.timezoneAbbreviation,
    unitStatus: availability.unitStatus,
  };
}

export function toMultifamilyPropertyModel(raw: RawMultifamilyProperty, original: unknown): MultifamilyPropertyModel {
  return {
    __typename: 'MultifamilyProperty',
    vendor: VENDOR,
    externalId: raw.id,
    raw: original,
    communityName: raw.community_name,
    buildingCount: whole(raw.building_count),
    unitCount: whole(raw.unit_count),
    description: raw.description,
    structureType: raw.structure_type,
    yearBuilt: whole(raw.year_built),
    textAddress: raw.text_address,
    accountId: raw.account_id,
    externalIds: raw.external_ids ?? null,
    deleted: raw.deleted,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
  };
}

export function toFloorplanModel(raw: RawFloorplan, original: unknown): FloorplanModel {
  return {
    __typename: 'Floorplan',
    vendor: VENDOR,
    externalId: raw.id,
    raw: original,
    name: raw.name,
    propertyExternalId: raw.multifamily_property_id,
    bedroomCount: whole(raw.bedroom_count),
    bathroomCount: raw.bathroom_count,
    unitCount: whole(raw.unit_count),
    unitsAvailable: whole(raw.units_available),
    marketRent: raw.market_rent,
    minSqft: whole(raw.min_sqft),
    maxSqft: whole(raw.max_sqft),
    description: raw.description,
    deleted: raw.deleted,
  };
}

export function toSubteamModel(raw: RawSubteam, original: unknown): SubteamModel {
  return { __typename: 'Subteam', vendor: VENDOR, externalId: raw.id, raw: original, name: raw.name, accountId: raw.account_id, userIds: raw.user_ids };
}

export function toPrescreeningTemplateModel(raw: RawPrescreeningTemplate, original: unknown): PrescreeningTemplateModel {
  return { __typename: 'PrescreeningTemplate', vendor: VENDOR, externalId: raw.id, raw: original, name: raw.name, rules: raw.rules, questions: raw.questions };
}
