import {
  LAUNDRY_TYPES, LEASING_EVENT_SOURCES, LEASING_EVENT_TYPES, PARKING_TYPES, PROPERTY_TYPES,
  SHOWING_METHODS, STRUCTURE_TYPES, UNIT_STATUSES,
} from './types.js';
import type { JsonSchema } from './validate.js';

/**
 * Request body schemas of every documented write, checked by validate.ts and
 * published in the OpenAPI document. Rules a schema cannot state (fields required
 * on create only, the all-or-nothing address, self-prospect prescreening fields)
 * are checked by the route and reported with the same detail shape.
 */

const uuid: JsonSchema = { type: 'string', format: 'uuid' };
const photo: JsonSchema = { type: 'object', required: ['path', 'hidden'], properties: { path: { type: 'string' }, hidden: { type: 'boolean' } } };

export const ADDRESS_PARTS = ['street_number', 'street_name', 'city', 'state', 'zip_code'] as const;

export const unitAddressSchema: JsonSchema = {
  type: 'object',
  description: 'Send every part together: partial address updates are not supported',
  required: ADDRESS_PARTS,
  properties: {
    street_number: { type: 'string', minLength: 1, examples: ['123'] },
    street_name: { type: 'string', minLength: 1, examples: ['Main St'] },
    unit: { type: ['string', 'null'], examples: ['4B'] },
    zip_code: { type: 'string', minLength: 1, examples: ['12345'] },
    state: { type: 'string', pattern: '^[A-Z]{2}$', examples: ['CA'] },
    country: { type: 'string', enum: ['United States'] },
    city: { type: 'string', minLength: 1, examples: ['San Francisco'] },
  },
};

/**
 * The reference blanks out the names of the four fields required on create; they
 * are read here as the first four body fields after `id` in the reference's own
 * order: address, property_type, bedrooms, bathrooms.
 */
export const UNIT_CREATE_REQUIRED = ['address', 'property_type', 'bedrooms', 'bathrooms'] as const;

export const unitBodySchema: JsonSchema = {
  type: 'object',
  description: `No id: create (needs ${UNIT_CREATE_REQUIRED.join(', ')}). With id: update; nothing else is required.`,
  properties: {
    id: { type: 'integer', description: 'Present: update this unit' },
    address: unitAddressSchema,
    property_type: { type: 'string', enum: PROPERTY_TYPES },
    bedrooms: { type: 'number', minimum: 0, examples: [3] },
    bathrooms: { type: 'number', minimum: 0, examples: [2] },
    sqft: { type: 'number', minimum: 0, examples: [1378] },
    furnished: { type: 'boolean' },
    renovated: { type: 'string', examples: ['No'] },
    num_parking_spots: { type: ['string', 'number'] },
    laundry: { type: 'string', enum: LAUNDRY_TYPES },
    target_rental_rate: { type: ['number', 'string'], description: 'Monthly rent in dollars' },
    status: { type: 'string', enum: UNIT_STATUSES, description: 'Default on create: Incomplete' },
    is_occupied: { type: 'boolean' },
    earliest_move_in_date: { type: ['string', 'null'], format: 'date' },
    year_built: { type: ['integer', 'null'] },
    amenities: { type: 'array', items: { type: 'string' } },
    highlighted_amenities: { type: 'array', items: { type: 'string' } },
    allow_cooperating_brokers: { type: ['boolean', 'null'] },
    desired_lease_duration_months: { type: 'array', items: { type: 'integer', minimum: 1 }, examples: [[12]] },
    pets_allowed: { type: ['string', 'null'] },
    pet_restrictions: { type: 'string' },
    hoa_app_required: { type: ['boolean', 'null'] },
    hoa_app_fee: { type: ['number', 'null'], minimum: 0, description: 'Dollars' },
    hoa_application_url: { type: ['string', 'null'] },
    key_access: { type: 'string' },
    parking_type: { type: 'array', items: { type: 'string', enum: PARKING_TYPES } },
    showing_method: { type: 'string', enum: SHOWING_METHODS },
    structured_access_instructions: { type: 'object', description: 'Needs showing_method set in the same request' },
    marketing_description: { type: 'string' },
    prescreen_template_id: { type: ['string', 'null'], format: 'uuid' },
    account_id: { ...uuid, description: 'Default: the main account of the token' },
    extracted_from: { type: ['string', 'null'], description: "The caller's own identifier" },
  },
};

export const createLockboxesSchema: JsonSchema = {
  type: 'object',
  required: ['lockbox_type', 'serial_numbers', 'account_id'],
  properties: {
    lockbox_type: { type: 'string', enum: ['Sentrilock'] },
    serial_numbers: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 }, examples: [['1234567', '7654321']] },
    account_id: uuid,
  },
};

export const transferLockboxesSchema: JsonSchema = {
  type: 'object',
  required: ['lockbox_ids', 'new_account_id'],
  properties: { lockbox_ids: { type: 'array', minItems: 1, items: uuid }, new_account_id: uuid },
};

export const generateCodeSchema: JsonSchema = {
  type: 'object',
  description: 'Give at least one of lockbox_id, serial_number, unit_id',
  required: ['date'],
  properties: {
    lockbox_id: uuid,
    serial_number: { type: 'string', minLength: 1 },
    unit_id: { type: 'integer' },
    date: { type: 'string', format: 'date', description: 'The day the code is valid (YYYY-MM-DD)' },
    created_for: { type: 'string', description: 'Who the code is for' },
    code_type: { type: 'string', enum: ['ACCESS', 'SHACKLE'], description: 'Default ACCESS' },
  },
};

export const createLockboxEventsSchema: JsonSchema = {
  type: 'object',
  required: ['events'],
  properties: {
    events: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['lockbox_id', 'event_type', 'unit_id'],
        properties: {
          lockbox_id: uuid,
          event_type: { type: 'string', enum: ['Install', 'Uninstall'] },
          unit_id: { type: 'integer' },
          metadata: {
            type: 'object',
            description: 'Recorded with the event, as the lockbox event object returns it',
            additionalProperties: false,
            properties: { installer_id: { type: 'string', minLength: 1 }, notes: { type: 'string' } },
          },
        },
      },
    },
  },
};

export const createLeasingEventsSchema: JsonSchema = {
  type: 'object',
  required: ['events'],
  properties: {
    events: {
      type: 'array',
      minItems: 1,
      maxItems: 1,
      description: 'Exactly one event per request',
      items: {
        type: 'object',
        required: ['prospect_id', 'event_type'],
        properties: {
          prospect_id: { type: 'integer' },
          event_type: { type: 'string', enum: LEASING_EVENT_TYPES, description: 'Only "Assign to User" is supported for now' },
          source: { type: 'string', enum: LEASING_EVENT_SOURCES },
          notes: { type: 'string' },
          context: {
            type: 'object',
            properties: {
              assignedToUserIds: { type: 'array', minItems: 1, items: uuid },
              applyActionInBulk: { type: 'boolean', description: 'Apply to every prospect sharing the phone number' },
            },
          },
        },
      },
    },
  },
};

export const multifamilyBodySchema: JsonSchema = {
  type: 'object',
  required: ['community_name', 'building_count', 'unit_count', 'structure_type', 'year_built', 'photos', 'text_address', 'account_id'],
  properties: {
    id: { ...uuid, description: 'Present: update this property' },
    community_name: { type: 'string', minLength: 1 },
    building_count: { type: 'integer', minimum: 1 },
    unit_count: { type: 'integer', minimum: 1 },
    description: { type: 'string' },
    structure_type: { type: 'string', enum: STRUCTURE_TYPES },
    year_built: { type: 'integer', minimum: 1700, maximum: 2100 },
    photos: { type: 'array', items: photo },
    external_ids: { type: 'object', additionalProperties: { type: 'string' }, examples: [{ mls_id: 'MLS123', yardi_id: 'Y-77' }] },
    text_address: { type: 'string', minLength: 1 },
    account_id: uuid,
    deleted: { type: 'boolean' },
  },
};

export const floorplanBodySchema: JsonSchema = {
  type: 'object',
  required: ['multifamily_property_id'],
  properties: {
    id: { ...uuid, description: 'Present: update this floorplan' },
    multifamily_property_id: uuid,
    name: { type: 'string' },
    bedroom_count: { type: 'integer', minimum: 0 },
    bathroom_count: { type: 'number', minimum: 0, examples: [2.5] },
    unit_count: { type: 'integer', minimum: 0 },
    units_available: { type: 'integer', minimum: 0 },
    market_rent: { type: 'number', minimum: 0 },
    min_sqft: { type: 'integer', minimum: 0 },
    max_sqft: { type: 'integer', minimum: 0 },
    photos: { type: 'array', items: photo },
    deleted: { type: 'boolean' },
    description: { type: 'string' },
  },
};

export const SELF_PROSPECT_REQUIRED = ['creditScore', 'income', 'questionAnswers'] as const;

export const createShowingSchema: JsonSchema = {
  type: 'object',
  required: ['unitId', 'plannedForTime', 'prospectData'],
  properties: {
    unitId: { type: 'integer' },
    plannedForTime: { type: 'string', format: 'date-time', description: 'Start of a window from GET /showings/availability' },
    desiredShowingMethod: { type: 'string', enum: SHOWING_METHODS },
    rescheduleEvent: { type: 'boolean', description: "true: move the prospect's scheduled showing of this unit to plannedForTime" },
    agentTk: { type: 'string', description: 'The 6-character agent token; required for Agent prospects' },
    prospectData: {
      type: 'object',
      description: `Self prospects (the default) also need ${SELF_PROSPECT_REQUIRED.join(', ')}`,
      required: ['firstName', 'lastName', 'email', 'phone'],
      properties: {
        prospectType: { type: 'string', enum: ['Self', 'Agent'] },
        firstName: { type: 'string', minLength: 1 },
        lastName: { type: 'string', minLength: 1 },
        email: { type: 'string', format: 'email' },
        phone: { type: 'string', pattern: '^[0-9]{10}$', description: '10 digits' },
        creditScore: { type: 'string', description: 'Self-reported range, e.g. "650-699" or "700+"' },
        income: { type: 'string', description: 'Self-reported monthly range, e.g. "$5000-$6000/month"' },
        questionAnswers: {
          type: 'array',
          items: { type: 'object', required: ['question'], properties: { question: { type: 'string' }, answer: { type: ['string', 'boolean', 'number', 'null'] } } },
        },
      },
    },
  },
};
