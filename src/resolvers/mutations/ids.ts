import type { GatewayContext } from '../../context.js';
import { decodeIdOf, InvalidIdError, parseRefKey } from '../../domain/ids.js';
import type { NodeTypeName, SourceRef, UnitParent, UnitRecord } from '../../domain/models.js';
import type { Vendor } from '../../domain/vendor.js';
import { badInput, userError } from '../../errors.js';
import { UUID } from './checks.js';

/**
 * Global ids in mutation inputs, checked for type and vendor before any vendor call:
 * a Leasey listing id given as a lockbox id, or a Leasey prospect given to a RentEngine
 * write, is BAD_USER_INPUT naming the field.
 */

export const VENDOR_NAMES: Readonly<Record<Vendor, string>> = {
  RENTENGINE: 'RentEngine', RENTROLL: 'the rent roll', DEEPRENT: 'deep.rent', LEASEY: 'Leasey', STURENTS: 'StuRents',
};

function decoded<T extends NodeTypeName>(id: string, field: string, type: T): string {
  try {
    return decodeIdOf(id, type).key;
  } catch (error) {
    if (error instanceof InvalidIdError) throw badInput(`${field}: ${error.message}`, field);
    throw error;
  }
}

/** The vendor's own id inside the global id of a vendor-owned node, which must belong to `vendor`. */
export function vendorIdOf(id: string, field: string, type: Exclude<NodeTypeName, 'Unit'>, vendor: Vendor): string {
  let ref: SourceRef;
  try {
    ref = parseRefKey(decoded(id, field, type));
  } catch (error) {
    if (error instanceof InvalidIdError) throw badInput(`${field}: ${error.message}`, field);
    throw error;
  }
  if (ref.vendor !== vendor) {
    throw badInput(`${field} must be the id of a ${VENDOR_NAMES[vendor]} ${type}, got the id of a ${VENDOR_NAMES[ref.vendor]} ${type}`, field);
  }
  return ref.externalId;
}

/** A RentEngine record whose ids are UUIDs (lockboxes, multifamily properties, floorplans). */
export function rentengineUuidOf(id: string, field: string, type: 'Lockbox' | 'MultifamilyProperty' | 'Floorplan'): string {
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

/**
 * Waits for the identity index's first sync (joining the one in flight) so that unit
 * ids resolve to every vendor's record, not only the rent roll's; then serves this
 * request from the index.
 */
export async function indexReady(context: GatewayContext): Promise<void> {
  const { identity } = context.services;
  if (!identity.status().firstSyncDone) await identity.run();
  // Also when the request began before the first sync was done and so got the rent roll's directory.
  context.directory = context.services.directoryFor(context.loaders);
}

/**
 * Adds records a write just made to the identity index (no vendor call: they are
 * clustered with the stored records), so that the answer and later queries resolve them
 * as merged units before the next sync reads their vendor. A failure is logged, not
 * thrown: the write succeeded, and the next sync adds them anyway.
 */
export async function addToIndex(context: GatewayContext, records: readonly UnitRecord[]): Promise<void> {
  const { services } = context;
  try {
    await indexReady(context);
    await services.identity.upsert(records);
  } catch (error) {
    services.logger.warn({ err: error, refs: records.map((r) => `${r.vendor}:${r.externalId}`) }, 'could not add written records to the identity index; the next sync will');
  }
  context.directory = services.directoryFor(context.loaders);
}

/** The merged unit a Unit id names; NOT_FOUND when the index has no such unit. */
export async function unitOf(context: GatewayContext, id: string, field: string): Promise<UnitParent> {
  const key = decoded(id, field, 'Unit');
  await indexReady(context);
  const unit = await context.directory.byKey(key);
  if (unit === null) throw userError('NOT_FOUND', `${field}: no unit has the id ${JSON.stringify(id)} (expected the id of a unit in this graph)`, { field });
  return unit;
}

/** RentEngine's integer id of the unit a Unit id names; BAD_USER_INPUT when RentEngine does not know the unit. */
export async function rentengineUnitIdOf(context: GatewayContext, id: string, field: string): Promise<number> {
  const unit = await unitOf(context, id, field);
  // Members are sorted, so a unit RentEngine lists twice resolves to the same record every time.
  const member = unit.members.find((m) => m.vendor === 'RENTENGINE');
  if (member === undefined) {
    const known = [...new Set(unit.members.map((m) => VENDOR_NAMES[m.vendor]))].join(', ');
    throw badInput(`${field} must be a unit RentEngine knows; this unit has records at ${known === '' ? 'no vendor' : known} only`, field);
  }
  return rentengineIntegerOf(member.externalId, field, 'unit');
}
