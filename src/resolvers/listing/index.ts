import type { Resolvers } from '../../generated/resolvers.js';
import { idOfRef, parseRefKey } from '../../domain/ids.js';
import type { ListingModel } from '../../domain/models.js';
import { checkAfter, paginateList } from '../common/connection.js';
import { degrade, settlePerVendor } from '../common/partial.js';
import { registerNodeLookup } from '../node-lookup.js';
import { freshnessOfRecord, storedList, storedListOr } from '../common/store-query.js';
import type { RecordListFilter } from '../../readmodel/fact-queries.js';
import { vendorRank } from '../../domain/vendor.js';
import { compareListingPositions, listingByRef, listingPosition, vendorOfPosition } from './read.js';

/**
 * Listings, from every vendor that lists units, vendor by vendor in precedence order.
 * Each listing is read from the same per-request loaders that feed the merged Unit, so
 * a unit's listings cost no call beyond its unit records.
 */

registerNodeLookup('Listing', (key, context) => listingByRef(parseRefKey(key), context));

const isListing = (listing: ListingModel | null): listing is ListingModel => listing !== null;

export const listingResolvers: Resolvers = {
  Query: {
    listings: async (_root, args, context, info) => {
      const stored = () => storedList<ListingModel, RecordListFilter>(context, 'LISTING', context.readModel.queries.listings, 'listings:stored', args, { vendor: args.filter?.vendor });
      return storedListOr(context, info, 'listings', stored, async (join) => {
        // Paging is checked before any vendor call: bad input is the client's error, not a partial result.
        paginateList('listings', [], args, () => '');
        const after = checkAfter(args.after, 'listings');
        const wanted = args.filter?.vendor;
        // Listings run vendor by vendor, so a vendor wholly before the cursor need not be read (unless totalCount asks).
        const from = after === null ? null : vendorOfPosition(after);
        const wantedSources = context.offering('listings').filter(({ vendor }) => wanted === null || wanted === undefined || vendor === wanted);
        const before = wantedSources.filter(({ vendor }) => from !== null && vendorRank(vendor) < vendorRank(from));
        const sources = wantedSources.filter((source) => !before.includes(source));
        const listings = await join(sources.map(({ reads }) => () => reads.all()));
        const page = paginateList('listings', listings, args, listingPosition, compareListingPositions);
        if (before.length === 0) return page;
        // Counted after the page was answered, so a failure there is an error at this field, not a fall back to the store.
        return { ...page, totalCount: async () => page.totalCount + (await settlePerVendor(context, info, before.map(({ reads }) => () => reads.all()))).length };
      });
    },
  },
  Unit: {
    listings: async (unit, _args, context, info) => {
      const reads = context.offering('listings').map(({ vendor }) => async () => {
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
    freshness: freshnessOfRecord,
  },
};
