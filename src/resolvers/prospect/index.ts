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
import { checkAfter, checkFirst } from '../common/connection.js';
import { freshnessOfRecord, recordsConnection, storedAtUnitOr, storedListOr, storedOr, storeQuery } from '../common/store-query.js';
import type { PersonQueryFilter } from '../../readmodel/fact-queries.js';
import type { QueryProspectsArgs } from '../../generated/graphql.js';

/** Prospects from the read model (person_facts), newest first: its own cursors ('prospects:stored'). */
const STORED_ORDERING = 'prospects:stored';

async function storedProspects(args: QueryProspectsArgs, context: GatewayContext) {
  const first = checkFirst(args.first);
  const after = checkAfter(args.after, STORED_ORDERING);
  const input = args.filter ?? {};
  const filter: PersonQueryFilter = {
    vendor: input.vendor, search: input.search, email: input.email, stages: input.stages,
    createdAfter: isoInput(input.createdAfter), createdBefore: isoInput(input.createdBefore),
  };
  const { prospects } = context.readModel.queries;
  const page = await storeQuery(() => prospects.page({ first, after, filter }));
  return recordsConnection<ProspectModel>(context, 'PROSPECT', STORED_ORDERING, page, () => prospects.count(filter));
}

/** Whether a prospects query asks for what only the read model answers (search, email, stages). */
function asksStore(args: QueryProspectsArgs): boolean {
  const filter = args.filter ?? {};
  return [filter.search, filter.email, filter.stages].some((value) => value !== null && value !== undefined);
}

/**
 * Prospects from every vendor that has them, in one list newest first (recency.ts). Each
 * vendor is read once per request, whatever the page size, and each is degraded on its
 * own: a vendor that fails leaves its prospects out and says so in errors[], the others'
 * still come. A vendor that cannot filter by window or by unit reads its whole list
 * (kept across requests where it allows) and the list is filtered here.
 */

async function unitProspects(unit: UnitParent, context: GatewayContext, info: GraphQLResolveInfo): Promise<ProspectModel[]> {
  const lists = await Promise.all(context.offering('prospects').map(({ vendor, reads }) =>
    degrade(context, info, [], () => storedAtUnitOr(context, 'PROSPECT', vendor, unit.members.filter((member) => member.vendor === vendor),
      async () => (await loadAll(reads.byUnit, memberIds(unit, vendor))).flat()))));
  return unique(lists.flat());
}

/** A prospect by its vendor record; null for a vendor without prospects or one not connected. */
export async function loadProspect(ref: SourceRef, context: GatewayContext): Promise<ProspectModel | null> {
  const prospects = context.reads(ref.vendor)?.prospects;
  if (prospects === undefined) return null;
  const found = await storedOr(context, 'PROSPECT', ref, () => prospects.byId.load(ref.externalId));
  const prefix = prospects.formerIdPrefix?.(ref.externalId) ?? null;
  if (found !== null || prefix === null || !(await context.readModel.holds(ref.vendor))) return found;
  // An id of the vendor's older scheme names the newest of the stored prospects it now stands for, as the live read does.
  const named = await context.readModel.queries.records.withIdPrefix<ProspectModel>('PROSPECT', ref.vendor, prefix);
  if (named.length > 0) context.readModel.served(ref.vendor);
  return named.map((record) => record.model).reduce<ProspectModel | null>((newest, prospect) => (newest === null || (prospect.createdAt ?? '') > (newest.createdAt ?? '') ? prospect : newest), null);
}

registerNodeLookup('Prospect', (key, context) => loadProspect(parseRefKey(key), context));

export const prospectResolvers: Resolvers = {
  Query: {
    prospects: async (_root, args, context, info) => {
      if (asksStore(args)) return storedProspects(args, context);
      return storedListOr(context, info, 'prospects', () => storedProspects(args, context), async (join) => {
        checkPaging(args, 'prospects');
        const filter = args.filter ?? {};
        const createdAfter = isoInput(filter.createdAfter);
        const createdBefore = isoInput(filter.createdBefore);
        const window: ProspectWindow = { ...(createdAfter !== null && { createdAfter }), ...(createdBefore !== null && { createdBefore }) };
        const sources = context.offering('prospects').filter(({ vendor }) => filter.vendor === null || filter.vendor === undefined || filter.vendor === vendor);
        const prospects = unique(await join(sources.map(({ reads }) => () => reads.list(window)))).filter((prospect) => within(prospect.createdAt, createdAfter, createdBefore));
        return paginateByRecency('prospects', prospects, args, (prospect) => prospect.createdAt, (prospect) => prospect);
      });
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
    freshness: freshnessOfRecord,
  },
  Unit: {
    prospects: async (unit, args, context, info) => {
      checkPaging(args, 'unit-prospects');
      return paginateByRecency('unit-prospects', await unitProspects(unit, context, info), args, (prospect) => prospect.createdAt, (prospect) => prospect);
    },
  },
};
