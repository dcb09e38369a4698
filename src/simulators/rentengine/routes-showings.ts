import type { FastifyInstance } from 'fastify';
import type { RawQuery } from '../kit/query.js';
import { availability, freeSlots } from './availability.js';
import { createShowingSchema, SELF_PROSPECT_REQUIRED } from './bodies.js';
import { requireUnit, type RouteContext } from './context.js';
import { parseRange, prescreen } from './prescreen.js';
import { availabilityQuery } from './queries.js';
import type { Prospect, ShowingMethod, Unit } from './types.js';
import { badRequest, checkBody, missing, parseIsoMillis, parseQuery } from './validate.js';

interface ShowingInput {
  unitId: number;
  plannedForTime: string;
  desiredShowingMethod?: ShowingMethod;
  rescheduleEvent?: boolean;
  agentTk?: string;
  prospectData: {
    prospectType?: 'Self' | 'Agent';
    firstName: string;
    lastName: string;
    email: string;
    phone: string;
    creditScore?: string;
    income?: string;
    questionAnswers?: { question: string; answer?: unknown }[];
  };
}

/** Agent tokens are 6 characters; the simulator accepts any of capitals and digits. */
const AGENT_TOKEN = /^[A-Z0-9]{6}$/;

/** Fails unless `startMillis` opens one of the unit's free windows. */
function checkSlot(context: RouteContext, unit: Unit, startMillis: number, text: string): void {
  if (unit.status !== 'Available') throw badRequest(`unit ${unit.id} is ${unit.status}; showings can be booked only for Available units`);
  if (freeSlots(context.store, unit, context.store.now().getTime()).some((s) => s.startMillis === startMillis)) return;
  if (context.store.bookedSlots(unit.id).has(startMillis)) {
    throw badRequest(`plannedForTime ${text} is already booked for unit ${unit.id}; pick another window from GET /showings/availability`);
  }
  throw badRequest(`plannedForTime must be the start of an open showing window of unit ${unit.id} (GET /showings/availability lists them), got ${text}`);
}

/** Self prospects must pass the unit's prescreening template; a failure is recorded on the prospect and returned. */
function checkSelfProspect(context: RouteContext, unit: Unit, input: ShowingInput, prospect: () => Prospect): void {
  const data = input.prospectData;
  const absent = SELF_PROSPECT_REQUIRED.filter((name) => data[name] === undefined);
  if (absent.length > 0) {
    throw badRequest(`Self prospects need ${absent.map((n) => `prospectData.${n}`).join(', ')} for prescreening`, missing(absent, '/prospectData'));
  }
  const credit = parseRange(data.creditScore!);
  if (credit === null) throw badRequest(`prospectData.creditScore must be a range such as "650-699" or "700+", got ${JSON.stringify(data.creditScore)}`);
  const income = parseRange(data.income!);
  if (income === null) throw badRequest(`prospectData.income must be a monthly range such as "$5000-$6000/month", got ${JSON.stringify(data.income)}`);
  const template = context.store.templateForUnit(unit);
  if (template === undefined) return;
  const outcome = prescreen(template, unit, credit, data.creditScore!, income, data.income!);
  if (!outcome.passed) {
    context.store.advanceProspect(prospect(), outcome.eventType, { notes: outcome.message });
    throw badRequest(outcome.message);
  }
}

export function showingRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store } = context;

  app.get('/showings/availability', async (request) => {
    const query = parseQuery(request.query as RawQuery, availabilityQuery, false);
    return { availability: availability(store, requireUnit(context, query.unitId!), store.now().getTime()) };
  });

  app.post('/showings/create', async (request) => {
    const input = checkBody<ShowingInput>(createShowingSchema, request.body);
    const data = input.prospectData;
    const type = data.prospectType ?? 'Self';
    if (type === 'Agent' && (input.agentTk === undefined || !AGENT_TOKEN.test(input.agentTk))) {
      throw badRequest(`Agent prospects need agentTk, a 6-character agent token of capital letters and digits, got ${JSON.stringify(input.agentTk ?? null)}`);
    }
    const unit = requireUnit(context, input.unitId);
    const planned = parseIsoMillis(input.plannedForTime);
    const existing = store.findProspectByEmail(data.email);
    const previous = existing === undefined ? undefined : store.bookedSlotOf(existing.id, unit.id);
    if (input.rescheduleEvent === true && previous === undefined) {
      throw badRequest(`rescheduleEvent is true but ${data.email} has no scheduled showing of unit ${unit.id}`);
    }
    checkSlot(context, unit, planned, input.plannedForTime);

    // The prospect is found by email or created, and its unit of interest becomes this unit.
    let prospect = existing;
    const ensureProspect = (): Prospect => {
      if (prospect === undefined) {
        prospect = store.insertProspect({ name: `${data.firstName} ${data.lastName}`, email: data.email, phone: data.phone, status: 'New', source: type === 'Agent' ? 'Agent' : 'Showing Scheduler', unit_of_interest: unit.id });
      } else if (prospect.unit_of_interest !== unit.id) {
        store.updateProspect(prospect, { unit_of_interest: unit.id });
      }
      return prospect;
    };
    if (type === 'Self') checkSelfProspect(context, unit, input, ensureProspect);

    const method = input.desiredShowingMethod ?? unit.showing_method;
    if (input.rescheduleEvent === true && previous !== undefined) store.unbook(unit.id, previous);
    const plannedIso = new Date(planned).toISOString();
    const event = store.advanceProspect(ensureProspect(), 'Showing Scheduled', { source: 'Other', notes: `Showing method: ${method}`, planned_date_time: plannedIso });
    store.book(unit.id, planned, event.id);
    return { statusText: 'success', prospect_id: event.prospect_id, leasing_event_id: event.id, planned_date_time: plannedIso, showing_method: method };
  });
}
