import type { Resolvers } from '../generated/resolvers.js';
import { accessResolvers } from './access/index.js';
import { commonResolvers } from './common/index.js';
import { eventResolvers } from './events/index.js';
import { leaseResolvers } from './lease/index.js';
import { listingDetailResolvers } from './listing/details.js';
import { listingResolvers } from './listing/index.js';
import { lockboxHistoryResolvers } from './lockbox/history.js';
import { lockboxResolvers } from './lockbox/index.js';
import { mutationResolvers } from './mutations/index.js';
import { peopleResolvers } from './people/index.js';
import { portfolioResolvers } from './portfolio/index.js';
import { protocolResolvers } from './protocol/index.js';
import { prospectResolvers } from './prospect/index.js';
import { showingResolvers } from './showing/index.js';
import { unitResolvers } from './unit/index.js';

/** Every domain's resolvers; @graphql-tools merges the list. */
export const resolvers: Resolvers[] = [commonResolvers, unitResolvers, leaseResolvers, eventResolvers, listingResolvers, listingDetailResolvers, protocolResolvers, lockboxResolvers, lockboxHistoryResolvers, prospectResolvers, showingResolvers, portfolioResolvers, peopleResolvers, accessResolvers, ...mutationResolvers];
