import type { NodeModel, NodeTypeName } from '../domain/models.js';
import { parseRefKey } from '../domain/ids.js';
import type { GatewayContext } from '../request/scope.js';

/**
 * How `node(id)` finds each type from the key inside its global id. Every node type
 * registers here; a type with no lookup cannot be fetched by id, which a test guards.
 */
type Lookup = (key: string, context: GatewayContext) => Promise<NodeModel | null>;

const lookups: Partial<Record<NodeTypeName, Lookup>> = {
  Unit: (key, context) => context.directory.byKey(key),
  Lease: async (key, context) => {
    const ref = parseRefKey(key);
    return (await context.reads(ref.vendor)?.leases?.leaseById.load(ref.externalId)) ?? null;
  },
  Tenant: async (key, context) => {
    const ref = parseRefKey(key);
    return (await context.reads(ref.vendor)?.leases?.tenantById.load(ref.externalId)) ?? null;
  },
};

export function registerNodeLookup(type: NodeTypeName, lookup: Lookup): void {
  lookups[type] = lookup;
}

export function nodeLookupFor(type: NodeTypeName): Lookup | undefined {
  return lookups[type];
}
