import { defineConfig } from '@graphql-hive/gateway';

/**
 * The peer's answer to the rent roll page (units with their leases and tenants).
 *
 * The rent roll has no id filter: GET /leases returns every lease. Mesh's batched
 * `@resolveTo` (keyField + keysArg) needs a source field that takes a list of keys, so
 * it cannot batch here; a plain `@resolveTo` to getLeases would call the vendor once
 * per unit and hand every unit every lease. So `Unit.leases` is a programmatic
 * resolver, the way Mesh documents for such sources: it reads both lease lists once
 * per request through the in-context SDK (memoized on the request context, which is
 * the batching) and keeps the unit's own leases.
 */
const LEASE_FIELDS = '{ ... on Lease { ID unitID leaseStart leaseEnd moveIn moveOut primaryTenantID tenants { ID name email phoneNumber } } }';

interface RawLease {
  unitID: unknown;
}

type Query = (options: { root: unknown; args: Record<string, unknown>; context: unknown; selectionSet: string }) => Promise<unknown>;

const perRequest = new WeakMap<object, Promise<RawLease[]>>();

function allLeases(context: { RentRoll: { Query: { getLeases: Query } } }): Promise<RawLease[]> {
  let pending = perRequest.get(context);
  if (pending === undefined) {
    const read = (isActive: string) =>
      context.RentRoll.Query.getLeases({ root: {}, args: { isActive }, context, selectionSet: LEASE_FIELDS }) as Promise<RawLease[] | null>;
    // The config is transpiled by the gateway's loader, which mangles `??` inside spreads; keep this plain.
    pending = Promise.all([read('TRUE'), read('FALSE')]).then((lists) => lists.flatMap((list) => (Array.isArray(list) ? list : [])));
    perRequest.set(context, pending);
  }
  return pending;
}

export const gatewayConfig = defineConfig({
  additionalTypeDefs: /* GraphQL */ `
    extend type Unit {
      leases: [Lease!]!
    }
  `,
  additionalResolvers: {
    Unit: {
      leases: {
        selectionSet: '{ ID }',
        async resolve(unit: { ID: unknown }, _args: unknown, context: { RentRoll: { Query: { getLeases: Query } } }) {
          const id = String(unit.ID);
          return (await allLeases(context)).filter((lease) => String(lease.unitID) === id);
        },
      },
    },
  },
});
