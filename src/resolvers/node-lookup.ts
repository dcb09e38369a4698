import type { LeaseModel, NodeModel, NodeTypeName, TenantModel } from '../domain/models.js';
import { parseRefKey } from '../domain/ids.js';
import type { GatewayContext } from '../request/scope.js';
import { storedOr } from './common/store-query.js';

/**
 * How `node(id)` finds each type from the key inside its global id. Every node type
 * registers here; a type with no lookup cannot be fetched by id, which a test guards.
 */
type Lookup = (key: string, context: GatewayContext) => Promise<NodeModel | null>;

const lookups: Partial<Record<NodeTypeName, Lookup>> = {
  Unit: (key, context) => context.directory.byKey(key),
  // From the store when it answers the lease's vendor, as lists do; live (the vendor's whole lease list) otherwise.
  Lease: async (key, context) => {
    const ref = parseRefKey(key);
    const leases = context.reads(ref.vendor)?.leases;
    if (leases === undefined) return null;
    return storedOr<LeaseModel>(context, 'LEASE', ref, async () => (await leases.leaseById.load(ref.externalId)) ?? null);
  },
  Tenant: async (key, context) => {
    const ref = parseRefKey(key);
    const leases = context.reads(ref.vendor)?.leases;
    if (leases === undefined) return null;
    return storedOr<TenantModel>(context, 'TENANT', ref, async () => (await leases.tenantById.load(ref.externalId)) ?? null);
  },
};

export function registerNodeLookup(type: NodeTypeName, lookup: Lookup): void {
  lookups[type] = lookup;
}

export function nodeLookupFor(type: NodeTypeName): Lookup | undefined {
  return lookups[type];
}
