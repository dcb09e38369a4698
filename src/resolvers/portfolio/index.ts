import type { GatewayContext } from '../../context.js';
import { decodeIdOf, idOfRef, InvalidIdError } from '../../domain/ids.js';
import type { FloorplanModel, MultifamilyPropertyModel, PrescreeningTemplateModel, SubteamModel } from '../../domain/models.js';
import { badInput } from '../../errors.js';
import type { Resolvers } from '../../generated/resolvers.js';
import type { RentengineLoaders } from '../../loaders/rentengine.js';
import { paginateList } from '../common/connection.js';
import { degrade } from '../common/partial.js';
import { checkPaging, emptyConnection, externalIdOf, sourcesOf } from '../common/records.js';
import { registerNodeLookup } from '../node-lookup.js';

/**
 * RentEngine's portfolio objects: multifamily properties and their floorplans, subteams
 * and prescreening templates. Lists are whole-list reads paged here in id order;
 * a page's floorplans go out in one `multifamily_property_ids` read.
 */

type Lookup<T> = (loaders: RentengineLoaders, id: string) => Promise<T | null>;

/** A node lookup for a RentEngine-owned type: null for another vendor's key or when RentEngine is not configured. */
function rentengineLookup<T>(lookup: Lookup<T>) {
  return async (key: string, context: GatewayContext): Promise<T | null> => {
    const id = externalIdOf(key, 'RENTENGINE');
    return id === null || context.loaders.rentengine === null ? null : lookup(context.loaders.rentengine, id);
  };
}

registerNodeLookup('MultifamilyProperty', rentengineLookup((loaders, id) => loaders.multifamilyPropertyById.load(id)));
registerNodeLookup('Floorplan', rentengineLookup((loaders, id) => loaders.floorplanById.load(id)));
registerNodeLookup('Subteam', rentengineLookup((loaders, id) => loaders.subteamById.load(id)));
registerNodeLookup('PrescreeningTemplate', rentengineLookup((loaders, id) => loaders.prescreeningTemplateById.load(id)));

/** The RentEngine id of a MultifamilyProperty global id. */
function propertyIdOf(id: string): string | null {
  try {
    return externalIdOf(decodeIdOf(id, 'MultifamilyProperty').key, 'RENTENGINE');
  } catch (error) {
    if (error instanceof InvalidIdError) throw badInput(error.message, 'propertyId');
    throw error;
  }
}

export const portfolioResolvers: Resolvers = {
  Query: {
    multifamilyProperties: async (_root, args, context, info) => {
      checkPaging(args, 'multifamily-properties');
      return degrade(context, info, emptyConnection<MultifamilyPropertyModel>(), async () => {
        const all = context.loaders.rentengine === null ? [] : await context.loaders.rentengine.allMultifamilyProperties();
        return paginateList('multifamily-properties', all, args, (property) => property.externalId);
      });
    },
    floorplans: async (_root, args, context, info) => {
      checkPaging(args, 'floorplans');
      const propertyId = args.propertyId === null || args.propertyId === undefined ? undefined : propertyIdOf(args.propertyId);
      return degrade(context, info, emptyConnection<FloorplanModel>(), async () => {
        const loaders = context.loaders.rentengine;
        if (loaders === null || propertyId === null) return emptyConnection<FloorplanModel>();
        const floorplans = propertyId === undefined ? await loaders.allFloorplans() : await loaders.floorplansByProperty.load(propertyId);
        return paginateList('floorplans', floorplans, args, (floorplan) => floorplan.externalId);
      });
    },
    subteams: async (_root, args, context, info) => {
      checkPaging(args, 'subteams');
      return degrade(context, info, emptyConnection<SubteamModel>(), async () => {
        const all = context.loaders.rentengine === null ? [] : await context.loaders.rentengine.allSubteams();
        return paginateList('subteams', all, args, (subteam) => subteam.externalId);
      });
    },
    prescreeningTemplates: async (_root, args, context, info) => {
      checkPaging(args, 'prescreening-templates');
      return degrade(context, info, emptyConnection<PrescreeningTemplateModel>(), async () => {
        const all = context.loaders.rentengine === null ? [] : await context.loaders.rentengine.allPrescreeningTemplates();
        return paginateList('prescreening-templates', all, args, (template) => template.externalId);
      });
    },
  },
  MultifamilyProperty: {
    id: (property) => idOfRef('MultifamilyProperty', property),
    externalIds: (property) => property.externalIds ?? null,
    floorplans: (property, _args, context, info) =>
      degrade(context, info, [], async () => (context.loaders.rentengine === null ? [] : context.loaders.rentengine.floorplansByProperty.load(property.externalId))),
    sources: sourcesOf,
  },
  Floorplan: {
    id: (floorplan) => idOfRef('Floorplan', floorplan),
    property: (floorplan, _args, context, info) =>
      degrade(context, info, null, async () =>
        floorplan.propertyExternalId === null || context.loaders.rentengine === null
          ? null
          : context.loaders.rentengine.multifamilyPropertyById.load(floorplan.propertyExternalId),
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
