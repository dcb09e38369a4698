import { badInput } from '../../../errors.js';
import { UUID, vendorIdOf } from '../../../ports/input.js';
import type { WriteContext } from '../../../ports/writes.js';
import { VENDOR_NAMES } from '../../../domain/vendor.js';

/** A RentEngine record whose ids are UUIDs (lockboxes, multifamily properties, floorplans, prescreening templates), from its global id. */
export function rentengineUuidOf(id: string, field: string, type: 'Lockbox' | 'MultifamilyProperty' | 'Floorplan' | 'PrescreeningTemplate'): string {
  const externalId = vendorIdOf(id, field, type, 'RENTENGINE');
  if (!UUID.test(externalId)) throw badInput(`${field} must be the id of a RentEngine ${type} (whose own id is a UUID), got one for ${JSON.stringify(externalId)}`, field);
  return externalId;
}

/** A RentEngine record whose ids are integers (prospects, units). */
export function rentengineIntegerOf(externalId: string, field: string, what: string): number {
  const n = /^\d{1,15}$/.test(externalId) ? Number(externalId) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw badInput(`${field} must be the id of a RentEngine ${what} (an integer id), got one for ${JSON.stringify(externalId)}`, field);
  return n;
}

/** RentEngine's integer id of the unit a Unit id names; BAD_USER_INPUT when RentEngine does not know the unit. */
export async function rentengineUnitIdOf(context: WriteContext<unknown>, id: string, field: string): Promise<number> {
  const unit = await context.unit(id, field);
  // Members are sorted, so a unit RentEngine lists twice resolves to the same record every time.
  const member = unit.members.find((m) => m.vendor === 'RENTENGINE');
  if (member === undefined) {
    const known = [...new Set(unit.members.map((m) => VENDOR_NAMES[m.vendor]))].join(', ');
    throw badInput(`${field} must be a unit RentEngine knows; this unit has records at ${known === '' ? 'no vendor' : known} only`, field);
  }
  return rentengineIntegerOf(member.externalId, field, 'unit');
}
