import type { GatewayContext } from '../../request/scope.js';
import { idOfRef, parseRefKey } from '../../domain/ids.js';
import type { LockboxEventModel, LockboxModel, UnitParent } from '../../domain/models.js';
import type { Resolvers } from '../../generated/resolvers.js';
import { paginateList } from '../common/connection.js';
import { degrade } from '../common/partial.js';
import { paginateByRecency } from '../common/recency.js';
import { checkPaging, emptyConnection, memberIds, sourcesOf } from '../common/records.js';
import { loadAll } from '../../ports/batching.js';
import { registerNodeLookup } from '../node-lookup.js';
import { checkEventFilter, filteredEvents } from './history.js';
import { lockboxOf } from './lockbox-of.js';
import { freshnessOfRecord, storedAtUnitOr, storedList, storedListOr, storedOr } from '../common/store-query.js';
import type { RecordListFilter } from '../../readmodel/fact-queries.js';

/**
 * Lockboxes, from every vendor that keeps them: the list, where each one is installed
 * now, its event history, and a unit's lockboxes. A unit's lockboxes come from the store
 * once it holds the vendor (each stored lockbox is filed under the unit it is installed
 * at); before that they cost two sequential batched reads for a whole page of units: its
 * open installations, then those lockboxes.
 */

/** An event whose type the schema cannot name (a type the vendor added later) is left out. */
const known = (event: LockboxEventModel): boolean => event.eventType !== null;

async function lockboxesOfUnit(unit: UnitParent, context: GatewayContext): Promise<LockboxModel[]> {
  const found: LockboxModel[] = [];
  for (const { vendor, reads } of context.offering('lockboxes')) {
    const ids = memberIds(unit, vendor);
    if (ids.length === 0) continue;
    found.push(...(await storedAtUnitOr<LockboxModel>(context, 'LOCKBOX', vendor, ids.map((externalId) => ({ vendor, externalId })), async () => {
      const installations = (await loadAll(reads.installationsByUnit, ids)).flat();
      const lockboxIds = [...new Set(installations.map((installation) => installation.lockboxExternalId))];
      return (await loadAll(reads.lockboxById, lockboxIds)).filter((lockbox): lockbox is LockboxModel => lockbox !== null);
    })));
  }
  return found;
}

/**
 * The vendor id of the unit a lockbox is installed at now (null when none): the unit the
 * store files it under once it holds the vendor, else its open installation's.
 */
async function installedAt(lockbox: LockboxModel, context: GatewayContext): Promise<string | null> {
  return context.readModel.storedOrLive(lockbox.vendor, async () => (await context.readModel.record('LOCKBOX', lockbox))?.unitRef?.externalId ?? null, async () => {
    const reads = context.reads(lockbox.vendor)?.lockboxes;
    const installation = reads === undefined ? null : await reads.installationByLockbox.load(lockbox.externalId);
    return installation?.unitExternalId ?? null;
  });
}

/** The lockbox reads of the vendor a node key names; null when that vendor keeps none here. */
function lockboxReadsOf(key: string, context: GatewayContext) {
  const ref = parseRefKey(key);
  const reads = context.reads(ref.vendor)?.lockboxes;
  return reads === undefined ? null : { reads, id: ref.externalId };
}

registerNodeLookup('Lockbox', async (key, context) => {
  const found = lockboxReadsOf(key, context);
  return found === null ? null : storedOr(context, 'LOCKBOX', parseRefKey(key), () => found.reads.lockboxById.load(found.id));
});

registerNodeLookup('LockboxEvent', async (key, context) => {
  const found = lockboxReadsOf(key, context);
  const event = found === null ? null : await found.reads.lockboxEventById.load(found.id);
  return event !== null && known(event) ? event : null;
});

/** A text entry of an event's metadata (the vendor documents `{installer_id, notes}`); ids sent as numbers read as text. */
function metadataText(event: LockboxEventModel, key: string): string | null {
  const value = event.metadata?.[key];
  return typeof value === 'string' && value.trim() !== '' ? value : typeof value === 'number' ? String(value) : null;
}

export const lockboxResolvers: Resolvers = {
  Query: {
    lockboxes: async (_root, args, context, info) => {
      const stored = () => storedList<LockboxModel, RecordListFilter>(context, 'LOCKBOX', context.readModel.queries.lockboxes, 'lockboxes:stored', args, {});
      return storedListOr(context, info, 'lockboxes', stored, async (join) => {
        checkPaging(args, 'lockboxes');
        const all = await join(context.offering('lockboxes').map(({ reads }) => () => reads.allLockboxes()));
        return paginateList('lockboxes', all, args, (lockbox) => lockbox.externalId);
      });
    },
  },
  Lockbox: {
    id: (lockbox) => idOfRef('Lockbox', lockbox),
    unit: (lockbox, _args, context, info) =>
      degrade(context, info, null, async () => {
        const unitExternalId = await installedAt(lockbox, context);
        return unitExternalId === null ? null : context.directory.byRef({ vendor: lockbox.vendor, externalId: unitExternalId });
      }),
    events: async (lockbox, args, context, info) => {
      checkPaging(args, 'lockbox-events');
      // Filters are checked before any vendor call: bad input is the client's error, not a partial result.
      const filter = args.filter === null || args.filter === undefined ? null : await checkEventFilter(args.filter, context);
      return degrade(context, info, emptyConnection<LockboxEventModel>(), async () => {
        const events = filter === null
          ? ((await context.reads(lockbox.vendor)?.lockboxes?.eventsByLockbox.load(lockbox.externalId)) ?? []).filter(known)
          : await filteredEvents(context, filter, lockbox);
        return paginateByRecency('lockbox-events', events, args, (event) => event.occurredAt, (event) => event);
      });
    },
    sources: sourcesOf,
    freshness: freshnessOfRecord,
  },
  LockboxEvent: {
    id: (event) => idOfRef('LockboxEvent', event),
    accountId: (event) => event.accountId ?? null,
    metadata: (event) => event.metadata ?? null,
    installerId: (event) => metadataText(event, 'installer_id'),
    notes: (event) => metadataText(event, 'notes'),
    // Lists and lookups leave out events of unknown type, so this is always set.
    eventType: (event) => event.eventType!,
    lockbox: (event, _args, context, info) =>
      degrade(context, info, null, () => lockboxOf({ vendor: event.vendor, externalId: event.lockboxExternalId }, context)),
    unit: (event, _args, context, info) =>
      degrade(context, info, null, async () =>
        event.unitExternalId === null ? null : context.directory.byRef({ vendor: event.vendor, externalId: event.unitExternalId }),
      ),
  },
  Unit: {
    lockboxes: (unit, _args, context, info) => degrade(context, info, [], () => lockboxesOfUnit(unit, context)),
  },
};
