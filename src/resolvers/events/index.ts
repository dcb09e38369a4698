import type { GatewayContext } from '../../request/scope.js';
import { idOfRef, parseRefKey, refKey } from '../../domain/ids.js';
import type { LeasingEventModel, ProspectModel, SourceRef } from '../../domain/models.js';
import type { Resolvers } from '../../generated/resolvers.js';
import { cursorOfSeq, type StoredEvent } from '../../events/types.js';
import { degrade } from '../common/partial.js';
import { nodeLookupFor, registerNodeLookup } from '../node-lookup.js';
import { changeFilter, leasingEventFilter } from './filters.js';
import { subscribeToEvents } from './subscribe.js';
import { queryLeasingEvents } from './history.js';

/**
 * Subscription.leasingEvents and Subscription.changes over the event log, and the
 * LeasingEvent type (vendors have no read endpoint for leasing events: the log is
 * where the graph knows them from).
 */

function leasingEventOf(event: StoredEvent): LeasingEventModel {
  if (event.node?.__typename === 'LeasingEvent') return event.node;
  // The leasingEvents predicate only lets leasing events through.
  throw new Error(`event ${event.seq} is a ${event.entityType}, not a leasing event`);
}

async function prospectOf(ref: SourceRef, context: GatewayContext): Promise<ProspectModel | null> {
  const lookup = nodeLookupFor('Prospect');
  const node = lookup === undefined ? null : await lookup(refKey(ref), context);
  return node !== null && node.__typename === 'Prospect' ? node : null;
}

registerNodeLookup('LeasingEvent', (key, context) => context.gateway.leasingEvents.byRef(parseRefKey(key)));

export const eventResolvers: Resolvers = {
  Query: {
    leasingEvents: (_root, args, context) => queryLeasingEvents(args, context),
  },
  Subscription: {
    leasingEvents: {
      subscribe: async (_root, args, context) => subscribeToEvents(context, args.after, await leasingEventFilter(args.filter, context)),
      resolve: (event: StoredEvent) => event,
    },
    changes: {
      subscribe: async (_root, args, context) => subscribeToEvents(context, args.after, await changeFilter(args.filter, context)),
      resolve: (event: StoredEvent) => event,
    },
  },
  LeasingEventNotice: {
    cursor: (event) => cursorOfSeq(event.seq),
    event: (event) => leasingEventOf(event),
  },
  ChangeNotice: {
    cursor: (event) => cursorOfSeq(event.seq),
    type: (event) => event.entityType,
    node: (event, _args, context, info) => {
      if (event.change === 'DELETED') return null;
      if (event.entityType === 'UNIT') {
        const ref = event.unitRef ?? { vendor: event.vendor, externalId: event.externalId };
        return degrade(context, info, null, () => context.directory.byRef(ref));
      }
      return event.node === null || event.node.__typename === 'UnitRecord' ? null : event.node;
    },
    previous: (event) => event.previous ?? null,
  },
  LeasingEvent: {
    id: (event) => idOfRef('LeasingEvent', event),
    prospect: (event, _args, context, info) => (event.prospect === null ? null : degrade(context, info, null, () => prospectOf(event.prospect!, context))),
    unit: (event, _args, context, info) => (event.unit === null ? null : degrade(context, info, null, () => context.directory.byRef(event.unit!))),
    // Events stored before these were kept have neither.
    source: (event) => event.source ?? null,
    plannedAt: (event) => event.plannedAt ?? null,
  },
};
