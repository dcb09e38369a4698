import type { Resolvers } from '../../generated/resolvers.js';
import { listingMutations } from './listings.js';
import { lockboxMutations } from './lockboxes.js';
import { portfolioMutations } from './portfolio.js';
import { prospectMutations } from './prospects.js';
import { showingMutations } from './showings.js';
import { unitMutations } from './units.js';

/**
 * The Mutation type: each field is one documented vendor write (see write.ts for how
 * every one runs). Answers are domain models, rendered by the read resolvers.
 */
export const mutationResolvers: Resolvers[] = [showingMutations, lockboxMutations, prospectMutations, unitMutations, listingMutations, portfolioMutations];
