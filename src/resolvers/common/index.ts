import { DateResolver, JSONResolver } from 'graphql-scalars';
import type { EntityType } from '../../generated/graphql.js';
import type { Resolvers } from '../../generated/resolvers.js';
import { decodeId, InvalidIdError, refKey } from '../../domain/ids.js';
import type { NodeModel, NodeTypeName } from '../../domain/models.js';
import { badInput } from '../../errors.js';
import type { GatewayContext } from '../../request/scope.js';
import { nodeLookupFor } from '../node-lookup.js';
import { degrade } from './partial.js';
import { DateTimeScalar } from './scalars.js';
import type { GraphQLResolveInfo } from 'graphql';
import { totalCountOf } from './connection.js';

const TYPE_OF_ENTITY: Record<EntityType, NodeTypeName> = {
  UNIT: 'Unit', LEASE: 'Lease', TENANT: 'Tenant', LOCKBOX: 'Lockbox', LOCKBOX_EVENT: 'LockboxEvent', PROSPECT: 'Prospect',
  SHOWING: 'Showing', LEASING_EVENT: 'LeasingEvent', LISTING: 'Listing', PROTOCOL: 'Protocol',
  MULTIFAMILY_PROPERTY: 'MultifamilyProperty', FLOORPLAN: 'Floorplan', SUBTEAM: 'Subteam', PRESCREENING_TEMPLATE: 'PrescreeningTemplate',
};

async function resolveNode(id: string, context: GatewayContext, info: GraphQLResolveInfo): Promise<NodeModel | null> {
  let decoded;
  try {
    decoded = decodeId(id);
  } catch (error) {
    if (error instanceof InvalidIdError) throw badInput(error.message, 'id');
    throw error;
  }
  const lookup = nodeLookupFor(decoded.type);
  if (lookup === undefined) return null;
  try {
    return await degrade(context, info, null, () => lookup(decoded.key, context));
  } catch (error) {
    if (error instanceof InvalidIdError) throw badInput(error.message, 'id');
    throw error;
  }
}

export const commonResolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Date: DateResolver,
  JSON: JSONResolver,
  Query: {
    node: (_root, args, context, info) => resolveNode(args.id, context, info),
    nodes: async (_root, args, context, info) => {
      if (args.ids.length > 500) throw badInput(`nodes takes at most 500 ids, got ${args.ids.length}`, 'ids');
      return Promise.all(args.ids.map((id) => resolveNode(id, context, info)));
    },
    nodeBySource: async (_root, args, context, info) => {
      const ref = { vendor: args.vendor, externalId: args.externalId };
      if (args.type === 'UNIT') return degrade(context, info, null, () => context.directory.byRef(ref));
      const lookup = nodeLookupFor(TYPE_OF_ENTITY[args.type]);
      return lookup === undefined ? null : degrade(context, info, null, () => lookup(refKey(ref), context));
    },
    vendors: (_root, _args, context) => context.vendorStatus(),
  },
  SourceRecord: {
    raw: (record) => record.raw ?? null,
    syncedAt: async (record, _args, context) => {
      const at = await context.readModel.syncedAt(record);
      return at === null ? null : new Date(at).toISOString();
    },
  },
  VendorStatus: {
    lastSyncAt: async (status, _args, context) => {
      const at = (await context.readModel.vendorRefresh()).get(status.vendor)?.lastFullSyncAt ?? null;
      return at === null ? null : new Date(at).toISOString();
    },
    records: async (status, _args, context) => (await context.readModel.countsByVendor()).get(status.vendor) ?? 0,
  },
  UnitConnection: { totalCount: totalCountOf },
  LeaseConnection: { totalCount: totalCountOf },
  TenantConnection: { totalCount: totalCountOf },
  ProspectConnection: { totalCount: totalCountOf },
  ShowingConnection: { totalCount: totalCountOf },
  LockboxConnection: { totalCount: totalCountOf },
  LockboxEventConnection: { totalCount: totalCountOf },
  ListingConnection: { totalCount: totalCountOf },
  ProtocolConnection: { totalCount: totalCountOf },
  LeasingEventConnection: { totalCount: totalCountOf },
};
