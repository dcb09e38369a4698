/** OpenAPI 3.1 of deep.rent's documented surface (deeprent.md + ASSUMPTIONS.md). */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });
const str = { type: 'string' };
const nullableStr = { type: ['string', 'null'] };
const idParam = { name: 'id', in: 'path', required: true, schema: str };
const orgHeader = { name: 'x-org-id', in: 'header', required: false, schema: str, description: 'Optional when the session already has an active organization' };
const session = [{ sessionBearer: [] }, { sessionCookie: [] }];

const object = (required: string[], properties: Record<string, object>) => ({ type: 'object', required, properties });

const schemas = {
  ExternalError: object(['success', 'error'], { success: { const: false }, error: str }),
  Error: object(['error'], { error: str }),
  Address: object(['addressLine1', 'city', 'postalCode', 'country', 'countryCode'], {
    addressLine1: str, city: str, postalCode: str, country: str, countryCode: str,
  }),
  Contact: object(['id', 'role'], {
    id: str, email: nullableStr, firstName: nullableStr, lastName: nullableStr, salutation: nullableStr,
    resolvedSalutation: nullableStr, companyName: nullableStr, personTitle: nullableStr,
    role: { type: 'string', description: 'RENTER, LANDLORD, AGENT; unknown values may appear' },
  }),
  Protocol: object(['id', 'object', 'protocol', 'contacts', 'owner', 'store', 'storage_kb', 'meta'], {
    id: { type: 'string', description: 'Protocol id; use for the PDF download' },
    object: object(['id', 'category', 'type', 'name', 'address', 'addressId'], {
      id: str, category: str, type: str, name: str, address: ref('Address'), addressId: str,
    }),
    protocol: object(['link', 'cause', 'store_kb', 'createdAt'], {
      link: { type: 'string', description: 'Internal storage reference, not a PDF URL' },
      cause: { type: 'string', description: 'Handover, Move-in, Move-out, Inspection' },
      store_kb: { type: 'number' },
      createdAt: { type: 'string', format: 'date-time' },
      documentCosts: { type: 'boolean' },
      retentionUntil: { type: ['string', 'null'], format: 'date-time' },
      landlordConfirmation: { type: 'boolean' },
    }),
    contacts: { type: 'array', items: ref('Contact') },
    owner: object(['orgId', 'userId'], { orgId: str, userId: str, userName: nullableStr }),
    store: { type: 'string', description: 'Storage region identifier' },
    storage_kb: { type: 'string', description: 'Storage usage' },
    meta: object(['version', 'deletedAt'], {
      updatedAt: { type: 'string', format: 'date-time' },
      version: { type: 'integer' },
      tags: { type: 'array', items: str },
      deletedAt: { type: ['string', 'null'], description: 'Non-null means soft-deleted' },
      deletedBy: nullableStr,
      deleteReason: nullableStr,
      legalHold: { type: 'boolean' },
      legalHoldReason: nullableStr,
    }),
  }),
  ProtocolList: object(['success', 'count', 'userId', 'orgId', 'protocols', 'hasMore', 'nextCursor'], {
    success: { const: true },
    count: { type: 'integer' },
    userId: str,
    orgId: str,
    protocols: { type: 'array', items: ref('Protocol') },
    hasMore: { type: 'boolean' },
    nextCursor: {
      oneOf: [{ type: 'null' }, object(['cursorTs', 'cursorId'], { cursorTs: { type: 'string', format: 'date-time' }, cursorId: str })],
    },
  }),
  ProtocolPdf: object(['success', 'protocolId', 'orgId', 'fileName', 'url', 'expiresIn', 'expiresAt', 'generated'], {
    success: { const: true }, protocolId: str, orgId: str, fileName: str,
    url: { type: 'string', format: 'uri', description: 'Presigned GET URL; needs no API key' },
    expiresIn: { type: 'number', description: 'Seconds until expiry' },
    expiresAt: { type: 'string', format: 'date-time' },
    generated: { type: 'boolean', description: 'true if the PDF was created by this request' },
  }),
  ApiKey: object(['id', 'name', 'createdAt', 'updatedAt', 'enabled'], {
    id: str, name: str, description: nullableStr, createdAt: str, updatedAt: str, enabled: { type: 'boolean' },
  }),
  CreatedApiKey: object(['id', 'name', 'key', 'createdAt'], { id: str, name: str, description: nullableStr, key: { type: 'string', description: 'Shown once' }, createdAt: str }),
  WebhookEvent: { type: 'string', enum: ['protocol.generated', 'protocol.deleted'] },
  Subscription: object(['id', 'orgId', 'name', 'event', 'url', 'active', 'createdAt'], {
    id: str, orgId: str, name: nullableStr, event: ref('WebhookEvent'), url: str, active: { type: 'boolean' }, createdAt: str,
  }),
  WebhookPayload: object(['event', 'orgId', 'protocol'], { event: ref('WebhookEvent'), orgId: str, protocol: ref('Protocol') }),
};

const sessionErrors = { 401: json('Not authenticated', ref('Error')), 403: json('Not an org owner', ref('Error')) };
const signatureHeaders = [
  { name: 'webhook-id', in: 'header', required: true, schema: str, description: 'Same on every retry of one delivery' },
  { name: 'webhook-timestamp', in: 'header', required: true, schema: str, description: 'Unix seconds' },
  { name: 'webhook-signature', in: 'header', required: true, schema: str, description: 'v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>"> (Standard Webhooks)' },
];
const webhook = (summary: string) => ({
  post: {
    summary,
    parameters: signatureHeaders,
    requestBody: { required: true, content: { 'application/json': { schema: ref('WebhookPayload') } } },
    responses: { 200: { description: 'Any 2xx acknowledges; anything else is retried' } },
  },
});

export const deeprentOpenApi = {
  openapi: '3.1.0',
  info: { title: 'deep.rent Integrator API (simulated)', version: '1.0.0' },
  components: {
    securitySchemes: {
      apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      apiKeyBearer: { type: 'http', scheme: 'bearer' },
      sessionBearer: { type: 'http', scheme: 'bearer' },
      sessionCookie: { type: 'apiKey', in: 'cookie', name: 'session' },
    },
    schemas,
  },
  paths: {
    '/external/protocols': {
      get: {
        operationId: 'listProtocols',
        security: [{ apiKeyHeader: [] }, { apiKeyBearer: [] }],
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
          { name: 'cursorTs', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'With cursorId: return older rows' },
          { name: 'cursorId', in: 'query', schema: str },
          { name: 'includeDeleted', in: 'query', schema: { type: 'boolean', default: false } },
        ],
        responses: {
          200: json('Protocols, newest first', ref('ProtocolList')),
          400: json('Invalid query', ref('ExternalError')),
          401: json('Missing or invalid API key', ref('ExternalError')),
          500: json('Server error', ref('ExternalError')),
        },
      },
    },
    '/external/protocols/{id}/pdf': {
      get: {
        operationId: 'getProtocolPdf',
        security: [{ apiKeyHeader: [] }, { apiKeyBearer: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{6,}$' } }],
        responses: {
          200: json('Presigned URL of the PDF', ref('ProtocolPdf')),
          400: json('Invalid protocol id', ref('ExternalError')),
          401: json('Missing or invalid API key', ref('ExternalError')),
          404: json('Protocol not found', ref('ExternalError')),
          500: json('PDF generation or presign failed', ref('ExternalError')),
        },
      },
    },
    '/api/api-keys': {
      post: {
        operationId: 'createApiKey',
        security: session,
        parameters: [orgHeader],
        requestBody: { required: true, content: { 'application/json': { schema: object(['name'], { name: str, description: nullableStr }) } } },
        responses: { 201: json('Created; the raw key is shown once', ref('CreatedApiKey')), 400: json('Invalid body', ref('Error')), ...sessionErrors },
      },
      get: {
        operationId: 'listApiKeys',
        security: session,
        parameters: [orgHeader],
        responses: { 200: json('API keys', object(['apiKeys'], { apiKeys: { type: 'array', items: ref('ApiKey') } })), ...sessionErrors },
      },
    },
    '/api/api-keys/{id}': {
      get: {
        operationId: 'getApiKey',
        security: session,
        parameters: [idParam, orgHeader],
        responses: { 200: json('API key', ref('ApiKey')), ...sessionErrors, 404: json('Key not found', ref('Error')) },
      },
      delete: {
        operationId: 'revokeApiKey',
        security: session,
        parameters: [idParam, orgHeader],
        responses: { 204: { description: 'Revoked' }, ...sessionErrors, 404: json('Key not found', ref('Error')) },
      },
    },
    '/api/webhooks': {
      get: {
        operationId: 'listWebhooks',
        security: session,
        parameters: [orgHeader],
        responses: { 200: json('Subscriptions (never with their secret)', { type: 'array', items: ref('Subscription') }), 401: sessionErrors[401] },
      },
      post: {
        operationId: 'createWebhook',
        security: session,
        parameters: [orgHeader],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: object(['event', 'url'], { name: nullableStr, event: ref('WebhookEvent'), url: str, active: { type: 'boolean', default: true } }) } },
        },
        responses: { 201: json('Created (no secret)', ref('Subscription')), 400: json('Invalid body', ref('Error')), 401: sessionErrors[401] },
      },
    },
    '/api/webhooks/{id}': {
      put: {
        operationId: 'updateWebhook',
        security: session,
        parameters: [idParam, orgHeader],
        requestBody: { required: true, content: { 'application/json': { schema: object([], { name: nullableStr, event: ref('WebhookEvent'), url: str, active: { type: 'boolean' } }) } } },
        responses: { 200: json('Updated', ref('Subscription')), 400: json('Invalid body', ref('Error')), 401: sessionErrors[401], 404: json('Not found', ref('Error')) },
      },
      delete: {
        operationId: 'deleteWebhook',
        security: session,
        parameters: [idParam, orgHeader],
        responses: { 204: { description: 'Deleted' }, 401: sessionErrors[401], 404: json('Not found', ref('Error')) },
      },
    },
    '/api/webhooks/events': {
      get: {
        operationId: 'listWebhookEvents',
        security: session,
        responses: { 200: json('Allowed events', object(['events'], { events: { type: 'array', items: ref('WebhookEvent') } })), 401: sessionErrors[401] },
      },
    },
  },
  webhooks: {
    'protocol.generated': webhook('A protocol was created'),
    'protocol.deleted': webhook('A protocol was soft-deleted'),
  },
} as const;
