const isActive = { name: 'isActive', in: 'query', required: true, schema: { type: 'string', enum: ['true', 'false'] } };
const error = { type: 'object', required: ['error'], properties: { error: { type: 'string' } } };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** OpenAPI 3.1 of the rent roll's documented surface (rentroll.md + ASSUMPTIONS.md). */
export const rentrollOpenApi = {
  openapi: '3.1.0',
  info: { title: 'Rent roll API (simulated)', version: '1.0.0' },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: error,
      Unit: {
        type: 'object',
        required: ['ID', 'streetAddress', 'city', 'state', 'zip'],
        properties: {
          ID: { type: ['string', 'number'] },
          streetAddress: { type: 'string' },
          unitNumber: { type: 'string' },
          city: { type: 'string' },
          state: { type: 'string' },
          zip: { type: 'string' },
          sqft: { type: 'number' },
          bedrooms: { type: 'number' },
          ownerID: { type: ['string', 'number'] },
          possessionStartDate: { type: ['string', 'null'] },
          possessionEndDate: { type: ['string', 'null'] },
        },
      },
      Tenant: {
        type: 'object',
        required: ['ID', 'name'],
        properties: { ID: { type: ['string', 'number'] }, name: { type: 'string' }, email: { type: ['string', 'null'] }, phoneNumber: { type: ['string', 'null'] } },
      },
      Lease: {
        type: 'object',
        required: ['ID', 'unitID', 'tenants'],
        properties: {
          ID: { type: ['string', 'number'] },
          unitID: { type: ['string', 'number'] },
          leaseStart: { type: ['string', 'null'] },
          leaseEnd: { type: ['string', 'null'] },
          moveIn: { type: ['string', 'null'] },
          moveOut: { type: ['string', 'null'] },
          primaryTenantID: { type: ['string', 'number', 'null'] },
          tenants: { type: 'array', items: { $ref: '#/components/schemas/Tenant' } },
        },
      },
    },
  },
  security: [{ bearer: [] }],
  paths: {
    '/units': {
      get: {
        operationId: 'getUnits',
        parameters: [isActive],
        responses: {
          200: { description: 'Units', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Unit' } } } } },
          400: errorResponse('isActive missing or not true/false'),
          401: errorResponse('Unauthorized'),
        },
      },
    },
    '/leases': {
      get: {
        operationId: 'getLeases',
        parameters: [isActive, { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['Past', 'Current', 'Future'] } }],
        responses: {
          200: { description: 'Leases', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Lease' } } } } },
          400: errorResponse('isActive or status invalid'),
          401: errorResponse('Unauthorized'),
        },
      },
    },
  },
} as const;
