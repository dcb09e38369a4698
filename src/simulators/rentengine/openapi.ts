import {
  createLeasingEventsSchema, createLockboxesSchema, createLockboxEventsSchema, createShowingSchema, floorplanBodySchema,
  generateCodeSchema, multifamilyBodySchema, transferLockboxesSchema, unitBodySchema,
} from './bodies.js';
import { componentSchemas } from './openapi-schemas.js';
import * as queries from './queries.js';
import { LEASING_EVENT_TYPES } from './types.js';
import { UNIT_WEBHOOK_FIELDS } from './webhooks.js';
import { DEFAULT_LIMIT, MAX_LIMIT, type JsonSchema, type QueryParam, type QuerySpec } from './validate.js';

/**
 * OpenAPI 3.1 of RentEngine's documented surface (rentengine.md,
 * rentengine-endpoints.md, ASSUMPTIONS.md). Query parameters and request bodies
 * come from the same objects the routes validate with.
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });
const rateLimited = {
  description: 'Too many requests for this token (20 per 5 seconds)',
  headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 1 } } },
  content: json(ref('Error')),
};
const common = { 401: errorResponse('Missing or wrong bearer token: {"error":"Unauthorized"}'), 429: rateLimited };

function paramSchema(param: QueryParam): object {
  switch (param.kind) {
    case 'integer': return { type: 'integer' };
    case 'integers': return { type: 'array', items: { type: 'integer' } };
    case 'string': return { type: 'string' };
    case 'strings': return { type: 'array', items: { type: 'string' } };
    case 'uuid': return { type: 'string', format: 'uuid' };
    case 'uuids': return { type: 'array', items: { type: 'string', format: 'uuid' } };
    case 'boolean': return { type: 'boolean' };
    case 'date-time': return { type: 'string', format: 'date-time' };
    case 'enum': return { type: 'string', enum: param.values };
    case 'enums': return { type: 'array', items: { type: 'string', enum: param.values } };
    default: {
      const unreachable: never = param;
      throw new Error(`unknown query parameter kind ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Array parameters are one comma-separated value ("?unitIds=1,2,3"): form style, not exploded. */
function parameters(spec: QuerySpec, paged: boolean): object[] {
  const own = Object.entries(spec).map(([name, param]) => {
    const schema = paramSchema(param);
    const isList = (schema as { type?: string }).type === 'array';
    return { name, in: 'query', required: param.required === true, description: param.description, schema, ...(isList && { style: 'form', explode: false }) };
  });
  return paged ? [...own, { $ref: '#/components/parameters/limit' }, { $ref: '#/components/parameters/page_number' }] : own;
}

function list(operationId: string, tags: string[], summary: string, spec: QuerySpec, item: string) {
  return {
    operationId, tags, summary,
    parameters: parameters(spec, true),
    responses: {
      200: { description: `A page of ${item} records: a bare array, shorter than limit on the last page`, content: json({ type: 'array', items: ref(item) }) },
      400: errorResponse('Unknown query parameter ("must NOT have additional properties"), bad value, or limit above 100'),
      ...common,
    },
  };
}

function write(operationId: string, tags: string[], summary: string, body: JsonSchema, statuses: readonly (200 | 201)[], result: object, errors: Record<number, string> = {}) {
  return {
    operationId, tags, summary,
    requestBody: { required: true, content: json(body) },
    responses: {
      ...Object.fromEntries(statuses.map((status) => [status, { description: status === 201 ? 'Created' : 'Done', content: json(result) }])),
      400: errorResponse('Invalid request parameters; details holds the validator output'),
      ...Object.fromEntries(Object.entries(errors).map(([code, text]) => [code, errorResponse(text)])),
      ...common,
    },
  };
}

function webhook(operationId: string, table: string, record: object, summary: string) {
  const envelope = {
    type: 'object', required: ['type', 'table', 'record', 'old_record'],
    properties: {
      type: { type: 'string', enum: ['INSERT', 'UPDATE', 'DELETE'] },
      table: { type: 'string', const: table },
      record: { anyOf: [record, { type: 'null' }], description: 'null for DELETE' },
      old_record: { anyOf: [record, { type: 'null' }], description: 'null for INSERT' },
    },
  };
  return {
    post: {
      operationId, summary, tags: ['Webhooks'],
      security: [{ ApiKeyAuth: [] }],
      parameters: [
        { name: 'Upstash-Message-Id', in: 'header', required: true, description: 'msg_…, the same on every retry of one delivery', schema: { type: 'string' } },
        { name: 'Upstash-Retried', in: 'header', required: true, description: 'How many times this delivery was retried', schema: { type: 'integer', minimum: 0 } },
      ],
      requestBody: { required: true, content: json(envelope) },
      responses: { 200: { description: 'Any 2xx acknowledges; anything else is retried (about 12 s, 2.5 min, 30 min, 6 h, then daily)' } },
    },
  };
}

const unitWebhookRecord = {
  type: 'object', required: ['id'],
  properties: Object.fromEntries(UNIT_WEBHOOK_FIELDS.map((f) => [f, componentSchemas.Unit.properties[f]])),
};

export const rentengineOpenApi = {
  openapi: '3.1.0',
  info: {
    title: 'RentEngine Public API (simulated)',
    version: '1.1.1',
    description: 'Lists page with limit (default 50, max 100) and page_number (0-indexed) and return bare arrays; the last page is shorter than limit. Unknown query parameters are refused. 20 requests per 5 seconds per token.',
  },
  servers: [{ url: '/api/public/v1', description: 'This simulator' }],
  security: [{ BearerAuth: [] }],
  tags: ['Lockboxes', 'Lockbox Events', 'Lockbox Installations', 'Units', 'Prospects', 'Multifamily Properties', 'Floorplans', 'Leasing Events', 'Subteams', 'Prescreening Templates', 'Showings', 'Webhooks'].map((name) => ({ name })),
  components: {
    securitySchemes: {
      BearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'x-api-token', description: 'The key set up with the webhook' },
    },
    parameters: {
      limit: { name: 'limit', in: 'query', required: false, description: `Items per page (default ${DEFAULT_LIMIT}, max ${MAX_LIMIT})`, schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT } },
      page_number: { name: 'page_number', in: 'query', required: false, description: 'Page to return, 0-indexed', schema: { type: 'integer', minimum: 0, default: 0 } },
    },
    schemas: { ...componentSchemas, UnitWebhookRecord: unitWebhookRecord },
  },
  paths: {
    '/lockboxes': {
      get: list('getLockboxes', ['Lockboxes'], 'Get lockboxes', queries.lockboxesQuery, 'Lockbox'),
      post: write('postLockboxes', ['Lockboxes'], 'Create lockboxes (Sentrilock only)', createLockboxesSchema, [201], { type: 'array', items: ref('Lockbox') }, { 403: 'account_id is not accessible to this token' }),
    },
    '/lockboxes/transfer_accounts': {
      post: write('postLockboxesTransferAccounts', ['Lockboxes'], 'Move lockboxes to another account', transferLockboxesSchema, [200], { type: 'array', items: ref('Lockbox') }, { 403: 'new_account_id is not accessible to this token', 404: 'Some lockbox_ids do not exist' }),
    },
    '/lockboxes/generate_code': {
      post: write('postGenerateLockboxCode', ['Lockboxes'], 'Generate a one-time code for a lockbox', generateCodeSchema, [200], ref('GeneratedCode'), { 404: 'No such lockbox, or no lockbox installed at unit_id' }),
    },
    '/lockbox_events': {
      get: list('getLockboxEvents', ['Lockbox Events'], 'Get lockbox events', queries.lockboxEventsQuery, 'LockboxEvent'),
      post: write('postLockboxEvents', ['Lockbox Events'], 'Record Install or Uninstall events (all or nothing)', createLockboxEventsSchema, [201], { type: 'array', items: ref('LockboxEvent') }),
    },
    '/lockbox_installations': {
      get: list('getLockboxInstallations', ['Lockbox Installations'], 'Get lockbox installations (created by Install events only)', queries.lockboxInstallationsQuery, 'LockboxInstallation'),
    },
    '/units': {
      get: list('getUnits', ['Units'], 'Get units', queries.unitsQuery, 'Unit'),
      post: write('postUnit', ['Units'], 'Create (no id) or update (id) a unit', unitBodySchema, [200, 201], ref('Unit'), { 403: 'account_id is not accessible to this token', 404: 'No unit with that id' }),
    },
    '/prospects': {
      get: list('getProspects', ['Prospects'], 'Get prospects', queries.prospectsQuery, 'Prospect'),
    },
    '/multifamily_properties': {
      get: list('getMultifamilyProperties', ['Multifamily Properties'], 'Get multifamily properties', queries.multifamilyQuery, 'MultifamilyProperty'),
      post: write('postMultifamilyProperties', ['Multifamily Properties'], 'Create or update a multifamily property', multifamilyBodySchema, [200], ref('MultifamilyProperty'), { 403: 'account_id is not accessible to this token', 404: 'No property with that id' }),
    },
    '/floorplans': {
      get: list('getFloorplans', ['Floorplans'], 'Get floorplans', queries.floorplansQuery, 'Floorplan'),
      post: write('postFloorplans', ['Floorplans'], 'Create or update a floorplan', floorplanBodySchema, [200], ref('Floorplan'), { 404: 'No floorplan with that id' }),
    },
    '/leasing_events': {
      post: write('postLeasingEvents', ['Leasing Events'], 'Create one "Assign to User" leasing event', createLeasingEventsSchema, [201], ref('CreatedLeasingEvent'), { 404: 'No prospect with that id' }),
    },
    '/subteams': {
      get: list('getSubteams', ['Subteams'], 'Get subteams', queries.subteamsQuery, 'Subteam'),
    },
    '/prescreening_templates': {
      get: list('getPrescreeningTemplates', ['Prescreening Templates'], 'Get prescreening templates', queries.prescreeningTemplatesQuery, 'PrescreeningTemplate'),
    },
    '/showings/availability': {
      get: {
        operationId: 'getShowingAvailability', tags: ['Showings'], summary: 'Showing windows of one unit for the next 7 days',
        parameters: parameters(queries.availabilityQuery, false),
        responses: {
          200: { description: 'Preferred and available windows', content: json(ref('Availability')) },
          400: errorResponse('unitId missing or not an integer, or an unknown parameter'),
          404: errorResponse('No unit with that id'),
          ...common,
        },
      },
    },
    '/showings/create': {
      post: write('createShowing', ['Showings'], 'Book (or reschedule) a showing; self prospects are prescreened, agents need agentTk', createShowingSchema, [200], ref('ShowingCreated'), { 404: 'No unit with that id' }),
    },
  },
  webhooks: {
    UnitsEvents: webhook('receiveUnitsUpdates', 'units', ref('UnitWebhookRecord'), 'Unit created or updated'),
    ProspectsEvents: webhook('receiveProspectsUpdates', 'prospects', ref('Prospect'), 'Prospect created or updated'),
    LeasingEvents: webhook('receiveLeasingEvents', 'leasing_events', ref('LeasingEvent'), `Leasing event created (${LEASING_EVENT_TYPES.length} types)`),
    LockboxEvents: webhook('receiveLockboxEvents', 'lockbox_events', ref('LockboxEvent'), 'Lockbox event created'),
  },
};
