import type { GatewayContext } from '../../context.js';
import { idOfRef } from '../../domain/ids.js';
import type { LockboxEventModel, LockboxModel, UnitParent } from '../../domain/models.js';
import type { Resolvers } from '../../generated/resolvers.js';
import { paginateList } from '../common/connection.js';
import { degrade } from '../common/partial.js';
import { paginateByRecency } from '../common/recency.js';
import { checkPaging, emptyConnection, externalIdOf, memberIds, settled, sourcesOf } from '../common/records.js';
import { registerNodeLookup } from '../node-lookup.js';

/**
 * Lockboxes (RentEngine): the list, where each one is installed now, its event history,
 * and a unit's lockboxes. A unit's lockboxes cost two sequential calls for a whole page
 * of units: its open installations (`unit_ids`, `active=true`), then those lockboxes
 * (`lockbox_ids`).
 */

/** An event whose type the schema cannot name (a type the vendor added later) is left out. */
const known = (event: LockboxEventModel): boolean => event.eventType !== null;

async function lockboxesOfUnit(unit: UnitParent, context: GatewayContext): Promise<LockboxModel[]> {
  const loaders = context.loaders.rentengine;
  const ids = memberIds(unit, 'RENTENGINE');
  if (loaders === null || ids.length === 0) return [];
  const installations = settled(await loaders.installationsByUnit.loadMany(ids)).flat();
  const lockboxIds = [...new Set(installations.map((installation) => installation.lockboxExternalId))];
  return settled(await loaders.lockboxById.loadMany(lockboxIds)).filter((lockbox): lockbox is LockboxModel => lockbox !== null);
}

registerNodeLookup('Lockbox', async (key, context) => {
  const id = externalIdOf(key, 'RENTENGINE');
  return id === null || context.loaders.rentengine === null ? null : context.loaders.rentengine.lockboxById.load(id);
});

registerNodeLookup('LockboxEvent', async (key, context) => {
  const id = externalIdOf(key, 'RENTENGINE');
  const event = id === null || context.loaders.rentengine === null ? null : await context.loaders.rentengine.lockboxEventById.load(id);
  return event !== null && known(event) ? event : null;
});

export const lockboxResolvers: Resolvers = {
  Query: {
    lockboxes: async (_root, args, context, info) => {
      checkPaging(args, 'lockboxes');
      return degrade(context, info, emptyConnection<LockboxModel>(), async () => {
        const all = context.loaders.rentengine === null ? [] : await context.loaders.rentengine.allLockboxes();
        return paginateList('lockboxes', all, args, (lockbox) => lockbox.externalId);
      });
    },
  },
  Lockbox: {
    id: (lockbox) => idOfRef('Lockbox', lockbox),
    unit: (lockbox, _args, context, info) =>
      degrade(context, info, null, async () => {
        const installation = context.loaders.rentengine === null ? null : await context.loaders.rentengine.installationByLockbox.load(lockbox.externalId);
        if (installation === null || installation.unitExternalId === null) return null;
        return context.directory.byRef({ vendor: 'RENTENGINE', externalId: installation.unitExternalId });
      }),
    events: async (lockbox, args, context, info) => {
      checkPaging(args, 'lockbox-events');
      return degrade(context, info, emptyConnection<LockboxEventModel>(), async () => {
        const events = context.loaders.rentengine === null ? [] : await context.loaders.rentengine.eventsByLockbox.load(lockbox.externalId);
        return paginateByRecency('lockbox-events', events.filter(known), args, (event) => event.occurredAt, (event) => event);
      });
    },
    sources: sourcesOf,
  },
  LockboxEvent: {
    id: (event) => idOfRef('LockboxEvent', event),
    // Lists and lookups leave out events of unknown type, so this is always set.
    eventType: (event) => event.eventType!,
    lockbox: (event, _args, context, info) =>
      degrade(context, info, null, async () =>
        context.loaders.rentengine === null ? null : context.loaders.rentengine.lockboxById.load(event.lockboxExternalId),
      ),
    unit: (event, _args, context, info) =>
      degrade(context, info, null, async () =>
        event.unitExternalId === null ? null : context.directory.byRef({ vendor: 'RENTENGINE', externalId: event.unitExternalId }),
      ),
  },
  Unit: {
    lockboxes: (unit, _args, context, info) => degrade(context, info, [], () => lockboxesOfUnit(unit, context)),
  },
};
