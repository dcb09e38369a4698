import type { AddressModel, ListingModel, MoneyModel, UnitRecord } from '../../domain/models.js';
import type { RawContract, RawHouse } from './raw.js';

/**
 * Pure mapping of checked StuRents properties to domain models. StuRents is a UK site and
 * prices in GBP, but its addresses carry no country (docs/vendors.md, StuRents), so none is claimed:
 * the identity rules read the postcode, which names Britain on its own.
 */

const SQUARE_FEET_PER_SQUARE_METRE = 10.7639;

/** Street line "<number> <road>", flat or house name ("Flat 1") as the unit. Null without a road or number. */
export function addressOf(raw: RawHouse): AddressModel | null {
  const a = raw.address;
  if (a === null || a === undefined) return null;
  const line1 = [a.property_number, a.road_name].filter((part): part is string => part !== null).join(' ');
  if (line1 === '') return null;
  return { line1, unitNumber: a.property_name, city: a.city, region: null, postalCode: a.postcode, country: null };
}

/** beds_total, which "if not specified, will be set the same as" beds_available (docs/vendors.md, StuRents). */
export function bedroomsOf(raw: RawHouse): number | null {
  return raw.beds_total ?? raw.beds_available;
}

export function toUnitRecord(raw: RawHouse, original: unknown): UnitRecord {
  return {
    __typename: 'UnitRecord',
    vendor: 'STURENTS',
    externalId: raw.reference,
    raw: original,
    address: addressOf(raw),
    bedrooms: bedroomsOf(raw),
    bathrooms: raw.bathrooms,
    // floor_space is in square metres (docs/vendors.md, StuRents); the graph counts square feet.
    squareFeet: raw.floor_space === null ? null : Math.round(raw.floor_space * SQUARE_FEET_PER_SQUARE_METRE),
    ownerId: null,
    possessionStart: null,
    possessionEnd: null,
    // Being listed says nothing about whether the unit is in use.
    active: null,
  };
}

const PERIODS: Readonly<Record<string, string>> = { week: 'WEEK', month: 'MONTH', year: 'YEAR', day: 'DAY' };

/**
 * The rent of a contract as Money for the whole property. StuRents usually prices per
 * person per week; a per-person amount is multiplied by the bedrooms (a studio, 0
 * bedrooms, houses one person) so that every listing in the graph states what the whole
 * unit costs. A per-person price on a property of unknown size has no such amount: null
 * (the price stays in raw).
 */
export function rentOf(contract: RawContract | undefined, bedrooms: number | null): MoneyModel | null {
  const price = contract?.price;
  if (price === null || price === undefined || price.amount === null) return null;
  const period = price.time_period === null ? null : (PERIODS[price.time_period.toLowerCase()] ?? price.time_period.toUpperCase());
  switch (price.amount_per?.toLowerCase()) {
    case 'person':
      return bedrooms === null ? null : { amount: round2(price.amount * Math.max(bedrooms, 1)), currency: 'GBP', period };
    case 'property':
    case undefined:
      // Without amount_per the amount is taken as the property's: nothing says it is per person.
      return { amount: price.amount, currency: 'GBP', period };
    default:
      return null;
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The letting agent branch a house is listed under (the list's `branches[]`). */
export interface SturentsBranch { agentId: string | null; name: string | null; website: string | null }

export function toListingModel(raw: RawHouse, original: unknown, branch: SturentsBranch | null = null): ListingModel {
  const contract = raw.contracts[0];
  const bedrooms = bedroomsOf(raw);
  const address = addressOf(raw);
  const where = address === null ? null : [address.unitNumber, address.line1, address.city].filter((part) => part !== null).join(', ');
  return {
    __typename: 'Listing',
    vendor: 'STURENTS',
    externalId: raw.reference,
    raw: original,
    unit: { vendor: 'STURENTS', externalId: raw.reference },
    title: raw.room_type ?? where,
    description: raw.description,
    rent: rentOf(contract, bedrooms),
    availableFrom: contract?.available?.start_date ?? raw.available[0]?.start_date ?? null,
    bedrooms,
    bathrooms: raw.bathrooms,
    // The houses API serves what is listed on the site.
    published: true,
    url: null,
    details: {
      deposit: depositOf(contract, bedrooms),
      contracts: raw.contracts.map((c) => ({
        rent: rentOf(c, bedrooms),
        deposit: depositOf(c, bedrooms),
        startDate: c.available?.start_date ?? null,
        endDate: c.available?.end_date ?? null,
        minimumDays: c.available?.min_contract_days ?? null,
      })),
      amenities: texts(raw.facilities),
      media: raw.media === null || raw.media === undefined ? null : { photos: texts(raw.media.photos), videos: texts(raw.media.videos), floorplans: texts(raw.media.floorplans) },
      branch,
    },
  };
}

const texts = (items: readonly unknown[]): string[] => items.filter((item): item is string => typeof item === 'string' && item.trim() !== '');

/** A contract's deposit, for the whole property as its rent is (a per-person deposit times the bedrooms), one-off. */
function depositOf(contract: RawContract | undefined, bedrooms: number | null): MoneyModel | null {
  const deposit = contract?.deposit;
  if (deposit === null || deposit === undefined || deposit.amount === null) return null;
  switch (deposit.amount_per?.toLowerCase()) {
    case 'person':
      return bedrooms === null ? null : { amount: round2(deposit.amount * Math.max(bedrooms, 1)), currency: 'GBP', period: null };
    case 'property':
    case undefined:
      return { amount: deposit.amount, currency: 'GBP', period: null };
    default:
      return null;
  }
}
