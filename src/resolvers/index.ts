import type { Resolvers } from '../generated/graphql.js';
import { commonResolvers } from './common/index.js';
import { leaseResolvers } from './lease/index.js';
import { unitResolvers } from './unit/index.js';

/** Every domain's resolvers; @graphql-tools merges the list. */
export const resolvers: Resolvers[] = [commonResolvers, unitResolvers, leaseResolvers];
