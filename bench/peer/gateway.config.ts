import { defineConfig } from '@graphql-hive/gateway';

/**
 * The peer's answer to the rent roll page (units with their leases and tenants).
 *
 * The rent roll has no id filter: GET /leases returns every lease. Mesh's batched
 * `@resolveTo` (keyField + keysArg) needs a source field that takes a list of keys, so
 * it cannot batch here; a plain `@resolveTo` to getLeases would call the vendor once
 * per unit and hand every unit every lease. So `Unit.leases` is a programmatic
 * resolver, the way Mesh documents for such sources: it reads the lease lists once
 * per request through the in-context SDK (memoized on the request context, which is
 * the batching) and keeps the unit's own leases.
 *
 * A lease carries no status; the vendor derives it from the dates and filters by it.
 * So the lists are read by status (Current and Future are isActive=true, Past is
 * isActive=false) and each lease gets `status` from the list it came in.
 */
const LEASE_FIELDS = '{ ... on Lease { ID unitID leaseStart leaseEnd moveIn moveOut primaryTenantID tenants { ID name email phoneNumber } } }';

interface RawLease {
  unitID: unknown;
  status?: string;
}

/** The reads of one page's leases, with the status each list stands for. */
const LEASE_LISTS: readonly { args: Record<string, string>; status: string }[] = [
  { args: { isActive: 'TRUE', status: 'Current' }, status: 'Current' },
  { args: { isActive: 'TRUE', status: 'Future' }, status: 'Future' },
  { args: { isActive: 'FALSE' }, status: 'Past' },
];

type Query = (options: { root: unknown; args: Record<string, unknown>; context: unknown; selectionSet: string }) => Promise<unknown>;

const perRequest = new WeakMap<object, Promise<RawLease[]>>();

function allLeases(context: { RentRoll: { Query: { getLeases: Query } } }): Promise<RawLease[]> {
  let pending = perRequest.get(context);
  if (pending === undefined) {
    const read = async (list: (typeof LEASE_LISTS)[number]) => {
      const leases = (await context.RentRoll.Query.getLeases({ root: {}, args: list.args, context, selectionSet: LEASE_FIELDS })) as RawLease[] | null;
      // The config is transpiled by the gateway's loader, which mangles `??` inside spreads; keep this plain.
      return Array.isArray(leases) ? leases.map((lease) => Object.assign({}, lease, { status: list.status })) : [];
    };
    pending = Promise.all(LEASE_LISTS.map(read)).then((lists) => lists.flat());
    perRequest.set(context, pending);
  }
  return pending;
}

export const gatewayConfig = defineConfig({
  additionalTypeDefs: /* GraphQL */ `
    extend type Unit {
      leases: [Lease!]!
    }
    extend type Lease {
      "Past, Current or Future: the rent roll's status filter the lease was read with."
      status: String!
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
