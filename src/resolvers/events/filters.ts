import type { GatewayContext } from '../../context.js';
import { decodeIdOf, InvalidIdError, parseRefKey, refKey } from '../../domain/ids.js';
import { badInput, userError } from '../../errors.js';
import type { ChangeFilter, LeasingEventFilter } from '../../generated/graphql.js';
import type { StoredEvent } from '../../events/types.js';

/**
 * Subscription filters, resolved once when the subscription starts and then run on the
 * server for every event. A unit filter names a merged Unit: an event matches when the
 * vendor record it concerns is one of that unit's records. A list filter that is given
 * matches only what it lists (an empty list matches nothing).
 */
export type EventPredicate = (event: StoredEvent) => boolean;

function decode<T extends 'Unit' | 'Prospect'>(id: string, type: T, field: string): string {
  try {
    return decodeIdOf(id, type).key;
  } catch (error) {
    if (error instanceof InvalidIdError) throw badInput(error.message, field);
    throw error;
  }
}

/** Refs ("VENDOR:id") of the unit's vendor records. */
async function unitMembers(unitId: string, context: GatewayContext, field: string): Promise<ReadonlySet<string>> {
  const unit = await context.directory.byKey(decode(unitId, 'Unit', field));
  if (unit === null) throw userError('NOT_FOUND', `no unit has the id ${JSON.stringify(unitId)}`, { field });
  return new Set(unit.members.map(refKey));
}

const inList = <T>(list: readonly T[] | null | undefined): ((value: T | null) => boolean) => {
  if (list === null || list === undefined) return () => true;
  const allowed = new Set<T>(list);
  return (value) => value !== null && allowed.has(value);
};

export async function leasingEventPredicate(filter: LeasingEventFilter | null | undefined, context: GatewayContext): Promise<EventPredicate> {
  const members = filter?.unitId === null || filter?.unitId === undefined ? null : await unitMembers(filter.unitId, context, 'filter.unitId');
  let prospect: string | null = null;
  if (filter?.prospectId !== null && filter?.prospectId !== undefined) {
    const key = decode(filter.prospectId, 'Prospect', 'filter.prospectId');
    try {
      prospect = refKey(parseRefKey(key));
    } catch (error) {
      if (error instanceof InvalidIdError) throw badInput(error.message, 'filter.prospectId');
      throw error;
    }
  }
  const stageAllowed = inList(filter?.stages);
  return (event) =>
    event.entityType === 'LEASING_EVENT' &&
    event.change !== 'DELETED' &&
    event.node !== null &&
    '__typename' in event.node &&
    event.node.__typename === 'LeasingEvent' &&
    stageAllowed(event.stage) &&
    (members === null || (event.unitRef !== null && members.has(refKey(event.unitRef)))) &&
    (prospect === null || (event.prospectRef !== null && refKey(event.prospectRef) === prospect));
}

export async function changePredicate(filter: ChangeFilter | null | undefined, context: GatewayContext): Promise<EventPredicate> {
  const members = filter?.unitId === null || filter?.unitId === undefined ? null : await unitMembers(filter.unitId, context, 'filter.unitId');
  const typeAllowed = inList(filter?.types);
  const vendorAllowed = inList(filter?.vendors);
  return (event) =>
    typeAllowed(event.entityType) &&
    vendorAllowed(event.vendor) &&
    (members === null || (event.unitRef !== null && members.has(refKey(event.unitRef))));
}
