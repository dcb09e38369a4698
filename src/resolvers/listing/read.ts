import type { GraphQLResolveInfo } from 'graphql';
import { responsePathAsArray } from 'graphql';
import type { GatewayContext } from '../../context.js';
import type { ListingModel, SourceRef } from '../../domain/models.js';
import type { Vendor } from '../../domain/vendor.js';
import { VendorError } from '../../errors.js';
import { naturalCompare } from '../common/connection.js';

/** The vendors that list units, in the order `listings` pages them. */
export const LISTING_VENDORS = ['RENTENGINE', 'LEASEY', 'STURENTS'] as const;
export type ListingVendor = (typeof LISTING_VENDORS)[number];

export const isListingVendor = (vendor: Vendor): vendor is ListingVendor => (LISTING_VENDORS as readonly Vendor[]).includes(vendor);

/** Every listing of one vendor: RentEngine markets each of its units, Leasey and StuRents list theirs. */
export async function listingsOf(vendor: ListingVendor, context: GatewayContext): Promise<ListingModel[]> {
  const { rentengine, leasey, sturents } = context.loaders.listings;
  switch (vendor) {
    case 'RENTENGINE':
      return rentengine === null ? [] : (await rentengine.all()).map((unit) => unit.listing);
    case 'LEASEY':
      return leasey === null ? [] : (await leasey.all()).map((property) => property.listing);
    case 'STURENTS':
      return sturents === null ? [] : (await sturents.all()).map((house) => house.listing);
    default: {
      const unexpected: never = vendor;
      throw new Error(`no listings for vendor ${String(unexpected)}`);
    }
  }
}

/** The listing of one vendor record (the record's own id), batched with every other one in the request. */
export async function listingByRef(ref: SourceRef, context: GatewayContext): Promise<ListingModel | null> {
  const { rentengine, leasey, sturents } = context.loaders.listings;
  if (!isListingVendor(ref.vendor)) return null;
  switch (ref.vendor) {
    case 'RENTENGINE':
      return rentengine === null ? null : (await rentengine.byId.load(ref.externalId))?.listing ?? null;
    case 'LEASEY':
      return leasey === null ? null : (await leasey.byId.load(ref.externalId))?.listing ?? null;
    case 'STURENTS':
      return sturents === null ? null : (await sturents.byId.load(ref.externalId))?.listing ?? null;
    default: {
      const unexpected: never = ref.vendor;
      throw new Error(`no listings for vendor ${String(unexpected)}`);
    }
  }
}

/**
 * Runs one read per vendor and keeps what succeeded: a failing vendor adds its error at
 * this field's path and leaves its part out, so the other vendors' listings still show.
 */
export async function settlePerVendor<T>(context: GatewayContext, info: GraphQLResolveInfo, reads: readonly (() => Promise<T[]>)[]): Promise<T[]> {
  const settled = await Promise.allSettled(reads.map((read) => read()));
  return settled.flatMap((outcome) => {
    if (outcome.status === 'fulfilled') return outcome.value;
    if (outcome.reason instanceof VendorError) {
      context.partial.add(outcome.reason, responsePathAsArray(info.path));
      return [];
    }
    throw outcome.reason;
  });
}

/** A listing's place in `listings`: vendor order, then the vendor's id. */
export const listingPosition = (listing: SourceRef): string => `${listing.vendor}:${listing.externalId}`;

export function compareListingPositions(a: string, b: string): number {
  const [vendorA, idA] = splitPosition(a);
  const [vendorB, idB] = splitPosition(b);
  return vendorRank(vendorA) - vendorRank(vendorB) || naturalCompare(idA, idB) || (idA < idB ? -1 : idA > idB ? 1 : 0);
}

/** The vendor a cursor position is in, or null for a position this graph did not make. */
export function vendorOfPosition(position: string): ListingVendor | null {
  const [vendor] = splitPosition(position);
  return (LISTING_VENDORS as readonly string[]).includes(vendor) ? (vendor as ListingVendor) : null;
}

export function vendorRank(vendor: string): number {
  return (LISTING_VENDORS as readonly string[]).indexOf(vendor);
}

function splitPosition(position: string): [string, string] {
  const colon = position.indexOf(':');
  return colon < 0 ? ['', position] : [position.slice(0, colon), position.slice(colon + 1)];
}
