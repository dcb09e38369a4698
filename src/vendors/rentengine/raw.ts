import { z } from 'zod';
import { toIsoDate } from '../../domain/dates.js';
import { bool, dateTime, id, isoDateTimeIn, nullableId, numeric, text } from '../../ports/raw-fields.js';

/**
 * RentEngine payloads (docs/vendors.md, RentEngine), checked once at the edge.
 * Tolerant where the documents disagree or integrators saw variants: numbers may be
 * numeric strings, ids numbers or strings, a unit's address an integer id or an object,
 * optional fields null or missing. Enum fields are plain strings so a value added by
 * the vendor later is kept, not refused. Timestamps are normalized to ISO 8601 with an
 * offset here (no offset means UTC), so a garbled date fails naming its field.
 */

/** Text that some payloads send as a number (street numbers, zip codes, phone numbers). */
const looseText = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined ? null : String(v)));

const requiredLooseText = z.union([z.string().min(1), z.number()]).transform(String);

/** An optional ISO 8601 timestamp, normalized; null when missing. */
const timestamp = dateTime;
/** A timestamp the document marks required. */
// min(1) rules out empty text, so the normalized value is a string.
const requiredTimestamp = z.string({ error: 'expected an ISO 8601 date-time' }).min(1).transform((v, ctx) => isoDateTimeIn(v, ctx) as string);
/** A calendar date (YYYY-MM-DD, or a date-time whose UTC day is taken). */
const calendarDate = text.transform((v, ctx) => {
  try {
    return toIsoDate(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: `expected a YYYY-MM-DD date, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
});

/** A list of strings that may be missing or null (then empty). */
const idList = z.array(id).nullish().transform((v) => v ?? []);

/** One page of a list operation: a bare JSON array; rows are checked one by one. */
export const rawPage = z.array(z.unknown(), { error: 'expected a JSON array of rows' });

export const rawAddressParts = z.object({
  formatted_address: text,
  street_number: looseText,
  street_name: text,
  unit: looseText,
  city: text,
  state: text,
  zip_code: looseText,
  country: text,
});

/**
 * The vendor reference documents `address` as the integer id of an address record; live
 * answers carry the object. Both are accepted: `{kind: 'record'}` has no parts to read.
 */
const ADDRESS_EXPECTED = 'expected an address id (integer) or an address object {formatted_address, street_number, street_name, unit, city, state, zip_code, country}';
const unitAddress = z
  .union([z.number(), z.string(), rawAddressParts, z.null()], { error: ADDRESS_EXPECTED })
  .optional()
  .transform((v, ctx) => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'object') return { kind: 'parts' as const, ...v };
    if (!/^\d+$/.test(String(v))) {
      ctx.addIssue({ code: 'custom', message: `${ADDRESS_EXPECTED}, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return { kind: 'record' as const, id: String(v) };
  });

export const rawUnit = z.object({
  id,
  created_at: timestamp,
  updated_at: timestamp,
  address: unitAddress,
  status: text,
  property_type: text,
  bedrooms: numeric,
  bathrooms: numeric,
  sqft: numeric,
  target_rental_rate: numeric,
  earliest_move_in_date: calendarDate,
  marketing_description: text,
  is_occupied: bool,
  pets_allowed: text.optional(),
  pet_restrictions: text.optional(),
  pet_fees: z.array(z.unknown()).nullish(),
  monthly_fees: z.array(z.unknown()).nullish(),
  move_in_fees: z.array(z.unknown()).nullish(),
  amenities: z.array(z.unknown()).nullish(),
  showing_method: text.optional(),
  prescreen_template_id: nullableId,
});

export const rawLockbox = z.object({
  id,
  lockbox_type: z.string(),
  serial_number: requiredLooseText,
  account_id: nullableId,
  created_at: timestamp,
  updated_at: timestamp,
});

export const rawLockboxEvent = z.object({
  id,
  lockbox_id: id,
  event_type: z.string(),
  unit_id: nullableId,
  account_id: nullableId,
  created_at: requiredTimestamp,
  metadata: z.unknown().optional(),
});

export const rawLockboxInstallation = z.object({
  id,
  lockbox_id: id,
  unit_id: nullableId,
  installed_at: timestamp,
  uninstalled_at: timestamp,
});

export const rawProspect = z.object({
  id,
  name: text,
  email: text,
  phone: looseText,
  status: text,
  source: text,
  unit_of_interest: nullableId,
  created_at: timestamp,
  updated_at: timestamp,
});

/**
 * A leasing event as the webhook record carries it (docs/vendors.md). The POST
 * /leasing_events answer names the prospect `prospect` instead of `prospect_id` and may
 * leave out the event type, so both names are read and the type is optional here; the
 * client fills in the type it sent.
 */
export const rawLeasingEvent = z.object({
  id,
  prospect_id: nullableId,
  prospect: nullableId,
  unit_id: nullableId,
  event_type: text,
  source: text,
  notes: text,
  planned_date_time: timestamp,
  created_at: requiredTimestamp,
});

export const rawMultifamilyProperty = z.object({
  id,
  community_name: z.string(),
  building_count: numeric,
  unit_count: numeric,
  description: text,
  structure_type: text,
  year_built: numeric,
  text_address: text,
  account_id: nullableId,
  external_ids: z.unknown().optional(),
  deleted: bool,
  created_at: timestamp,
  updated_at: timestamp,
});

export const rawFloorplan = z.object({
  id,
  multifamily_property_id: nullableId,
  name: text,
  bedroom_count: numeric,
  bathroom_count: numeric,
  unit_count: numeric,
  units_available: numeric,
  market_rent: numeric,
  min_sqft: numeric,
  max_sqft: numeric,
  description: text,
  deleted: bool,
});

export const rawSubteam = z.object({
  id,
  name: z.string(),
  account_id: nullableId,
  user_ids: idList,
});

export const rawPrescreeningTemplate = z.object({
  id,
  name: z.string(),
  rules: z.unknown().optional().transform((v) => v ?? null),
  questions: z.unknown().optional().transform((v) => v ?? null),
});

const rawShowingWindow = z.object({
  start: requiredTimestamp,
  end: requiredTimestamp,
  showingMethodsAvailable: z.array(z.string()).nullish().transform((v) => v ?? []),
});
const windowList = z.array(rawShowingWindow).nullish().transform((v) => v ?? []);

export const rawShowingAvailability = z.object({
  availability: z.object({
    unitId: id,
    preferredShowingWindows: windowList,
    availableShowingWindows: windowList,
    showingMethod: text,
    timezoneName: text,
    timezoneAbbreviation: text,
    unitStatus: text,
  }),
});

export const rawLockboxCode = z.object({
  code: requiredLooseText,
  lockboxType: text,
  instructions: text,
});

/** POST /showings/create: `{statusText: "success"}` (3rd-party); an empty body is accepted too. */
export const rawShowingCreated = z.union([z.object({ statusText: text }), z.null()]).transform((v) => v ?? { statusText: null });

/** A write that answers one object or an array of them (POST /lockboxes, /lockbox_events, ...). */
export const rawOneOrMany = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())], {
  error: 'expected a JSON object or an array of objects',
}).transform((v) => (Array.isArray(v) ? v : [v]));

export type RawAddressParts = z.output<typeof rawAddressParts>;
export type RawUnit = z.output<typeof rawUnit>;
export type RawLockbox = z.output<typeof rawLockbox>;
export type RawLockboxEvent = z.output<typeof rawLockboxEvent>;
export type RawLockboxInstallation = z.output<typeof rawLockboxInstallation>;
export type RawProspect = z.output<typeof rawProspect>;
export type RawLeasingEvent = z.output<typeof rawLeasingEvent>;
export type RawMultifamilyProperty = z.output<typeof rawMultifamilyProperty>;
export type RawFloorplan = z.output<typeof rawFloorplan>;
export type RawSubteam = z.output<typeof rawSubteam>;
export type RawPrescreeningTemplate = z.output<typeof rawPrescreeningTemplate>;
export type RawShowingAvailability = z.output<typeof rawShowingAvailability>;
export type RawLockboxCode = z.output<typeof rawLockboxCode>;
