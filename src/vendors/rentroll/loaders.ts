import type DataLoader from 'dataloader';
import type { LeaseModel, TenantModel, UnitRecord } from '../../domain/models.js';
import type { RentrollClient } from './client.js';
import { groupLoader, indexLoader, memo, type LoaderOptions } from '../../ports/batching.js';

/**
 * Rent roll loaders. The vendor has no id filter, so every key is answered from the
 * two whole-list reads of a request: at most 2 calls for units and 2 for leases,
 * whatever the page size.
 */
export interface RentrollLoaders {
  allUnits: () => Promise<UnitRecord[]>;
  allLeases: () => Promise<LeaseModel[]>;
  unitById: DataLoader<string, UnitRecord | null>;
  leaseById: DataLoader<string, LeaseModel | null>;
  leasesByUnit: DataLoader<string, LeaseModel[]>;
  leasesByTenant: DataLoader<string, LeaseModel[]>;
  tenantById: DataLoader<string, TenantModel | null>;
}

export function createRentrollLoaders(client: RentrollClient, options: LoaderOptions): RentrollLoaders {
  const allUnits = memo(options, () => client.allUnits());
  const allLeases = memo(options, () => client.allLeases());
  const allTenants = async () => (await allLeases()).flatMap((lease) => lease.tenants);
  return {
    allUnits,
    allLeases,
    unitById: indexLoader(options, allUnits, (unit) => unit.externalId),
    leaseById: indexLoader(options, allLeases, (lease) => lease.externalId),
    leasesByUnit: groupLoader(options, allLeases, (lease) => (lease.unitExternalId === null ? [] : [lease.unitExternalId])),
    leasesByTenant: groupLoader(options, allLeases, (lease) => lease.tenants.map((t) => t.externalId)),
    tenantById: indexLoader(options, allTenants, (tenant) => tenant.externalId),
  };
}
