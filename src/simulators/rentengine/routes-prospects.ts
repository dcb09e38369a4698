import type { FastifyInstance } from 'fastify';
import type { RawQuery } from '../kit/query.js';
import { createLeasingEventsSchema } from './bodies.js';
import { filterKey, hasFilters, type RouteContext } from './context.js';
import { prospectsQuery } from './queries.js';
import type { LeasingEventType } from './types.js';
import { badRequest, checkBody, missing, notFound, page, parseQuery } from './validate.js';

interface LeasingEventInput {
  prospect_id: number;
  event_type: LeasingEventType;
  source?: string;
  notes?: string;
  context?: { assignedToUserIds?: string[]; applyActionInBulk?: boolean };
}

/** The one leasing event type the API creates today (rentengine-endpoints.md §6). */
const SUPPORTED_EVENT_TYPE = 'Assign to User';

export function prospectRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store } = context;

  app.get('/prospects', async (request) => {
    const query = parseQuery(request.query as RawQuery, prospectsQuery, true);
    if (!hasFilters(query)) return page(store.prospects.rows, query);
    const list = store.cachedList(filterKey('prospects', query), () => store.prospects.rows.filter((p) => {
      const created = Date.parse(p.created_at);
      // created_after is inclusive, as integrators observe live.
      return (query.created_after === undefined || created >= query.created_after)
        && (query.created_before === undefined || created < query.created_before);
    }));
    return page(list, query);
  });

  app.post('/leasing_events', async (request, reply) => {
    const input = checkBody<{ events: LeasingEventInput[] }>(createLeasingEventsSchema, request.body);
    const event = input.events[0]!;
    if (event.event_type !== SUPPORTED_EVENT_TYPE) {
      throw badRequest(`only "${SUPPORTED_EVENT_TYPE}" events can be created through the API for now, got "${event.event_type}"`);
    }
    const userIds = event.context?.assignedToUserIds;
    if (userIds === undefined) {
      throw badRequest(`context.assignedToUserIds is required for "${SUPPORTED_EVENT_TYPE}" events`, missing(['assignedToUserIds'], '/events/0/context'));
    }
    const unknown = userIds.filter((id) => !store.userIds.has(id.toLowerCase()));
    if (unknown.length > 0) throw badRequest(`context.assignedToUserIds names unknown users: ${unknown.join(', ')} (the members of GET /subteams are assignable)`);
    const prospect = store.prospects.get(event.prospect_id);
    if (prospect === undefined) throw notFound(`Prospect ${event.prospect_id} not found`);
    // applyActionInBulk would repeat the assignment for prospects sharing the phone
    // number; the simulated prospects each have their own, so one event is the whole effect.
    const created = store.insertLeasingEvent({
      prospect_id: prospect.id, unit_id: prospect.unit_of_interest, event_type: SUPPORTED_EVENT_TYPE,
      source: event.source ?? null, notes: event.notes ?? null, planned_date_time: null,
    });
    return reply.code(201).send({
      id: created.id, created_at: created.created_at, notes: created.notes, prospect: created.prospect_id,
      planned_date_time: created.planned_date_time, source: created.source,
    });
  });
}
