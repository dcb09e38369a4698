import type { GraphQLResolveInfo } from 'graphql';
import { responsePathAsArray } from 'graphql';
import type { ListingModel, SourceRef } from '../../domain/models.js';
import { isVendor, vendorRank, type Vendor } from '../../domain/vendor.js';
import { VendorError } from '../../errors.js';
import type { GatewayContext } from '../../request/scope.js';
import { naturalCompare } from '../common/connection.js';

/** The listing of one vendor record (the record's own id), batched with every other one in the request (from the store when it holds the vendor's records); null for a vendor without listings. */
export async function listingByRef(ref: SourceRef, context: GatewayContext): Promise<ListingModel | null> {
  const listings = context.reads(ref.vendor)?.listings;
  if (listings === undefined) return null;
  return context.readModel.storedOrLive(ref.vendor, async () => (await context.readModel.record<ListingModel>('LISTING', ref))?.model ?? null, () => listings.byId(ref.externalId));
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

/** A listing's place in `listings`: vendor precedence, then the vendor's id. */
export const listingPosition = (listing: SourceRef): string => `${listing.vendor}:${listing.externalId}`;

export function compareListingPositions(a: string, b: string): number {
  const [vendorA, idA] = splitPosition(a);
  const [vendorB, idB] = splitPosition(b);
  return vendorRank(vendorA) - vendorRank(vendorB) || naturalCompare(idA, idB) || (idA < idB ? -1 : idA > idB ? 1 : 0);
}

/** The vendor a cursor position is in, or null for a position this graph did not make. */
export function vendorOfPosition(position: string): Vendor | null {
  const [vendor] = splitPosition(position);
  return isVendor(vendor) ? vendor : null;
}

function splitPosition(position: string): [string, string] {
  const colon = position.indexOf(':');
  return colon < 0 ? ['', position] : [position.slice(0, colon), position.slice(colon + 1)];
}
