import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../request/scope.js';
import { idOfRef, parseRefKey } from '../../domain/ids.js';
import type { ShowingModel, UnitParent } from '../../domain/models.js';
import { loadAll } from '../../ports/batching.js';
import type { Resolvers } from '../../generated/resolvers.js';
import { degrade } from '../common/partial.js';
import { paginateByRecency, within } from '../common/recency.js';
import { checkPaging, isoInput, memberIds, sourcesOf, unique } from '../common/records.js';
import { registerNodeLookup } from '../node-lookup.js';
import { freshnessOfRecord } from '../common/store-query.js';
import { loadProspect } from '../prospect/index.js';
import { showingWindows } from './availability.js';

/**
 * Showings from every vendor that has them (a vendor whose showings are known only from
 * its leasing events reads them from the event log, so they cover its retention). Lists
 * run newest first (recency.ts) by start time. A vendor that is not connected has none.
 */

async function unitShowings(unit: UnitParent, context: GatewayContext, info: GraphQLResolveInfo): Promise<ShowingModel[]> {
  const lists = await Promise.all(context.offering('showings').map(async ({ vendor, reads }) => {
    const ids = memberIds(unit, vendor);
    return ids.length === 0 ? [] : degrade(context, info, [], () => reads.atUnits(ids));
  }));
  return unique(lists.flat());
}

registerNodeLookup('Showing', async (key, context) => {
  const ref = parseRefKey(key);
  const showings = context.reads(ref.vendor)?.showings;
  return showings === undefined ? null : showings.byId(ref.externalId);
});

export const showingResolvers: Resolvers = {
  Query: {
    showings: async (_root, args, context, info) => {
      checkPaging(args, 'showings');
      const filter = args.filter ?? {};
      const from = isoInput(filter.from);
      const to = isoInput(filter.to);
      const sources = context.offering('showings').filter(({ vendor }) => filter.vendor === null || filter.vendor === undefined || filter.vendor === vendor);
      const lists = await Promise.all(sources.map(({ reads }) => degrade(context, info, [], () => reads.all())));
      const showings = unique(lists.flat()).filter((showing) => within(showing.startsAt, from, to));
      return paginateByRecency('showings', showings, args, (showing) => showing.startsAt, (showing) => showing);
    },
  },
  Showing: {
    id: (showing) => idOfRef('Showing', showing),
    unit: (showing, _args, context, info) => (showing.unit === null ? null : degrade(context, info, null, () => context.directory.byRef(showing.unit!))),
    prospect: (showing, _args, context, info) => (showing.prospect === null ? null : degrade(context, info, null, () => loadProspect(showing.prospect!, context))),
    sources: sourcesOf,
    freshness: freshnessOfRecord,
  },
  Prospect: {
    showings: (prospect, _args, context, info) =>
      degrade(context, info, [], async () => (await context.reads(prospect.vendor)?.showings?.ofProspect(prospect.externalId)) ?? []),
  },
  Unit: {
    showings: async (unit, args, context, info) => {
      checkPaging(args, 'unit-showings');
      return paginateByRecency('unit-showings', await unitShowings(unit, context, info), args, (showing) => showing.startsAt, (showing) => showing);
    },
    showingAvailability: (unit, args, context, info) =>
      degrade(context, info, [], async () => {
        const availabilities = await Promise.all(context.offering('showingAvailability').map(({ vendor, reads }) => loadAll(reads, memberIds(unit, vendor))));
        return showingWindows(availabilities.flat(), isoInput(args.from), isoInput(args.to));
      }),
    showingCalendars: (unit, args, context, info) =>
      degrade(context, info, [], async () => {
        const perVendor = await Promise.all(context.offering('showingAvailability').map(async ({ vendor, reads }) =>
          (await loadAll(reads, memberIds(unit, vendor))).map((availability) => ({
            vendor,
            externalId: availability.unitExternalId,
            method: availability.showingMethod,
            timeZone: availability.timezoneName,
            timeZoneAbbreviation: availability.timezoneAbbreviation,
            unitStatus: availability.unitStatus,
            windows: showingWindows([availability], isoInput(args.from), isoInput(args.to)),
          }))));
        return perVendor.flat();
      }),
  },
  ShowingWindow: {
    // Windows kept before vendors' methods were read have none.
    methods: (window) => window.methods ?? [],
  },
};
