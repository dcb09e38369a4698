import type { Resolvers } from '../../generated/resolvers.js';
import { degrade } from '../common/partial.js';

/**
 * What a vendor says of a listing beyond the contract's fields (schema/listing-details.graphql),
 * as its module mapped it into `details`. A vendor that says nothing of a field answers null,
 * or an empty list.
 */
export const listingDetailResolvers: Resolvers = {
  Listing: {
    status: (listing) => listing.details?.status ?? null,
    occupied: (listing) => listing.details?.occupied ?? null,
    petsAllowed: (listing) => listing.details?.petsAllowed ?? null,
    petRestrictions: (listing) => listing.details?.petRestrictions ?? null,
    fees: (listing) => listing.details?.fees ?? [],
    amenities: (listing) => listing.details?.amenities ?? [],
    showingMethod: (listing) => listing.details?.showingMethod ?? null,
    prescreeningTemplate: (listing, _args, context, info) => {
      const ref = listing.details?.prescreeningTemplate ?? null;
      if (ref === null) return null;
      return degrade(context, info, null, async () => (await context.reads(ref.vendor)?.portfolio?.prescreeningTemplateById.load(ref.externalId)) ?? null);
    },
    leadCount: (listing) => listing.details?.leadCount ?? null,
    showingCount: (listing) => listing.details?.showingCount ?? null,
    deposit: (listing) => listing.details?.deposit ?? null,
    contracts: (listing) => listing.details?.contracts ?? [],
    media: (listing) => listing.details?.media ?? null,
    branch: (listing) => listing.details?.branch ?? null,
  },
};
