import type { Resolvers } from '../../generated/resolvers.js';
import { encodeId, refKey } from '../../domain/ids.js';
import { leaseStatusShown } from '../common/lease-status.js';
import { VendorError } from '../../errors.js';
import { checkAfter, checkFirst, toConnection } from '../common/connection.js';
import { degrade } from '../common/partial.js';
import { formatAddress } from './address.js';
import type { LeaseModel, UnitParent } from '../../domain/models.js';
import type { GatewayContext } from '../../request/scope.js';
import type { QueryUnitsArgs, UnitFilter } from '../../generated/graphql.js';
import type { UnitDirectory } from '../../ports/directory.js';
import { orderingOf } from '../../readmodel/unit-query.js';
import { monthlyRent } from '../../readmodel/unit-facts.js';
import { emptyConnection } from '../common/records.js';
import { vendorRank } from '../../domain/vendor.js';
import { storeQuery } from '../common/store-query.js';
import { listingByRef } from '../listing/read.js';
import { unitLeasingEvents } from '../events/history.js';

/** Whether a units query asks for what only the read model answers (an order, or filters on the units' facts). */
function asksFacts(args: QueryUnitsArgs): boolean {
  const filter: UnitFilter = args.filter ?? {};
  const given = (value: unknown) => value !== null && value !== undefined;
  return (args.orderBy ?? []).length > 0 ||
    [filter.search, filter.country, filter.bedroomsMin, filter.bedroomsMax, filter.occupied, filter.listed, filter.rentMin, filter.rentMax].some(given);
}

/** The identity index's directory, waiting for its first sync when there is none yet (as writes do). */
async function indexDirectory(context: GatewayContext): Promise<UnitDirectory> {
  await context.gateway.identity.ready();
  context.refreshDirectory();
  return context.directory;
}

/** The units filter's count over all pages, in the index (the directory's pages are the index's, in the same order). */
const countUnits = (context: GatewayContext, filter: UnitFilter) => async () => {
  await indexDirectory(context);
  return storeQuery(() => context.readModel.queries.units.count(filter));
};

/** Units ordered or filtered on their facts: a page of keys from the read model, then their records from the index. */
async function unitsByFacts(args: QueryUnitsArgs, context: GatewayContext) {
  const orderBy = (args.orderBy ?? []).map((order) => ({ field: order.field, direction: order.direction ?? 'ASC' }));
  const ordering = orderingOf(orderBy);
  const first = checkFirst(args.first);
  const after = checkAfter(args.after, ordering);
  const filter = args.filter ?? {};
  const directory = await indexDirectory(context);
  const page = await storeQuery(() => context.readModel.queries.units.page({ first, after, filter, orderBy }));
  const found = directory.byKeys === undefined
    ? (await Promise.all(page.unitKeys.map((key) => directory.byKey(key)))).filter((unit): unit is UnitParent => unit !== null)
    : await directory.byKeys(page.unitKeys);
  const units = new Map(found.map((unit) => [unit.key, unit]));
  const present = page.unitKeys.flatMap((key, i) => (units.has(key) ? [{ unit: units.get(key)!, position: page.positions[i]! }] : []));
  const connection = toConnection(ordering, present.map((item) => item.unit), present.map((item) => item.position), page.hasNextPage);
  return { ...connection, totalCount: countUnits(context, filter) };
}

/** Whether the unit has a CURRENT lease, read from its vendors that keep leases; null when none of them knows it. */
async function occupiedLive(unit: UnitParent, context: GatewayContext): Promise<boolean | null> {
  const keeping = context.offering('leases').filter(({ vendor }) => unit.members.some((member) => member.vendor === vendor));
  if (keeping.length === 0) return null;
  const now = new Date();
  return (await leasesOfMembers(context, unit.members)).some((lease) => leaseStatusShown(context, lease, now) === 'CURRENT');
}

/** The leases of one record of a vendor that keeps leases: from the store when it holds that vendor's records, else from the vendor. */
async function leasesOfRecord(context: GatewayContext, reads: { leasesByUnit: { load(id: string): Promise<LeaseModel[]> } }, member: UnitParent['members'][number]): Promise<LeaseModel[]> {
  return context.readModel.storedOrLive(
    member.vendor,
    async () => (await context.readModel.byUnitRef<LeaseModel>('LEASE', refKey(member))).map((record) => record.model),
    () => reads.leasesByUnit.load(member.externalId),
  );
}

/** A unit's leases: those of each of its records at every vendor that keeps leases. Nearly every unit has one such record. */
async function leasesOfMembers(context: GatewayContext, members: UnitParent['members']): Promise<LeaseModel[]> {
  const leases: LeaseModel[] = [];
  for (const { vendor, reads } of context.offering('leases')) {
    const records = members.filter((member) => member.vendor === vendor);
    leases.push(...(await Promise.all(records.map((member) => leasesOfRecord(context, reads, member)))).flat());
  }
  return leases;
}

export const unitResolvers: Resolvers = {
  Query: {
    units: async (_root, args, context, info) => {
      if (asksFacts(args)) return unitsByFacts(args, context);
      const first = checkFirst(args.first);
      const after = checkAfter(args.after, 'units');
      const filter = args.filter ?? {};
      return degrade(context, info, emptyConnection<UnitParent>(), async () => {
        const page = await context.directory.page({ first, after, filter });
        return { ...toConnection('units', page.units, page.positions, page.hasNextPage), totalCount: countUnits(context, filter) };
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
        const now = new Date();
        return args.status === null || args.status === undefined ? leases : leases.filter((lease) => leaseStatusShown(context, lease, now) === args.status);
      }),
    currentLease: (unit, _args, context, info) =>
      degrade(context, info, null, async () => {
        // The first record (in precedence) at a vendor that keeps leases.
        for (const member of unit.members) {
          const leases = context.reads(member.vendor)?.leases;
          if (leases !== undefined) {
            const now = new Date();
            return (await leasesOfRecord(context, leases, member)).find((lease) => leaseStatusShown(context, lease, now) === 'CURRENT') ?? null;
          }
        }
        return null;
      }),
    occupied: async (unit, _args, context, info) => {
      const facts = await context.readModel.unitFacts(unit.key);
      return facts !== null ? facts.occupied : degrade(context, info, null, () => occupiedLive(unit, context));
    },
    marketingStatus: async (unit, _args, context, info) => (await context.unitView(unit, info)).fields.marketingStatus ?? null,
    rent: async (unit, _args, context, info) => {
      const facts = await context.readModel.unitFacts(unit.key);
      if (facts !== null) return facts.rentMonthly === null ? null : { ...facts.rentMonthly, period: 'MONTH' };
      // Before the read model knows the unit: its listings as the vendors list them, the first in precedence with a rent.
      return degrade(context, info, null, async () => {
        for (const member of [...unit.members].sort((a, b) => vendorRank(a.vendor) - vendorRank(b.vendor))) {
          const rent = monthlyRent((await listingByRef(member, context))?.rent ?? null);
          if (rent !== null) return { ...rent, period: 'MONTH' };
        }
        return null;
      });
    },
    updatedAt: async (unit, _args, context) => {
      const at = (await context.readModel.unitFacts(unit.key))?.updatedAt ?? null;
      return at === null ? null : new Date(at).toISOString();
    },
    freshness: (unit, _args, context) => context.readModel.freshness(unit.members),
    leasingEvents: (unit, args, context) => unitLeasingEvents(unit, args, context),
  },
  Address: {
    formatted: (address) => formatAddress(address),
  },
};
