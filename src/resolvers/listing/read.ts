import type { ListingModel, SourceRef } from '../../domain/models.js';
import { isVendor, vendorRank, type Vendor } from '../../domain/vendor.js';
import type { GatewayContext } from '../../request/scope.js';
import { naturalCompare } from '../common/connection.js';

/** The listing of one vendor record (the record's own id), batched with every other one in the request (from the store when it holds the vendor's records); null for a vendor without listings. */
export async function listingByRef(ref: SourceRef, context: GatewayContext): Promise<ListingModel | null> {
  const listings = context.reads(ref.vendor)?.listings;
  if (listings === undefined) return null;
  return context.readModel.storedOrLive(ref.vendor, async () => (await context.readModel.record<ListingModel>('LISTING', ref))?.model ?? null, () => listings.byId(ref.externalId));
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
