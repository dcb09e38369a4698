import { rentrollAddress, type World, type WorldLease } from '../world/index.js';

export type LeaseStatus = 'Past' | 'Current' | 'Future';

/** A lease's status from its dates against today, as ASSUMPTIONS.md says. */
export function leaseStatus(lease: Pick<WorldLease, 'leaseStart' | 'leaseEnd'>, now: Date): LeaseStatus {
  if (Date.parse(lease.leaseEnd) < now.getTime()) return 'Past';
  if (Date.parse(lease.leaseStart) > now.getTime()) return 'Future';
  return 'Current';
}

/** Rent roll unit rows exactly as the vendor's document shows them. */
export function rentrollUnits(world: World) {
  return world.units.flatMap((unit) => {
    if (unit.ids.rentroll === undefined) return [];
    const address = rentrollAddress(unit);
    return [{
      ID: unit.ids.rentroll,
      ...address,
      sqft: unit.sqft,
      bedrooms: unit.bedrooms,
      ownerID: unit.ownerId,
      possessionStartDate: unit.possessionStart,
      possessionEndDate: unit.possessionEnd,
      active: unit.active,
    }];
  });
}

export function rentrollLease(lease: WorldLease) {
  return {
    ID: lease.id,
    unitID: lease.unitId,
    leaseStart: lease.leaseStart,
    leaseEnd: lease.leaseEnd,
    moveIn: lease.moveIn,
    moveOut: lease.moveOut,
    primaryTenantID: lease.primaryTenantId,
    tenants: lease.tenants.map((t) => ({ ID: t.id, name: t.name, email: t.email, phoneNumber: t.phoneNumber })),
  };
}
