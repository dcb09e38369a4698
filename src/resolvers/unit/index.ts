import type { Resolvers } from '../../generated/resolvers.js';
import { encodeId } from '../../domain/ids.js';
import { VendorError } from '../../errors.js';
import { checkAfter, checkFirst, toConnection } from '../common/connection.js';
import { degrade } from '../common/partial.js';
import { formatAddress } from './merge.js';
import { unitView } from './view.js';
import type { LeaseModel, UnitParent } from '../../domain/models.js';
import type { RentrollLoaders } from '../../loaders/rentroll.js';

/** The leases of a unit's rent-roll records; nearly every unit has one, which needs no merging. */
async function leasesOfMembers(loaders: RentrollLoaders, members: UnitParent['members']): Promise<LeaseModel[]> {
  const ids: string[] = [];
  for (const member of members) if (member.vendor === 'RENTROLL') ids.push(member.externalId);
  if (ids.length === 0) return [];
  if (ids.length === 1) return loaders.leasesByUnit.load(ids[0]!);
  return (await loaders.leasesByUnit.loadMany(ids)).flatMap((result) => {
    if (result instanceof Error) throw result;
    return result;
  });
}

const emptyConnection = { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };

export const unitResolvers: Resolvers = {
  Query: {
    units: async (_root, args, context, info) => {
      const first = checkFirst(args.first);
      const after = checkAfter(args.after, 'units');
      return degrade(context, info, emptyConnection, async () => {
        const page = await context.directory.page({ first, after, filter: args.filter ?? {} });
        return toConnection('units', page.units, page.positions, page.hasNextPage);
      });
    },
  },
  Unit: {
    id: (unit) => encodeId('Unit', unit.key),
    address: async (unit, _args, context, info) => {
      const { fields } = await unitView(unit, context, info);
      if (fields.address === null) {
        // Every vendor that knows this unit failed (reported by unitView) or forgot it since the
        // last sync. Address is required: a null here would null the whole page, so the index's
        // copy stands in, and only a unit the index cannot describe either is an error.
        const indexed = (await context.directory.indexedAddress?.(unit.key)) ?? null;
        if (indexed !== null) return indexed;
        const member = unit.members[0]!;
        throw new VendorError({ code: 'VENDOR_UNAVAILABLE', vendor: member.vendor, message: `no vendor returned an address for this unit (${member.vendor} ${member.externalId})` });
      }
      return fields.address;
    },
    bedrooms: async (unit, _args, context, info) => (await unitView(unit, context, info)).fields.bedrooms,
    bathrooms: async (unit, _args, context, info) => (await unitView(unit, context, info)).fields.bathrooms,
    squareFeet: async (unit, _args, context, info) => (await unitView(unit, context, info)).fields.squareFeet,
    ownerId: async (unit, _args, context, info) => (await unitView(unit, context, info)).fields.ownerId,
    possessionStart: async (unit, _args, context, info) => (await unitView(unit, context, info)).fields.possessionStart,
    possessionEnd: async (unit, _args, context, info) => (await unitView(unit, context, info)).fields.possessionEnd,
    active: async (unit, _args, context, info) => (await unitView(unit, context, info)).fields.active,
    sources: async (unit, _args, context, info) => (await unitView(unit, context, info)).sources,
    leases: (unit, args, context, info) =>
      degrade(context, info, [], async () => {
        const loaders = context.loaders.rentroll;
        if (loaders === null) return [];
        const leases = await leasesOfMembers(loaders, unit.members);
        return args.status === null || args.status === undefined ? leases : leases.filter((lease) => lease.status === args.status);
      }),
    currentLease: (unit, _args, context, info) =>
      degrade(context, info, null, async () => {
        const loaders = context.loaders.rentroll;
        const member = unit.members.find((m) => m.vendor === 'RENTROLL');
        if (loaders === null || member === undefined) return null;
        return (await loaders.leasesByUnit.load(member.externalId)).find((lease) => lease.status === 'CURRENT') ?? null;
      }),
  },
  Address: {
    formatted: (address) => formatAddress(address),
  },
};
