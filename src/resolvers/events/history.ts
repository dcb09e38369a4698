import { refKey } from '../../domain/ids.js';
import type { LeasingEventModel, UnitParent } from '../../domain/models.js';
import type { QueryLeasingEventsArgs, UnitLeasingEventsArgs } from '../../generated/graphql.js';
import type { HistoryQueryFilter } from '../../readmodel/fact-queries.js';
import type { GatewayContext } from '../../request/scope.js';
import { checkAfter, checkFirst, toConnection, type CountedConnection } from '../common/connection.js';
import { isoInput } from '../common/records.js';
import { recordKeyOf, storeQuery, unitRefsOf } from '../common/store-query.js';

/**
 * Query.leasingEvents and Unit.leasingEvents: durable leasing history (the read model's
 * leasing_history), newest first, kept apart from the event log and independent of its
 * retention.
 */

async function historyPage(context: GatewayContext, ordering: string, args: { first?: number | null | undefined; after?: string | null | undefined }, filter: HistoryQueryFilter): Promise<CountedConnection<LeasingEventModel>> {
  const first = checkFirst(args.first);
  const after = checkAfter(args.after, ordering);
  const { history } = context.readModel.queries;
  const page = await storeQuery(() => history.page({ first, after, filter }));
  for (const event of page.events) context.readModel.served(event.vendor);
  return { ...toConnection(ordering, page.events, page.positions, page.hasNextPage), totalCount: () => history.count(filter) };
}

export async function queryLeasingEvents(args: QueryLeasingEventsArgs, context: GatewayContext): Promise<CountedConnection<LeasingEventModel>> {
  const input = args.filter ?? {};
  const filter: HistoryQueryFilter = {
    unitRefs: input.unitId === null || input.unitId === undefined ? null : await unitRefsOf(input.unitId, context, 'filter.unitId'),
    prospectRefs: input.prospectId === null || input.prospectId === undefined ? null : [recordKeyOf(input.prospectId, 'Prospect', 'filter.prospectId')],
    stages: input.stages,
    from: isoInput(input.from),
    to: isoInput(input.to),
  };
  return historyPage(context, 'leasingEvents', args, filter);
}

export function unitLeasingEvents(unit: UnitParent, args: UnitLeasingEventsArgs, context: GatewayContext): Promise<CountedConnection<LeasingEventModel>> {
  return historyPage(context, 'unit-leasingEvents', args, { unitRefs: unit.members.map(refKey) });
}
