import {
  LEASING_EVENT_TYPES, LOCKBOX_EVENT_TYPES, PROPERTY_TYPES, SHOWING_METHODS, STRUCTURE_TYPES, UNIT_STATUSES,
} from './types.js';

/** Component schemas of the records the simulator returns (OpenAPI 3.1 = JSON Schema 2020-12). */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: 'string' };
const nullableStr = { type: ['string', 'null'] };
const timestamp = { type: 'string', format: 'date-time', examples: ['2024-10-05T18:53:03.406168Z'] };
const uuid = { type: 'string', format: 'uuid' };
const numeric = { type: ['string', 'number'], description: 'A numeric string as documented; some records carry a JSON number' };
const obj = (required: readonly string[], properties: Record<string, object>) => ({ type: 'object', required, properties });
const photo = obj(['path', 'hidden'], { path: str, hidden: { type: 'boolean' } });
const fee = obj(['name', 'amount'], { name: str, type: str, amount: { type: ['string', 'number'] } });

const window = obj(['start', 'end'], {
  start: timestamp,
  end: timestamp,
  invitedUserIdsArray: { type: 'array', items: uuid },
  showingMethodsAvailable: { type: 'array', items: { type: 'string', enum: SHOWING_METHODS } },
});

export const componentSchemas = {
  ValidationDetail: obj(['keyword', 'dataPath', 'schemaPath', 'params', 'message'], {
    keyword: str, dataPath: str, schemaPath: str, params: { type: 'object' }, message: str,
  }),
  Error: obj(['error'], { error: str, details: { type: 'array', items: ref('ValidationDetail') } }),
  Address: obj(['street_number', 'street_name', 'city', 'state', 'zip_code'], {
    formatted_address: str, street_number: str, street_name: str, unit: nullableStr, city: str, state: str, zip_code: str, country: str,
  }),
  Unit: obj(['id', 'created_at', 'updated_at', 'address', 'status'], {
    id: { type: 'integer' },
    created_at: timestamp,
    updated_at: timestamp,
    address: { anyOf: [ref('Address'), { type: 'integer', description: 'The id of an address record (older API versions)' }] },
    property_type: { type: 'string', enum: PROPERTY_TYPES },
    bedrooms: numeric,
    bathrooms: numeric,
    sqft: { type: ['string', 'number', 'null'] },
    furnished: { type: 'boolean' },
    renovated: str,
    num_parking_spots: { type: ['string', 'number'] },
    laundry: str,
    status: { type: 'string', enum: UNIT_STATUSES },
    is_occupied: { type: 'boolean' },
    target_rental_rate: { type: ['string', 'number', 'null'], description: 'Monthly asking rent in dollars' },
    earliest_move_in_date: { type: ['string', 'null'], format: 'date' },
    earliest_showing_date: { type: ['string', 'null'], format: 'date' },
    year_built: { type: ['integer', 'null'] },
    amenities: { type: 'array', items: str },
    highlighted_amenities: { type: 'array', items: str },
    allow_cooperating_brokers: { type: ['boolean', 'null'] },
    desired_lease_duration_months: { type: 'array', items: { type: 'integer' } },
    pets_allowed: nullableStr,
    pet_restrictions: str,
    pet_fees: { type: 'array', items: fee },
    monthly_fees: { type: 'array', items: fee },
    hoa_app_required: { type: ['boolean', 'null'] },
    hoa_app_fee: { type: ['number', 'null'] },
    hoa_application_url: nullableStr,
    key_access: str,
    parking_type: { type: 'array', items: str },
    showing_method: { type: 'string', enum: SHOWING_METHODS },
    structured_access_instructions: { type: ['object', 'null'] },
    marketing_description: str,
    accepts_vouchers: { type: 'boolean' },
    prescreen_template_id: { type: ['string', 'null'], format: 'uuid' },
    account_id: uuid,
    extracted_from: nullableStr,
  }),
  Lockbox: obj(['id', 'lockbox_type', 'serial_number', 'account_id', 'created_at', 'updated_at'], {
    id: uuid, lockbox_type: { type: 'string', enum: ['Sentrilock'] }, serial_number: str, account_id: uuid, created_at: timestamp, updated_at: timestamp,
  }),
  LockboxEvent: obj(['id', 'lockbox_id', 'event_type', 'unit_id', 'created_at'], {
    id: uuid, lockbox_id: uuid, event_type: { type: 'string', enum: LOCKBOX_EVENT_TYPES },
    unit_id: { type: 'string', description: 'A unit id, as a string' }, account_id: uuid, created_at: timestamp,
    metadata: { type: 'object', examples: [{ installer_id: '7f1c2f5e-2d5b-4c1e-a0de-6b3f0f3b9a11', notes: 'Front door' }] },
  }),
  LockboxInstallation: obj(['id', 'lockbox_id', 'unit_id', 'installed_at', 'uninstalled_at'], {
    id: uuid, lockbox_id: uuid, unit_id: str, installed_at: timestamp,
    uninstalled_at: { type: ['string', 'null'], format: 'date-time', description: 'null while installed' },
  }),
  GeneratedCode: obj(['code', 'lockboxType'], { code: str, lockboxType: { type: 'string', enum: ['Sentrilock', 'Codebox'] }, instructions: str }),
  Prospect: obj(['id', 'name', 'email', 'phone', 'status', 'source', 'unit_of_interest', 'created_at', 'updated_at'], {
    id: { type: 'integer' }, name: str, email: str, phone: str,
    status: { type: 'string', description: 'The latest leasing stage, one of the leasing event types' },
    source: str, unit_of_interest: { type: ['integer', 'null'] }, created_at: timestamp, updated_at: timestamp,
  }),
  CreatedLeasingEvent: obj(['id', 'created_at', 'prospect'], {
    id: { type: 'integer' }, created_at: timestamp, notes: nullableStr, prospect: { type: 'integer', description: 'The prospect id' },
    planned_date_time: { type: ['string', 'null'] }, source: nullableStr,
  }),
  LeasingEvent: obj(['id', 'prospect_id', 'unit_id', 'event_type', 'source', 'notes', 'planned_date_time', 'created_at'], {
    id: { type: 'integer' }, prospect_id: { type: 'integer' }, unit_id: { type: ['integer', 'null'] },
    event_type: { type: 'string', enum: LEASING_EVENT_TYPES }, source: nullableStr, notes: nullableStr,
    planned_date_time: { type: ['string', 'null'], format: 'date-time' }, created_at: timestamp,
  }),
  MultifamilyProperty: obj(['id', 'community_name', 'building_count', 'unit_count', 'structure_type', 'year_built', 'photos', 'text_address', 'account_id'], {
    id: uuid, community_name: str, building_count: { type: 'integer' }, unit_count: { type: 'integer' }, description: nullableStr,
    structure_type: { type: 'string', enum: STRUCTURE_TYPES }, year_built: { type: 'integer' }, photos: { type: 'array', items: photo },
    external_ids: { type: 'object', additionalProperties: str }, text_address: str, account_id: uuid, deleted: { type: 'boolean' },
    created_at: timestamp, updated_at: timestamp,
  }),
  Floorplan: obj(['id', 'multifamily_property_id'], {
    id: uuid, multifamily_property_id: uuid, name: nullableStr, bedroom_count: { type: ['integer', 'null'] },
    bathroom_count: { type: ['number', 'null'] }, unit_count: { type: ['integer', 'null'] }, units_available: { type: ['integer', 'null'] },
    market_rent: { type: ['number', 'null'] }, min_sqft: { type: ['integer', 'null'] }, max_sqft: { type: ['integer', 'null'] },
    photos: { type: 'array', items: photo }, deleted: { type: 'boolean' }, description: nullableStr,
  }),
  Subteam: obj(['id', 'name', 'account_id', 'user_ids'], { id: uuid, name: str, account_id: uuid, user_ids: { type: 'array', items: uuid } }),
  PrescreeningTemplate: obj(['id', 'name', 'rules', 'questions'], {
    id: uuid, name: str, accountId: uuid, isDefault: { type: 'boolean' },
    rules: obj([], {
      minimumCreditScore: { type: 'number' }, minimumIncomeRentMultiplier: { type: 'number' },
      enableVoIPPhoneVerification: { type: 'boolean' }, enableIDVerification: { type: 'boolean' },
      enableSelfieVerification: { type: 'boolean' }, allowIDWithoutExpiryDate: { type: 'boolean' },
      allowIDExpiredInDays: { type: 'number' }, minimumAge: { type: 'number' }, enableShowingLocationVerification: { type: 'boolean' },
    }),
    questions: { type: 'array', items: obj(['question', 'type'], { fixedQuestionType: nullableStr, question: str, type: str }) },
  }),
  ShowingWindow: window,
  Availability: obj(['availability'], {
    availability: obj(['unitId', 'preferredShowingWindows', 'availableShowingWindows', 'showingMethod', 'timezoneName', 'timezoneAbbreviation'], {
      unitId: { type: 'number' },
      preferredShowingWindows: { type: 'array', items: ref('ShowingWindow') },
      availableShowingWindows: { type: 'array', items: ref('ShowingWindow') },
      showingMethod: { type: 'string', enum: SHOWING_METHODS },
      timezoneName: { type: 'string', examples: ['America/Chicago'] },
      timezoneAbbreviation: { type: 'string', examples: ['CST'] },
      unitStatus: { type: ['string', 'null'], enum: [...UNIT_STATUSES, null] },
    }),
  }),
  ShowingCreated: obj(['statusText'], {
    statusText: { type: 'string', enum: ['success'] },
    prospect_id: { type: 'integer' }, leasing_event_id: { type: 'integer' }, planned_date_time: timestamp, showing_method: { type: 'string', enum: SHOWING_METHODS },
  }),
} as const;
