import type { GatewayContext } from '../../request/scope.js';
import { decodeIdOf, idOfRef, InvalidIdError, parseRefKey } from '../../domain/ids.js';
import type { FloorplanModel, MultifamilyPropertyModel, PrescreeningTemplateModel, SourceRef, SubteamModel } from '../../domain/models.js';
import type { PortfolioReads } from '../../ports/reads.js';
import { badInput } from '../../errors.js';
import type { Resolvers } from '../../generated/resolvers.js';
import { paginateList } from '../common/connection.js';
import { degrade } from '../common/partial.js';
import { checkPaging, emptyConnection, sourcesOf } from '../common/records.js';
import { registerNodeLookup } from '../node-lookup.js';

/**
 * Portfolio objects, from every vendor that keeps them: multifamily properties and their
 * floorplans, subteams and prescreening templates. Lists are whole-list reads paged here
 * in id order; a page's floorplans go out in one batched read.
 */

type Lookup<T> = (reads: PortfolioReads, id: string) => Promise<T | null>;

/** A node lookup for a portfolio type: null for a key of a vendor that keeps no portfolio here. */
function portfolioLookup<T>(lookup: Lookup<T>) {
  return async (key: string, context: GatewayContext): Promise<T | null> => {
    const ref = parseRefKey(key);
    const reads = context.reads(ref.vendor)?.portfolio;
    return reads === undefined ? null : lookup(reads, ref.externalId);
  };
}

registerNodeLookup('MultifamilyProperty', portfolioLookup((reads, id) => reads.multifamilyPropertyById.load(id)));
registerNodeLookup('Floorplan', portfolioLookup((reads, id) => reads.floorplanById.load(id)));
registerNodeLookup('Subteam', portfolioLookup((reads, id) => reads.subteamById.load(id)));
registerNodeLookup('PrescreeningTemplate', portfolioLookup((reads, id) => reads.prescreeningTemplateById.load(id)));

/** The vendor record a MultifamilyProperty global id names. */
function propertyRefOf(id: string): SourceRef {
  try {
    return parseRefKey(decodeIdOf(id, 'MultifamilyProperty').key);
  } catch (error) {
    if (error instanceof InvalidIdError) throw badInput(error.message, 'propertyId');
    throw error;
  }
}

/** Every portfolio vendor's whole list of one kind. */
async function allOf<T>(context: GatewayContext, read: (reads: PortfolioReads) => Promise<T[]>): Promise<T[]> {
  return (await Promise.all(context.offering('portfolio').map(({ reads }) => read(reads)))).flat();
}

export const portfolioResolvers: Resolvers = {
  Query: {
    multifamilyProperties: async (_root, args, context, info) => {
      checkPaging(args, 'multifamily-properties');
      return degrade(context, info, emptyConnection<MultifamilyPropertyModel>(), async () => {
        const all = await allOf(context, (reads) => reads.allMultifamilyProperties());
        return paginateList('multifamily-properties', all, args, (property) => property.externalId);
      });
    },
    floorplans: async (_root, args, context, info) => {
      checkPaging(args, 'floorplans');
      const property = args.propertyId === null || args.propertyId === undefined ? null : propertyRefOf(args.propertyId);
      return degrade(context, info, emptyConnection<FloorplanModel>(), async () => {
        let floorplans: FloorplanModel[];
        if (property === null) floorplans = await allOf(context, (reads) => reads.allFloorplans());
        else floorplans = (await context.reads(property.vendor)?.portfolio?.floorplansByProperty.load(property.externalId)) ?? [];
        return paginateList('floorplans', floorplans, args, (floorplan) => floorplan.externalId);
      });
    },
    subteams: async (_root, args, context, info) => {
      checkPaging(args, 'subteams');
      return degrade(context, info, emptyConnection<SubteamModel>(), async () => {
        const all = await allOf(context, (reads) => reads.allSubteams());
        return paginateList('subteams', all, args, (subteam) => subteam.externalId);
      });
    },
    prescreeningTemplates: async (_root, args, context, info) => {
      checkPaging(args, 'prescreening-templates');
      return degrade(context, info, emptyConnection<PrescreeningTemplateModel>(), async () => {
        const all = await allOf(context, (reads) => reads.allPrescreeningTemplates());
        return paginateList('prescreening-templates', all, args, (template) => template.externalId);
      });
    },
  },
  MultifamilyProperty: {
    id: (property) => idOfRef('MultifamilyProperty', property),
    externalIds: (property) => property.externalIds ?? null,
    floorplans: (property, _args, context, info) =>
      degrade(context, info, [], async () => (await context.reads(property.vendor)?.portfolio?.floorplansByProperty.load(property.externalId)) ?? []),
    sources: sourcesOf,
  },
  Floorplan: {
    id: (floorplan) => idOfRef('Floorplan', floorplan),
    property: (floorplan, _args, context, info) =>
      degrade(context, info, null, async () =>
        floorplan.propertyExternalId === null
          ? null
          : (await context.reads(floorplan.vendor)?.portfolio?.multifamilyPropertyById.load(floorplan.propertyExternalId)) ?? null,
      ),
    sources: sourcesOf,
  },
  Subteam: {
    id: (subteam) => idOfRef('Subteam', subteam),
    sources: sourcesOf,
  },
  PrescreeningTemplate: {
    id: (template) => idOfRef('PrescreeningTemplate', template),
    rules: (template) => template.rules ?? null,
    questions: (template) => template.questions ?? null,
    sources: sourcesOf,
  },
};
