import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../context.js';
import { idOfRef, parseRefKey } from '../../domain/ids.js';
import type { ShowingModel, UnitParent } from '../../domain/models.js';
import type { Vendor } from '../../domain/vendor.js';
import { rentengineShowingById, rentengineShowings, showingsOfProspect, showingsOfUnit } from '../../events/queries.js';
import type { Resolvers } from '../../generated/resolvers.js';
import { degrade } from '../common/partial.js';
import { paginateByRecency, within } from '../common/recency.js';
import { checkPaging, isoInput, memberIds, settled, sourcesOf, unique } from '../common/records.js';
import { registerNodeLookup } from '../node-lookup.js';
import { loadProspect } from '../prospect/index.js';
import { showingWindows } from './availability.js';

/**
 * Showings from Leasey's showings report and from RentEngine, which has no showing to
 * read: its showings are the "Showing Scheduled" leasing events its webhooks delivered
 * to the event log (events/queries.ts), so they cover the log's retention. Lists run
 * newest first (recency.ts) by start time. A vendor that is not configured has none.
 */

const SHOWING_VENDORS = ['RENTENGINE', 'LEASEY'] as const satisfies readonly Vendor[];

async function showingsOf(vendor: (typeof SHOWING_VENDORS)[number], context: GatewayContext): Promise<ShowingModel[]> {
  switch (vendor) {
    case 'RENTENGINE':
      return context.services.vendors.rentengine === null ? [] : rentengineShowings(context.services.events.log);
    case 'LEASEY':
      return context.loaders.leaseyPeople === null ? [] : context.loaders.leaseyPeople.allShowings();
    default: {
      const unreachable: never = vendor;
      throw new Error(`no showing source for ${String(unreachable)}`);
    }
  }
}

async function unitShowings(unit: UnitParent, context: GatewayContext, info: GraphQLResolveInfo): Promise<ShowingModel[]> {
  const { leaseyPeople } = context.loaders;
  const rentengineUnits = unit.members.filter((member) => member.vendor === 'RENTENGINE');
  const fromRentengine = context.services.vendors.rentengine === null || rentengineUnits.length === 0 ? [] : await showingsOfUnit(context.services.events.log, rentengineUnits);
  const fromLeasey = await degrade(context, info, [], async () =>
    leaseyPeople === null ? [] : settled(await leaseyPeople.showingsByProperty.loadMany(memberIds(unit, 'LEASEY'))).flat(),
  );
  return unique([...fromRentengine, ...fromLeasey]);
}

registerNodeLookup('Showing', async (key, context) => {
  const ref = parseRefKey(key);
  switch (ref.vendor) {
    case 'RENTENGINE':
      return context.services.vendors.rentengine === null ? null : rentengineShowingById(context.services.events.log, ref.externalId);
    case 'LEASEY':
      return context.loaders.leaseyPeople === null ? null : context.loaders.leaseyPeople.showingById.load(ref.externalId);
    default:
      return null;
  }
});

export const showingResolvers: Resolvers = {
  Query: {
    showings: async (_root, args, context, info) => {
      checkPaging(args, 'showings');
      const filter = args.filter ?? {};
      const from = isoInput(filter.from);
      const to = isoInput(filter.to);
      const vendors = SHOWING_VENDORS.filter((vendor) => filter.vendor === null || filter.vendor === undefined || filter.vendor === vendor);
      const lists = await Promise.all(vendors.map((vendor) => degrade(context, info, [], () => showingsOf(vendor, context))));
      const showings = unique(lists.flat()).filter((showing) => within(showing.startsAt, from, to));
      return paginateByRecency('showings', showings, args, (showing) => showing.startsAt, (showing) => showing);
    },
  },
  Showing: {
    id: (showing) => idOfRef('Showing', showing),
    unit: (showing, _args, context, info) => (showing.unit === null ? null : degrade(context, info, null, () => context.directory.byRef(showing.unit!))),
    prospect: (showing, _args, context, info) => (showing.prospect === null ? null : degrade(context, info, null, () => loadProspect(showing.prospect!, context))),
    sources: sourcesOf,
  },
  Prospect: {
    showings: (prospect, _args, context, info) =>
      degrade(context, info, [], async () => {
        switch (prospect.vendor) {
          case 'RENTENGINE':
            return showingsOfProspect(context.services.events.log, prospect);
          case 'LEASEY':
            return context.loaders.leaseyPeople === null ? [] : context.loaders.leaseyPeople.showingsByPerson.load(prospect.externalId);
          default:
            return [];
        }
      }),
  },
  Unit: {
    showings: async (unit, args, context, info) => {
      checkPaging(args, 'unit-showings');
      return paginateByRecency('unit-showings', await unitShowings(unit, context, info), args, (showing) => showing.startsAt, (showing) => showing);
    },
    showingAvailability: (unit, args, context, info) =>
      degrade(context, info, [], async () => {
        const loaders = context.loaders.rentengine;
        if (loaders === null) return [];
        const availabilities = settled(await loaders.availabilityByUnit.loadMany(memberIds(unit, 'RENTENGINE')));
        return showingWindows(availabilities, isoInput(args.from), isoInput(args.to));
      }),
  },
};
