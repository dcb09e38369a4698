import { VendorError } from '../../errors.js';

/**
 * Bodies of RentEngine's documented writes, in the vendor's own field names (snake_case
 * for units, lockboxes, lockbox events, leasing events, multifamily properties and
 * floorplans; camelCase for showings), as RentEngine documents them (docs/vendors.md). The
 * builders copy only documented fields, so a caller's object with extra keys never
 * sends a parameter the vendor does not know.
 */

export interface UnitAddressBody {
  street_number: string;
  street_name: string;
  unit?: string;
  city: string;
  /** Two letters, e.g. "CA". */
  state: string;
  zip_code: string;
  /** The document's enum has one value. */
  country?: 'United States';
}

/** POST /units: no `id` creates, an `id` updates; an address on update must be complete. */
export interface UpsertUnitBody {
  id?: number | string;
  address?: UnitAddressBody;
  property_type?: string;
  bedrooms?: number;
  bathrooms?: number;
  sqft?: number;
  furnished?: boolean;
  renovated?: string;
  /** Type not shown in the stored reference (GET answers "2"). */
  num_parking_spots?: number | string;
  laundry?: string;
  parking_type?: string[];
  /** Monthly asking rent in dollars. */
  target_rental_rate?: number;
  is_occupied?: boolean;
  /** YYYY-MM-DD. */
  earliest_move_in_date?: string;
  year_built?: number;
  amenities?: string[];
  highlighted_amenities?: string[];
  pets_allowed?: string;
  pet_restrictions?: string;
  key_access?: string;
  showing_method?: string;
  /** Needs showing_method in the same request; its shape depends on the method. */
  structured_access_instructions?: Record<string, unknown>;
  marketing_description?: string;
  prescreen_template_id?: string;
  desired_lease_duration_months?: number[];
  allow_cooperating_brokers?: boolean;
  hoa_app_required?: boolean;
  /** Dollars. */
  hoa_app_fee?: number;
  hoa_application_url?: string;
}

/** The unit fields sent as given, in the order of the reference and the UnitsEvents record. */
export const UNIT_FIELDS = [
  'property_type', 'bedrooms', 'bathrooms', 'sqft', 'furnished', 'renovated', 'num_parking_spots', 'laundry', 'parking_type',
  'target_rental_rate', 'is_occupied', 'earliest_move_in_date', 'year_built', 'amenities', 'highlighted_amenities',
  'allow_cooperating_brokers', 'desired_lease_duration_months', 'pets_allowed', 'pet_restrictions', 'hoa_app_required',
  'hoa_app_fee', 'hoa_application_url', 'key_access', 'showing_method', 'structured_access_instructions',
  'marketing_description', 'prescreen_template_id',
] as const satisfies readonly (keyof UpsertUnitBody)[];

/** POST /lockboxes (SentriLock only). */
export interface CreateLockboxesBody {
  /** Default "Sentrilock", the only supported type. */
  lockbox_type?: string;
  serial_numbers: string[];
  account_id: string;
}

/** POST /lockboxes/transfer_accounts. */
export interface TransferLockboxesBody {
  lockbox_ids: string[];
  new_account_id: string;
}

/** POST /lockboxes/generate_code: one of lockbox_id, serial_number or unit_id locates the lockbox. */
export interface GenerateLockboxCodeBody {
  lockbox_id?: string;
  serial_number?: string;
  unit_id?: number | string;
  /** YYYY-MM-DD the code is valid on. Default: today (UTC) by the client's clock. */
  date?: string;
  created_for?: string;
  code_type?: 'ACCESS' | 'SHACKLE';
}

export interface LockboxEventBody {
  lockbox_id: string;
  event_type: 'Install' | 'Uninstall';
  unit_id: number | string;
  /**
   * Recorded with the event. The POST body in the stored reference lists only the three
   * fields above, but the event object it records carries `metadata` ({installer_id,
   * notes}); it is sent only when given.
   */
  metadata?: { installer_id?: string; notes?: string };
}

/** POST /leasing_events, one event per request; only "Assign to User" is supported. */
export interface AssignToUserEventBody {
  prospect_id: number | string;
  event_type?: 'Assign to User';
  source?: string;
  notes?: string;
  context: {
    assignedToUserIds: string[];
    /** Apply to every prospect sharing the phone number. */
    applyActionInBulk?: boolean;
  };
}

export interface QuestionAnswerBody {
  question: string;
  answer: string;
}

/** POST /showings/create. Self prospects pass prescreening; agents give a 6-character token. */
export interface CreateShowingBody {
  unitId: number | string;
  /** ISO 8601. */
  plannedForTime: string;
  prospectData: {
    firstName: string;
    lastName: string;
    email: string;
    /** 10 digits. */
    phone: string;
    /** A range label, e.g. "700+". */
    creditScore?: string;
    /** A monthly range label, e.g. "$5000-$6000/month". */
    income?: string;
    /** Default [] (the field is required). */
    questionAnswers?: QuestionAnswerBody[];
    prospectType?: 'Self' | 'Agent';
  };
  desiredShowingMethod?: string;
  /** The agent token, for agent prospects. */
  agentTk?: string;
  /** Moves the prospect's scheduled showing of this unit to plannedForTime instead of booking another. */
  rescheduleEvent?: boolean;
}

export interface PhotoBody {
  path: string;
  hidden: boolean;
}

/** POST /multifamily_properties: no `id` creates, an `id` updates. */
export interface UpsertMultifamilyPropertyBody {
  id?: string;
  community_name: string;
  building_count: number;
  unit_count: number;
  description?: string;
  /** Mid Rise, High Rise or Garden Style. */
  structure_type: string;
  year_built: number;
  photos: PhotoBody[];
  external_ids?: Record<string, unknown>;
  text_address: string;
  account_id: string;
  deleted?: boolean;
}

/** POST /floorplans: no `id` creates, an `id` updates. */
export interface UpsertFloorplanBody {
  id?: string;
  multifamily_property_id: string;
  name?: string;
  bedroom_count?: number;
  bathroom_count?: number;
  unit_count?: number;
  units_available?: number;
  market_rent?: number;
  min_sqft?: number;
  max_sqft?: number;
  photos?: PhotoBody[];
  deleted?: boolean;
  description?: string;
}

/** The documented keys of `source` that are set, in the order given. */
function pick<T extends object>(source: T, keys: readonly (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const key of keys) {
    if (source[key] !== undefined) out[key] = source[key];
  }
  return out;
}

/** Ids the vendor documents as numbers (unit, prospect), from the gateway's string ids. */
export function vendorInteger(value: number | string, field: string): number {
  const n = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n)) {
    throw new VendorError({ code: 'BAD_USER_INPUT', vendor: 'RENTENGINE', message: `RENTENGINE expects ${field} to be an integer id, got ${JSON.stringify(value)}` });
  }
  return n;
}

const photos = (list: readonly PhotoBody[]) => list.map((p) => ({ path: p.path, hidden: p.hidden }));

export function unitBody(body: UpsertUnitBody): Record<string, unknown> {
  return {
    ...pick(body, UNIT_FIELDS),
    ...(body.id !== undefined && { id: vendorInteger(body.id, 'id') }),
    ...(body.address !== undefined && { address: pick(body.address, ['street_number', 'street_name', 'unit', 'city', 'state', 'zip_code', 'country']) }),
  };
}

export function createLockboxesBody(body: CreateLockboxesBody): Record<string, unknown> {
  return { lockbox_type: body.lockbox_type ?? 'Sentrilock', serial_numbers: [...body.serial_numbers], account_id: body.account_id };
}

export function transferLockboxesBody(body: TransferLockboxesBody): Record<string, unknown> {
  return { lockbox_ids: [...body.lockbox_ids], new_account_id: body.new_account_id };
}

export function generateCodeBody(body: GenerateLockboxCodeBody, today: string): Record<string, unknown> {
  if (body.lockbox_id === undefined && body.serial_number === undefined && body.unit_id === undefined) {
    throw new VendorError({ code: 'BAD_USER_INPUT', vendor: 'RENTENGINE', message: 'RENTENGINE POST /lockboxes/generate_code needs a lockbox_id, serial_number or unit_id; none was given' });
  }
  return {
    ...pick(body, ['lockbox_id', 'serial_number', 'created_for', 'code_type']),
    ...(body.unit_id !== undefined && { unit_id: vendorInteger(body.unit_id, 'unit_id') }),
    date: body.date ?? today,
  };
}

export function lockboxEventsBody(events: readonly LockboxEventBody[]): Record<string, unknown> {
  return {
    events: events.map((e) => ({
      lockbox_id: e.lockbox_id, event_type: e.event_type, unit_id: vendorInteger(e.unit_id, 'unit_id'),
      ...(e.metadata !== undefined && { metadata: pick(e.metadata, ['installer_id', 'notes']) }),
    })),
  };
}

export function leasingEventBody(event: AssignToUserEventBody): Record<string, unknown> {
  const context = { assignedToUserIds: [...event.context.assignedToUserIds], ...pick(event.context, ['applyActionInBulk']) };
  return {
    events: [{ prospect_id: vendorInteger(event.prospect_id, 'prospect_id'), event_type: event.event_type ?? 'Assign to User', ...pick(event, ['source', 'notes']), context }],
  };
}

export function showingBody(body: CreateShowingBody): Record<string, unknown> {
  const p = body.prospectData;
  return {
    unitId: vendorInteger(body.unitId, 'unitId'),
    plannedForTime: body.plannedForTime,
    prospectData: {
      ...pick(p, ['firstName', 'lastName', 'email', 'phone', 'creditScore', 'income']),
      questionAnswers: (p.questionAnswers ?? []).map((qa) => ({ question: qa.question, answer: qa.answer })),
      ...pick(p, ['prospectType']),
    },
    ...pick(body, ['desiredShowingMethod', 'agentTk', 'rescheduleEvent']),
  };
}

export function multifamilyBody(body: UpsertMultifamilyPropertyBody): Record<string, unknown> {
  return {
    ...pick(body, ['id', 'community_name', 'building_count', 'unit_count', 'description', 'structure_type', 'year_built']),
    // Required by the vendor; left out when missing so its 400 names the field, not a crash here.
    ...(body.photos !== undefined && { photos: photos(body.photos) }),
    ...pick(body, ['external_ids', 'text_address', 'account_id', 'deleted']),
  };
}

export function floorplanBody(body: UpsertFloorplanBody): Record<string, unknown> {
  return {
    ...pick(body, ['id', 'multifamily_property_id', 'name', 'bedroom_count', 'bathroom_count', 'unit_count', 'units_available', 'market_rent', 'min_sqft', 'max_sqft']),
    ...(body.photos !== undefined && { photos: photos(body.photos) }),
    ...pick(body, ['deleted', 'description']),
  };
}
