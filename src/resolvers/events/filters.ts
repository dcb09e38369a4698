import type { GatewayContext } from '../../request/scope.js';
import { decodeIdOf, InvalidIdError, parseRefKey } from '../../domain/ids.js';
import type { SourceRef } from '../../domain/models.js';
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

export interface EventFilter {
  matches: EventPredicate;
  /** The unit records every matching event concerns; null when the filter names no unit. Lets the bus route events by unit. */
  unitRefs: readonly SourceRef[] | null;
}

export function decode<T extends 'Unit' | 'Prospect' | 'Tenant'>(id: string, type: T, field: string): string {
  try {
    return decodeIdOf(id, type).key;
  } catch (error) {
    if (error instanceof InvalidIdError) throw badInput(error.message, field);
    throw error;
  }
}

/**
 * A set of vendor records, asked without building a "VENDOR:id" string: a predicate runs
 * for every subscriber on every event, so at 10,000 subscribers a string per check
 * was millions of short-lived strings a second.
 */
export interface RefSet {
  has(ref: SourceRef | null): boolean;
}

export function refSetOf(refs: readonly SourceRef[]): RefSet {
  const byVendor = new Map<string, Set<string>>();
  for (const ref of refs) {
    let ids = byVendor.get(ref.vendor);
    if (ids === undefined) byVendor.set(ref.vendor, (ids = new Set()));
    ids.add(ref.externalId);
  }
  return { has: (ref) => ref !== null && byVendor.get(ref.vendor)?.has(ref.externalId) === true };
}

/** The unit's vendor records. */
export async function unitMembers(unitId: string, context: GatewayContext, field: string): Promise<readonly SourceRef[]> {
  const unit = await context.directory.byKey(decode(unitId, 'Unit', field));
  if (unit === null) throw userError('NOT_FOUND', `no unit has the id ${JSON.stringify(unitId)}`, { field });
  return unit.members;
}

const inList = <T>(list: readonly T[] | null | undefined): ((value: T | null) => boolean) => {
  if (list === null || list === undefined) return () => true;
  const allowed = new Set<T>(list);
  return (value) => value !== null && allowed.has(value);
};

export async function leasingEventFilter(filter: LeasingEventFilter | null | undefined, context: GatewayContext): Promise<EventFilter> {
  const unitRefs = filter?.unitId === null || filter?.unitId === undefined ? null : await unitMembers(filter.unitId, context, 'filter.unitId');
  const members = unitRefs === null ? null : refSetOf(unitRefs);
  let prospect: RefSet | null = null;
  if (filter?.prospectId !== null && filter?.prospectId !== undefined) {
    const key = decode(filter.prospectId, 'Prospect', 'filter.prospectId');
    try {
      prospect = refSetOf([parseRefKey(key)]);
    } catch (error) {
      if (error instanceof InvalidIdError) throw badInput(error.message, 'filter.prospectId');
      throw error;
    }
  }
  const stageAllowed = inList(filter?.stages);
  const matches: EventPredicate = (event) =>
    event.entityType === 'LEASING_EVENT' &&
    event.change !== 'DELETED' &&
    event.node?.__typename === 'LeasingEvent' &&
    stageAllowed(event.stage) &&
    (members === null || members.has(event.unitRef)) &&
    (prospect === null || prospect.has(event.prospectRef));
  return { matches, unitRefs };
}

export async function changeFilter(filter: ChangeFilter | null | undefined, context: GatewayContext): Promise<EventFilter> {
  const unitRefs = filter?.unitId === null || filter?.unitId === undefined ? null : await unitMembers(filter.unitId, context, 'filter.unitId');
  const members = unitRefs === null ? null : refSetOf(unitRefs);
  const typeAllowed = inList(filter?.types);
  const vendorAllowed = inList(filter?.vendors);
  const matches: EventPredicate = (event) =>
    typeAllowed(event.entityType) &&
    vendorAllowed(event.vendor) &&
    (members === null || members.has(event.unitRef));
  return { matches, unitRefs };
}
