import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../context.js';
import { idOfRef, parseRefKey } from '../../domain/ids.js';
import type { ProspectModel, SourceRef, UnitParent } from '../../domain/models.js';
import type { Vendor } from '../../domain/vendor.js';
import { leasingEventsOfProspect } from '../../events/queries.js';
import type { Resolvers } from '../../generated/resolvers.js';
import type { ProspectFilter as VendorWindow } from '../../vendors/rentengine/client.js';
import { degrade } from '../common/partial.js';
import { paginateByRecency, within } from '../common/recency.js';
import { checkPaging, isoInput, memberIds, settled, sourcesOf, unique } from '../common/records.js';
import { registerNodeLookup } from '../node-lookup.js';

/**
 * Prospects from RentEngine (GET /prospects) and Leasey (its leads), in one list newest
 * first (recency.ts). Each vendor is read once per request, whatever the page size, and
 * each is degraded on its own: a vendor that fails leaves its prospects out and says so
 * in errors[], the other vendor's still come.
 *
 * RentEngine cannot filter prospects by unit, so a unit's prospects come from the whole
 * list grouped by unit_of_interest (cached across requests, see loaders/rentengine.ts);
 * Leasey leads are grouped by the Property_ID they name.
 */

const PROSPECT_VENDORS = ['RENTENGINE', 'LEASEY'] as const satisfies readonly Vendor[];

async function prospectsOf(vendor: (typeof PROSPECT_VENDORS)[number], window: VendorWindow, context: GatewayContext): Promise<ProspectModel[]> {
  switch (vendor) {
    case 'RENTENGINE':
      return context.loaders.rentengine === null ? [] : context.loaders.rentengine.prospects(window);
    case 'LEASEY':
      // The lead list is read whole and filtered here, so one cached read serves every window.
      return context.loaders.leaseyPeople === null ? [] : context.loaders.leaseyPeople.allLeads();
    default: {
      const unreachable: never = vendor;
      throw new Error(`no prospect source for ${String(unreachable)}`);
    }
  }
}

async function unitProspects(unit: UnitParent, context: GatewayContext, info: GraphQLResolveInfo): Promise<ProspectModel[]> {
  const { rentengine, leaseyPeople } = context.loaders;
  const [fromRentengine, fromLeasey] = await Promise.all([
    degrade(context, info, [], async () => (rentengine === null ? [] : settled(await rentengine.prospectsByUnit.loadMany(memberIds(unit, 'RENTENGINE'))).flat())),
    degrade(context, info, [], async () => (leaseyPeople === null ? [] : settled(await leaseyPeople.leadsByProperty.loadMany(memberIds(unit, 'LEASEY'))).flat())),
  ]);
  return unique([...fromRentengine, ...fromLeasey]);
}

/** A prospect by its vendor record; null for a vendor without prospects or one not configured. */
export async function loadProspect(ref: SourceRef, context: GatewayContext): Promise<ProspectModel | null> {
  switch (ref.vendor) {
    case 'RENTENGINE':
      return context.loaders.rentengine === null ? null : context.loaders.rentengine.prospectById.load(ref.externalId);
    case 'LEASEY':
      return context.loaders.leaseyPeople === null ? null : context.loaders.leaseyPeople.leadById.load(ref.externalId);
    default:
      return null;
  }
}

registerNodeLookup('Prospect', (key, context) => loadProspect(parseRefKey(key), context));

export const prospectResolvers: Resolvers = {
  Query: {
    prospects: async (_root, args, context, info) => {
      checkPaging(args, 'prospects');
      const filter = args.filter ?? {};
      const createdAfter = isoInput(filter.createdAfter);
      const createdBefore = isoInput(filter.createdBefore);
      const window: VendorWindow = { ...(createdAfter !== null && { createdAfter }), ...(createdBefore !== null && { createdBefore }) };
      const vendors = PROSPECT_VENDORS.filter((vendor) => filter.vendor === null || filter.vendor === undefined || filter.vendor === vendor);
      const lists = await Promise.all(vendors.map((vendor) => degrade(context, info, [], () => prospectsOf(vendor, window, context))));
      const prospects = unique(lists.flat()).filter((prospect) => within(prospect.createdAt, createdAfter, createdBefore));
      return paginateByRecency('prospects', prospects, args, (prospect) => prospect.createdAt, (prospect) => prospect);
    },
  },
  Prospect: {
    id: (prospect) => idOfRef('Prospect', prospect),
    unitOfInterest: (prospect, _args, context, info) =>
      prospect.unitOfInterest === null ? null : degrade(context, info, null, () => context.directory.byRef(prospect.unitOfInterest!)),
    leasingEvents: (prospect, _args, context) => leasingEventsOfProspect(context.services.events.log, prospect),
    sources: sourcesOf,
  },
  Unit: {
    prospects: async (unit, args, context, info) => {
      checkPaging(args, 'unit-prospects');
      return paginateByRecency('unit-prospects', await unitProspects(unit, context, info), args, (prospect) => prospect.createdAt, (prospect) => prospect);
    },
  },
};
