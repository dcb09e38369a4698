import type { Resolvers } from '../../generated/resolvers.js';
import { idOfRef, parseRefKey } from '../../domain/ids.js';
import type { ListingModel } from '../../domain/models.js';
import { checkAfter, paginateList } from '../common/connection.js';
import { degrade } from '../common/partial.js';
import { registerNodeLookup } from '../node-lookup.js';
import {
  compareListingPositions, LISTING_VENDORS, listingByRef, listingPosition, listingsOf, settlePerVendor, vendorOfPosition, vendorRank,
} from './read.js';

/**
 * Listings: RentEngine markets every unit it has (published when its status is
 * Available), Leasey lists properties, StuRents houses. Each listing is read from the
 * same per-request loaders that feed the merged Unit, so a unit's listings cost no
 * call beyond its unit records.
 */

registerNodeLookup('Listing', (key, context) => listingByRef(parseRefKey(key), context));

const isListing = (listing: ListingModel | null): listing is ListingModel => listing !== null;

export const listingResolvers: Resolvers = {
  Query: {
    listings: async (_root, args, context, info) => {
      // Paging is checked before any vendor call: bad input is the client's error, not a partial result.
      paginateList('listings', [], args, () => '');
      const after = checkAfter(args.after, 'listings');
      const wanted = args.filter?.vendor;
      // Listings run vendor by vendor, so a vendor wholly before the cursor need not be read.
      const from = after === null ? null : vendorOfPosition(after);
      const vendors = LISTING_VENDORS.filter((vendor) => (wanted === null || wanted === undefined || vendor === wanted) && (from === null || vendorRank(vendor) >= vendorRank(from)));
      const listings = await settlePerVendor(context, info, vendors.map((vendor) => () => listingsOf(vendor, context)));
      return paginateList('listings', listings, args, listingPosition, compareListingPositions);
    },
  },
  Unit: {
    listings: async (unit, _args, context, info) => {
      const reads = LISTING_VENDORS.map((vendor) => async () => {
        const refs = unit.members.filter((member) => member.vendor === vendor);
        return (await Promise.all(refs.map((ref) => listingByRef(ref, context)))).filter(isListing);
      });
      return settlePerVendor(context, info, reads);
    },
  },
  Listing: {
    id: (listing) => idOfRef('Listing', listing),
    unit: (listing, _args, context, info) =>
      degrade(context, info, null, async () => (listing.unit === null ? null : context.directory.byRef(listing.unit))),
    sources: (listing) => [{ vendor: listing.vendor, externalId: listing.externalId, raw: listing.raw }],
  },
};
