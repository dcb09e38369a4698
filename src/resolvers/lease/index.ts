import type { Resolvers } from '../../generated/resolvers.js';
import { idOfRef } from '../../domain/ids.js';
import type { LeaseModel } from '../../domain/models.js';
import { paginateList } from '../common/connection.js';
import { degrade } from '../common/partial.js';

const sourcesOf = (model: { vendor: LeaseModel['vendor']; externalId: string; raw: unknown }) => [{ vendor: model.vendor, externalId: model.externalId, raw: model.raw }];

export const leaseResolvers: Resolvers = {
  Query: {
    leases: async (_root, args, context, info) => {
      // Validate paging before any vendor call; bad input is the client's error, not a partial result.
      paginateList('leases', [], args, () => '');
      return degrade(context, info, { edges: [], pageInfo: { hasNextPage: false, endCursor: null } }, async () => {
        const all = (await Promise.all(context.offering('leases').map(({ reads }) => reads.allLeases()))).flat();
        const { active, status } = args.filter ?? {};
        const leases = all
          .filter((lease) => active === null || active === undefined || (lease.status !== 'PAST') === active)
          .filter((lease) => status === null || status === undefined || lease.status === status);
        return paginateList('leases', leases, args, (lease) => lease.externalId);
      });
    },
  },
  Lease: {
    id: (lease) => idOfRef('Lease', lease),
    unit: (lease, _args, context, info) =>
      degrade(context, info, null, async () =>
        lease.unitExternalId === null ? null : context.directory.byRef({ vendor: lease.vendor, externalId: lease.unitExternalId }),
      ),
    primaryTenant: (lease) => lease.tenants.find((tenant) => tenant.externalId === lease.primaryTenantId) ?? lease.tenants[0] ?? null,
    sources: sourcesOf,
  },
  Tenant: {
    id: (tenant) => idOfRef('Tenant', tenant),
    leases: (tenant, _args, context, info) =>
      degrade(context, info, [], async () => (await context.reads(tenant.vendor)?.leases?.leasesByTenant.load(tenant.externalId)) ?? []),
    sources: sourcesOf,
  },
};
