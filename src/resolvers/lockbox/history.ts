import type { GatewayContext } from '../../request/scope.js';
import { decodeIdOf, InvalidIdError, parseRefKey } from '../../domain/ids.js';
import type { LockboxEventModel, LockboxInstallationModel } from '../../domain/models.js';
import type { Vendor } from '../../domain/vendor.js';
import { badInput, userError } from '../../errors.js';
import type { LockboxEventFilter } from '../../generated/graphql.js';
import type { Resolvers } from '../../generated/resolvers.js';
import type { LockboxEventQuery } from '../../ports/reads.js';
import { checkInput } from '../../ports/input.js';
import { degrade } from '../common/partial.js';
import { lockboxOf } from './lockbox-of.js';
import { paginateByRecency } from '../common/recency.js';
import { checkPaging, emptyConnection, isoInput } from '../common/records.js';

/**
 * Lockbox events by type, time, unit and lockbox, read with the vendor's own filters
 * (its lockbox-events list), and each lockbox's installations, open and closed
 * (its lockbox-installations list).
 */

/** A filter checked once per request: its times, and the vendor records its ids name. */
export interface CheckedEventFilter {
  types: LockboxEventQuery['eventTypes'];
  from: string | undefined;
  to: string | undefined;
  /** Null: any unit. */
  unitRefs: readonly { vendor: Vendor; externalId: string }[] | null;
  /** Null: any lockbox. */
  lockboxRefs: readonly { vendor: Vendor; externalId: string }[] | null;
}

function refOfId(id: string, type: 'Lockbox' | 'Unit', field: string): string {
  try {
    return decodeIdOf(id, type).key;
  } catch (error) {
    if (error instanceof InvalidIdError) throw badInput(`${field}: ${error.message}`, field);
    throw error;
  }
}

/** Every bad part of the filter is named at once; a unit id that names no unit is NOT_FOUND. */
export async function checkEventFilter(filter: LockboxEventFilter | null | undefined, context: GatewayContext): Promise<CheckedEventFilter> {
  const checked = checkInput((check) => {
    const from = check.optional(filter?.from, (v) => isoInput(v) ?? undefined);
    const to = check.optional(filter?.to, (v) => isoInput(v) ?? undefined);
    if (from !== undefined && to !== undefined && Date.parse(from) > Date.parse(to)) {
      check.problem('filter.to', `filter.to must not be before filter.from, got ${to} < ${from}`);
    }
    const unitKey = check.optional(filter?.unitId, (v) => refOfId(v, 'Unit', 'filter.unitId'));
    const lockboxRefs = check.optional(filter?.lockboxIds, (ids) => ids.map((id, i) => check.field(() => parseRefKey(refOfId(id, 'Lockbox', `filter.lockboxIds[${i}]`)))));
    return { types: filter?.types ?? undefined, from, to, unitKey, lockboxRefs: lockboxRefs ?? null };
  });
  let unitRefs: CheckedEventFilter['unitRefs'] = null;
  if (checked.unitKey !== undefined) {
    const unit = await context.directory.byKey(checked.unitKey);
    if (unit === null) throw userError('NOT_FOUND', `filter.unitId: no unit has the id ${JSON.stringify(filter?.unitId)} (expected the id of a unit in this graph)`, { field: 'filter.unitId' });
    unitRefs = unit.members;
  }
  return { types: checked.types, from: checked.from, to: checked.to, unitRefs, lockboxRefs: checked.lockboxRefs };
}

/** The query one vendor is asked; null when nothing of that vendor can match (e.g. the unit has no record there). */
export function vendorQuery(filter: CheckedEventFilter, vendor: Vendor, lockboxId?: string): LockboxEventQuery | null {
  const ids = (refs: CheckedEventFilter['unitRefs']) => refs?.filter((ref) => ref.vendor === vendor).map((ref) => ref.externalId);
  const unitIds = ids(filter.unitRefs);
  const lockboxIds = lockboxId === undefined ? ids(filter.lockboxRefs) : [lockboxId];
  if (unitIds?.length === 0 || lockboxIds?.length === 0 || filter.types?.length === 0) return null;
  return {
    ...(unitIds !== undefined && { unitIds }),
    ...(lockboxIds !== undefined && { lockboxIds }),
    ...(filter.types !== undefined && { eventTypes: filter.types }),
    ...(filter.from !== undefined && { from: filter.from }),
    ...(filter.to !== undefined && { to: filter.to }),
  };
}

/** The events of every vendor that keeps lockboxes matching the filter, newest first, leaving out types the schema cannot name. */
export async function filteredEvents(context: GatewayContext, filter: CheckedEventFilter, lockbox?: { vendor: Vendor; externalId: string }): Promise<LockboxEventModel[]> {
  const reads = context.offering('lockboxes').filter(({ vendor }) => lockbox === undefined || vendor === lockbox.vendor);
  const lists = await Promise.all(reads.map(async ({ vendor, reads: lockboxes }) => {
    const query = vendorQuery(filter, vendor, lockbox?.externalId);
    return query === null ? [] : lockboxes.events(query);
  }));
  return lists.flat().filter((event) => event.eventType !== null);
}

const byInstalledAt = (a: LockboxInstallationModel, b: LockboxInstallationModel) => (b.installedAt ?? '').localeCompare(a.installedAt ?? '');

export const lockboxHistoryResolvers: Resolvers = {
  Query: {
    lockboxEvents: async (_root, args, context, info) => {
      checkPaging(args, 'lockbox-events');
      const filter = await checkEventFilter(args.filter, context);
      return degrade(context, info, emptyConnection<LockboxEventModel>(), async () =>
        paginateByRecency('lockbox-events', await filteredEvents(context, filter), args, (event) => event.occurredAt, (event) => event));
    },
  },
  Lockbox: {
    installations: (lockbox, _args, context, info) =>
      degrade(context, info, [], async () => {
        const installations = (await context.reads(lockbox.vendor)?.lockboxes?.installationsOfLockbox.load(lockbox.externalId)) ?? [];
        return [...installations].sort(byInstalledAt);
      }),
  },
  LockboxInstallation: {
    lockbox: (installation, _args, context, info) =>
      degrade(context, info, null, () => lockboxOf({ vendor: installation.vendor, externalId: installation.lockboxExternalId }, context)),
    unit: (installation, _args, context, info) =>
      degrade(context, info, null, async () =>
        installation.unitExternalId === null ? null : context.directory.byRef({ vendor: installation.vendor, externalId: installation.unitExternalId })),
    installedAt: (installation) => installation.installedAt,
    uninstalledAt: (installation) => installation.uninstalledAt,
    installed: (installation) => installation.uninstalledAt === null,
  },
};

