import type { Resolvers } from '../../generated/resolvers.js';
import { encodeId } from '../../domain/ids.js';
import { VendorError } from '../../errors.js';
import { checkAfter, checkFirst, toConnection } from '../common/connection.js';
import { degrade } from '../common/partial.js';
import { formatAddress } from './address.js';
import type { LeaseModel, UnitParent } from '../../domain/models.js';
import { loadAll } from '../../ports/batching.js';
import type { GatewayContext } from '../../request/scope.js';

/** A unit's leases: those of each of its records at every vendor that keeps leases. Nearly every unit has one such record. */
async function leasesOfMembers(context: GatewayContext, members: UnitParent['members']): Promise<LeaseModel[]> {
  const leases: LeaseModel[] = [];
  for (const { vendor, reads } of context.offering('leases')) {
    const ids = members.filter((member) => member.vendor === vendor).map((member) => member.externalId);
    if (ids.length === 1) leases.push(...(await reads.leasesByUnit.load(ids[0]!)));
    else if (ids.length > 1) leases.push(...(await loadAll(reads.leasesByUnit, ids)).flat());
  }
  return leases;
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
      const { fields } = await context.unitView(unit, info);
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
    bedrooms: async (unit, _args, context, info) => (await context.unitView(unit, info)).fields.bedrooms,
    bathrooms: async (unit, _args, context, info) => (await context.unitView(unit, info)).fields.bathrooms,
    squareFeet: async (unit, _args, context, info) => (await context.unitView(unit, info)).fields.squareFeet,
    ownerId: async (unit, _args, context, info) => (await context.unitView(unit, info)).fields.ownerId,
    possessionStart: async (unit, _args, context, info) => (await context.unitView(unit, info)).fields.possessionStart,
    possessionEnd: async (unit, _args, context, info) => (await context.unitView(unit, info)).fields.possessionEnd,
    active: async (unit, _args, context, info) => (await context.unitView(unit, info)).fields.active,
    sources: async (unit, _args, context, info) => (await context.unitView(unit, info)).sources,
    leases: (unit, args, context, info) =>
      degrade(context, info, [], async () => {
        const leases = await leasesOfMembers(context, unit.members);
        return args.status === null || args.status === undefined ? leases : leases.filter((lease) => lease.status === args.status);
      }),
    currentLease: (unit, _args, context, info) =>
      degrade(context, info, null, async () => {
        // The first record (in precedence) at a vendor that keeps leases.
        for (const member of unit.members) {
          const leases = context.reads(member.vendor)?.leases;
          if (leases !== undefined) return (await leases.leasesByUnit.load(member.externalId)).find((lease) => lease.status === 'CURRENT') ?? null;
        }
        return null;
      }),
  },
  Address: {
    formatted: (address) => formatAddress(address),
  },
};
