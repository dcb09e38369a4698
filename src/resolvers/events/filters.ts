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
 * was millions of short-lived strings a second. It holds its refs in one flat array
 * (vendor, id, vendor, id...): a unit has a handful of records, a scan of them is as
 * quick as a lookup, and every subscriber keeps its set for its whole life, where a map
 * of sets per vendor cost about a kilobyte.
 */
export interface RefSet {
  has(ref: SourceRef | null): boolean;
}

class FlatRefSet implements RefSet {
  private readonly pairs: string[];
  constructor(refs: readonly SourceRef[]) {
    // Sized once: an array grown by pushes keeps room to spare for the subscriber's whole life.
    this.pairs = new Array<string>(refs.length * 2);
    refs.forEach((ref, i) => {
      this.pairs[2 * i] = ref.vendor;
      this.pairs[2 * i + 1] = ref.externalId;
    });
  }
  has(ref: SourceRef | null): boolean {
    if (ref === null) return false;
    const { pairs } = this;
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === ref.vendor && pairs[i + 1] === ref.externalId) return true;
    return false;
  }
}

export const refSetOf = (refs: readonly SourceRef[]): RefSet => new FlatRefSet(refs);

/** The unit's vendor records. */
export async function unitMembers(unitId: string, context: GatewayContext, field: string): Promise<readonly SourceRef[]> {
  const unit = await context.directory.byKey(decode(unitId, 'Unit', field));
  if (unit === null) throw userError('NOT_FOUND', `no unit has the id ${JSON.stringify(unitId)}`, { field });
  return unit.members;
}

const ANY = (): boolean => true;

const inList = <T>(list: readonly T[] | null | undefined): ((value: T | null) => boolean) => {
  if (list === null || list === undefined) return ANY;
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
