import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../request/scope.js';
import { idOfRef, parseRefKey } from '../../domain/ids.js';
import type { ProspectModel, SourceRef, UnitParent } from '../../domain/models.js';
import type { Resolvers } from '../../generated/resolvers.js';
import { loadAll } from '../../ports/batching.js';
import type { ProspectWindow } from '../../ports/reads.js';
import { degrade } from '../common/partial.js';
import { paginateByRecency, within } from '../common/recency.js';
import { checkPaging, isoInput, memberIds, sourcesOf, unique } from '../common/records.js';
import { registerNodeLookup } from '../node-lookup.js';

/**
 * Prospects from every vendor that has them, in one list newest first (recency.ts). Each
 * vendor is read once per request, whatever the page size, and each is degraded on its
 * own: a vendor that fails leaves its prospects out and says so in errors[], the others'
 * still come. A vendor that cannot filter by window or by unit reads its whole list
 * (kept across requests where it allows) and the list is filtered here.
 */

async function unitProspects(unit: UnitParent, context: GatewayContext, info: GraphQLResolveInfo): Promise<ProspectModel[]> {
  const lists = await Promise.all(context.offering('prospects').map(({ vendor, reads }) =>
    degrade(context, info, [], async () => (await loadAll(reads.byUnit, memberIds(unit, vendor))).flat())));
  return unique(lists.flat());
}

/** A prospect by its vendor record; null for a vendor without prospects or one not connected. */
export async function loadProspect(ref: SourceRef, context: GatewayContext): Promise<ProspectModel | null> {
  const prospects = context.reads(ref.vendor)?.prospects;
  return prospects === undefined ? null : prospects.byId.load(ref.externalId);
}

registerNodeLookup('Prospect', (key, context) => loadProspect(parseRefKey(key), context));

export const prospectResolvers: Resolvers = {
  Query: {
    prospects: async (_root, args, context, info) => {
      checkPaging(args, 'prospects');
      const filter = args.filter ?? {};
      const createdAfter = isoInput(filter.createdAfter);
      const createdBefore = isoInput(filter.createdBefore);
      const window: ProspectWindow = { ...(createdAfter !== null && { createdAfter }), ...(createdBefore !== null && { createdBefore }) };
      const sources = context.offering('prospects').filter(({ vendor }) => filter.vendor === null || filter.vendor === undefined || filter.vendor === vendor);
      const lists = await Promise.all(sources.map(({ reads }) => degrade(context, info, [], () => reads.list(window))));
      const prospects = unique(lists.flat()).filter((prospect) => within(prospect.createdAt, createdAfter, createdBefore));
      return paginateByRecency('prospects', prospects, args, (prospect) => prospect.createdAt, (prospect) => prospect);
    },
  },
  Prospect: {
    id: (prospect) => idOfRef('Prospect', prospect),
    unitOfInterest: (prospect, _args, context, info) =>
      prospect.unitOfInterest === null ? null : degrade(context, info, null, () => context.directory.byRef(prospect.unitOfInterest!)),
    leasingEvents: (prospect, _args, context) => context.gateway.leasingEvents.ofProspect(prospect),
    sources: sourcesOf,
    application: (prospect) => prospect.application ?? null,
    note: (prospect) => prospect.note ?? null,
  },
  Unit: {
    prospects: async (unit, args, context, info) => {
      checkPaging(args, 'unit-prospects');
      return paginateByRecency('unit-prospects', await unitProspects(unit, context, info), args, (prospect) => prospect.createdAt, (prospect) => prospect);
    },
  },
};
