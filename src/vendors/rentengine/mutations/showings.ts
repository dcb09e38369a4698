import type { ScheduleShowingInput } from '../../../generated/graphql.js';
import type { ShowingModel } from '../../../domain/models.js';
import type { CreateShowingBody } from '../writes.js';
import type { ShowingCreatedModel } from '../client.js';
import { checkInputAsync, dateTimeOf, emailAddress, fail, isSet, oneOf, text, type InputCheck } from '../../../ports/input.js';
import { rentengineUnitIdOf } from './ids.js';
import type { VendorWrites, WriteContext } from '../../../ports/writes.js';
import { VendorError } from '../../../errors.js';
import { prospectDraft, RENTENGINE_RESOURCE } from '../resources.js';
import type { RentengineClient } from '../client.js';

/** RentEngine's showing methods (docs/vendors.md). */
export const SHOWING_METHODS = ['Accompanied', 'Self Guided', 'Remote Guided', 'Remote Guided with Gated Access'] as const;

/** "(555) 123-4567", "+1 555 123 4567" → "5551234567"; RentEngine wants exactly 10 digits. */
export function tenDigitPhone(value: string, field: string): string {
  const digits = value.replace(/[\s().-]/g, '').replace(/^\+?1(?=\d{10}$)/, '');
  if (!/^\d{10}$/.test(digits)) fail(field, 'a 10-digit US phone number, e.g. 5551234567 or (555) 123-4567', value);
  return digits;
}

/**
 * The POST /showings/create body. A prospect with an agent token is an agent; anyone
 * else is a self prospect, whom RentEngine prescreens, so credit score and income are
 * required for them. `reschedule` moves the prospect's booked showing of the unit.
 */
export function showingBody(check: InputCheck, input: ScheduleShowingInput, now: Date): Omit<CreateShowingBody, 'unitId'> {
  const startsAt = check.field(() => {
    const date = dateTimeOf(input.startsAt, 'input.startsAt');
    if (date.getTime() <= now.getTime()) fail('input.startsAt', `in the future (it is ${now.toISOString()} now)`, date);
    return date;
  });
  const p = input.prospect;
  const agentToken = check.optional(p.agentToken, (v) => {
    const token = text(v, 'input.prospect.agentToken');
    if (!/^[A-Za-z0-9]{6}$/.test(token)) fail('input.prospect.agentToken', 'the 6-character agent token (letters and digits)', v);
    return token;
  });
  const email = check.field(() => emailAddress(p.email, 'input.prospect.email'));
  const creditScore = check.optional(p.creditScore, (v) => text(v, 'input.prospect.creditScore'));
  const income = check.optional(p.income, (v) => text(v, 'input.prospect.income'));
  if (!isSet(p.agentToken)) {
    if (!isSet(p.creditScore)) check.problem('input.prospect.creditScore', 'input.prospect.creditScore is required for a self prospect (one without agentToken), since RentEngine prescreens them: a range such as "700+" or "650-699"');
    if (!isSet(p.income)) check.problem('input.prospect.income', 'input.prospect.income is required for a self prospect (one without agentToken), since RentEngine prescreens them: a monthly range such as "$5000-$6000/month"');
  }
  const method = check.optional(input.method, (v) => oneOf(v, SHOWING_METHODS, 'input.method'));
  return {
    plannedForTime: startsAt?.toISOString() ?? '',
    prospectData: {
      firstName: check.field(() => text(p.firstName, 'input.prospect.firstName')),
      lastName: check.field(() => text(p.lastName, 'input.prospect.lastName')),
      email,
      phone: check.field(() => tenDigitPhone(p.phone, 'input.prospect.phone')),
      ...(creditScore !== undefined && { creditScore }),
      ...(income !== undefined && { income }),
      questionAnswers: (p.questionAnswers ?? []).map((qa, i) => ({ question: check.field(() => text(qa.question, `input.prospect.questionAnswers[${i}].question`)), answer: qa.answer })),
      prospectType: agentToken === undefined ? 'Self' : 'Agent',
    },
    ...(method !== undefined && { desiredShowingMethod: method }),
    ...(agentToken !== undefined && { agentTk: agentToken }),
    ...(input.reschedule === true && { rescheduleEvent: true }),
  };
}

const idText = (value: unknown): string | null =>
  (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.trim() !== '') ? String(value).trim() : null;

/**
 * The Showing a successful POST /showings/create made. The document promises only
 * `{statusText}`; RentEngine (and the simulator) also say which prospect and leasing
 * event it became, and when. A RentEngine showing is its "Showing Scheduled" leasing
 * event (as webhook.ts reads them), so the event id is the showing's id;
 * without one the id is made from the unit and the start, which is what identifies a
 * booked window.
 */
export function showingFromAnswer(body: CreateShowingBody, created: ShowingCreatedModel): ShowingModel {
  const raw = typeof created.raw === 'object' && created.raw !== null ? (created.raw as Record<string, unknown>) : {};
  const planned = idText(raw['planned_date_time']);
  const startsAt = planned !== null && !Number.isNaN(Date.parse(planned)) ? new Date(planned).toISOString() : body.plannedForTime;
  const eventId = idText(raw['leasing_event_id']);
  const prospectId = idText(raw['prospect_id']);
  const method = idText(raw['showing_method']) ?? body.desiredShowingMethod ?? null;
  return {
    __typename: 'Showing',
    vendor: 'RENTENGINE',
    externalId: eventId ?? `unit-${body.unitId}-${startsAt}`,
    raw: created.raw,
    unit: { vendor: 'RENTENGINE', externalId: String(body.unitId) },
    prospect: prospectId === null ? null : { vendor: 'RENTENGINE', externalId: prospectId },
    startsAt,
    endsAt: null,
    status: 'Showing Scheduled',
    method,
    teamMember: null,
  };
}

export const showingWrites: VendorWrites<RentengineClient> = {
  async scheduleShowing(args, context) {
    const body = await checkInputAsync(async (check): Promise<CreateShowingBody> => {
      const checked = showingBody(check, args.input, new Date());
      return { unitId: await check.fieldAsync(() => rentengineUnitIdOf(context, args.input.unitId, 'input.unitId')), ...checked };
    });
    const asked = Date.now();
    const created = await context.write((client) => client.createShowing(body));
    const showing = showingFromAnswer(body, created);
    await keepNewProspect(context, showing, asked);
    return showing;
  },
};

/** How far before the booking a prospect it created may be stamped: the vendor's clock is not ours. */
const CLOCK_SKEW_MILLIS = 60_000;

/**
 * A booking for someone RentEngine did not know creates their prospect, which the answer
 * names only by id; it is kept, as the prospects list shows it, so the showing's prospect
 * resolves once the mutation has answered. RentEngine reads prospects by creation time
 * only, so those created since the booking began are read. A prospect it knew already is
 * kept as it was; one the read misses (or a failed read) is left to its webhook and the
 * next sync: the booking succeeded either way.
 */
async function keepNewProspect(context: WriteContext<RentengineClient>, showing: ShowingModel, askedAtMillis: number): Promise<void> {
  const prospectId = showing.prospect?.externalId;
  if (prospectId === undefined) return;
  try {
    const recent = await context.client.prospects({ createdAfter: new Date(askedAtMillis - CLOCK_SKEW_MILLIS).toISOString() });
    const prospect = recent.find((candidate) => candidate.externalId === prospectId);
    if (prospect === undefined) return;
    // Filed as the sync files the same row (its updated_at included), so the next sync finds it unchanged.
    const updatedAt = typeof prospect.raw === 'object' && prospect.raw !== null ? idText((prospect.raw as Record<string, unknown>)['updated_at']) : null;
    await context.keep([{ resource: RENTENGINE_RESOURCE.prospects, upserts: [prospectDraft(prospect, updatedAt)] }]);
  } catch (error) {
    if (!(error instanceof VendorError)) throw error;
    context.logger.warn({ err: error }, 'RentEngine booked a showing, but the prospect it made could not be read; its webhook or the next sync keeps it');
  }
}
