import type { Resolvers } from '../../generated/resolvers.js';
import type { QueryLeasesArgs } from '../../generated/graphql.js';
import { idOfRef, refKey } from '../../domain/ids.js';
import { leaseStatusShown } from '../common/lease-status.js';
import type { LeaseModel, TenantModel } from '../../domain/models.js';
import { leaseOrderingOf, type LeaseQueryFilter } from '../../readmodel/fact-queries.js';
import type { GatewayContext } from '../../request/scope.js';
import { checkAfter, checkFirst, paginateList } from '../common/connection.js';
import { degrade } from '../common/partial.js';
import { isoInput } from '../common/records.js';
import { freshnessOfRecord, recordKeyOf, recordsConnection, storedListOr, storeQuery, unitRefsOf } from '../common/store-query.js';

const sourcesOf = (model: { vendor: LeaseModel['vendor']; externalId: string; raw: unknown }) => [{ vendor: model.vendor, externalId: model.externalId, raw: model.raw }];

/** Whether a leases query asks for what only the read model answers (filters on units, tenants or dates; an order). */
function asksStore(args: QueryLeasesArgs): boolean {
  const filter = args.filter ?? {};
  const given = (value: unknown) => value !== null && value !== undefined;
  return (args.orderBy ?? []).length > 0 || [filter.unitId, filter.tenantId, filter.startsAfter, filter.startsBefore, filter.endsAfter, filter.endsBefore].some(given);
}

/** Leases from the read model: filtered, ordered and counted in the store (lease_facts). */
async function storedLeases(args: QueryLeasesArgs, context: GatewayContext) {
  const orderBy = (args.orderBy ?? []).map((order) => ({ field: order.field, direction: order.direction ?? 'ASC' }));
  const ordering = leaseOrderingOf(orderBy);
  const first = checkFirst(args.first);
  const after = checkAfter(args.after, ordering);
  const input = args.filter ?? {};
  const filter: LeaseQueryFilter = {
    active: input.active,
    status: input.status,
    // One instant for the page and its count.
    at: new Date(),
    unitRefs: input.unitId === null || input.unitId === undefined ? null : await unitRefsOf(input.unitId, context, 'filter.unitId'),
    tenantRef: input.tenantId === null || input.tenantId === undefined ? null : recordKeyOf(input.tenantId, 'Tenant', 'filter.tenantId'),
    startsAfter: isoInput(input.startsAfter),
    startsBefore: isoInput(input.startsBefore),
    endsAfter: isoInput(input.endsAfter),
    endsBefore: isoInput(input.endsBefore),
  };
  const { leases } = context.readModel.queries;
  if ((input.active ?? null) !== null || (input.status ?? null) !== null) {
    // What a status filter matches moves when any stored lease starts or ends.
    const changesAt = await context.readModel.queries.leaseStatusChangesAt(filter.at!);
    if (changesAt !== null) context.inputs.changesAt(changesAt);
  }
  const page = await storeQuery(() => leases.page({ first, after, filter, orderBy }));
  return recordsConnection<LeaseModel>(context, 'LEASE', ordering, page, () => leases.count(filter));
}

export const leaseResolvers: Resolvers = {
  Query: {
    leases: async (_root, args, context, info) => {
      if (asksStore(args)) return storedLeases(args, context);
      return storedListOr(context, info, 'leases', () => storedLeases(args, context), async (join) => {
        // Validate paging before any vendor call; bad input is the client's error, not a partial result.
        paginateList('leases', [], args, () => '');
        const all = await join(context.offering('leases').map(({ reads }) => () => reads.allLeases()));
        const { active, status } = args.filter ?? {};
        const now = new Date();
        const leases = all
          .filter((lease) => active === null || active === undefined || (leaseStatusShown(context, lease, now) !== 'PAST') === active)
          .filter((lease) => status === null || status === undefined || leaseStatusShown(context, lease, now) === status);
        return paginateList('leases', leases, args, (lease) => lease.externalId);
      });
    },
    tenants: async (_root, args, context) => {
      const first = checkFirst(args.first);
      const after = checkAfter(args.after, 'tenants');
      const filter = args.filter ?? {};
      const { tenants } = context.readModel.queries;
      const page = await storeQuery(() => tenants.page({ first, after, filter }));
      return recordsConnection<TenantModel>(context, 'TENANT', 'tenants', page, () => tenants.count(filter));
    },
  },
  Lease: {
    id: (lease) => idOfRef('Lease', lease),
    unit: (lease, _args, context, info) =>
      degrade(context, info, null, async () =>
        lease.unitExternalId === null ? null : context.directory.byRef({ vendor: lease.vendor, externalId: lease.unitExternalId }),
      ),
    // As of this read: a stored lease's status at its writing is long overtaken by the clock.
    status: (lease, _args, context) => leaseStatusShown(context, lease, new Date()),
    primaryTenant: (lease) => lease.tenants.find((tenant) => tenant.externalId === lease.primaryTenantId) ?? lease.tenants[0] ?? null,
    sources: sourcesOf,
    freshness: freshnessOfRecord,
  },
  Tenant: {
    id: (tenant) => idOfRef('Tenant', tenant),
    leases: (tenant, _args, context, info) =>
      degrade(context, info, [], async () => {
        const leases = context.reads(tenant.vendor)?.leases;
        if (leases === undefined) return [];
        return context.readModel.storedOrLive(
          tenant.vendor,
          async () => (await context.readModel.records<LeaseModel>('LEASE', await context.readModel.linkedFrom('lease_tenant', refKey(tenant)))).map((record) => record.model),
          () => leases.leasesByTenant.load(tenant.externalId),
        );
      }),
    sources: sourcesOf,
    freshness: freshnessOfRecord,
  },
};
