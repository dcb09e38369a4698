/**
 * OpenAPI 3.1 of StuRents' documented read surface (sturents.md + ASSUMPTIONS.md).
 * "All data types are assumed to be strings unless stated otherwise": counts and
 * amounts are strings; only rooms_let_individually is documented as a boolean.
 */
const str = { type: 'string' };
const strings = { type: 'array', items: str };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const object = (required: string[], properties: Record<string, object>) => ({ type: 'object', required, properties });
const json = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });
const errorResponse = (description: string) => json(description, ref('Error'));

const credentials = [
  { name: 'landlord', in: 'query', required: true, schema: str, description: 'Landlord (branch) id' },
  { name: 'public', in: 'query', required: true, schema: str, description: 'Public key' },
  { name: 'version', in: 'query', required: true, schema: { type: 'string', const: '1.3' } },
];
const page = { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 }, description: 'Page of 50, from 1' };
const listResponses = (extra: Record<string, object> = {}) => ({
  200: json('The landlord\'s branch with its properties', ref('HouseList')),
  400: errorResponse('Invalid version, page, date or time'),
  401: errorResponse('Invalid credentials'),
  429: errorResponse('Too many identical requests'),
  ...extra,
});

const availability = object(['start_date', 'end_date', 'min_contract_days'], { start_date: str, end_date: str, min_contract_days: str });

const schemas = {
  Error: object(['error'], { error: str }),
  Availability: availability,
  Contract: object(['price', 'deposit', 'available'], {
    price: object(['amount', 'amount_per', 'time_period'], {
      amount: { type: 'string', description: 'GBP' },
      amount_per: { type: 'string', enum: ['person', 'property'] },
      time_period: { type: 'string', enum: ['week', 'month'] },
    }),
    deposit: object(['amount', 'amount_per'], { amount: str, amount_per: { type: 'string', enum: ['person', 'property'] } }),
    available: ref('Availability'),
  }),
  Property: object(
    ['reference', 'available', 'designation', 'beds_available', 'beds_total', 'rooms_let_individually', 'quantity', 'quantity_available', 'room_type',
      'property_type', 'description', 'bathrooms', 'floor_space', 'address', 'coordinates', 'facilities', 'media', 'contracts'],
    {
      reference: { type: 'string', description: 'Unique, never changes' },
      available: { type: 'array', items: ref('Availability'), minItems: 1 },
      designation: { type: 'string', enum: ['house', 'pbsa'] },
      beds_available: { type: 'string', description: 'Bedrooms; "0" lists a studio' },
      beds_total: str,
      rooms_let_individually: { type: 'boolean' },
      quantity: { type: 'string', description: 'pbsa only: identical rental options' },
      quantity_available: str,
      room_type: { type: 'string', description: 'pbsa only, e.g. "Deluxe En-suite"' },
      property_type: { type: 'string', const: 'Residential' },
      description: { type: 'string', description: 'Plain text or HTML' },
      bathrooms: str,
      floor_space: { type: 'string', description: 'Square metres' },
      address: object(['property_name', 'property_number', 'road_name', 'city', 'postcode'], {
        property_name: str, property_number: str, road_name: str, city: str, postcode: str,
      }),
      coordinates: object(['lat', 'lng'], { lat: str, lng: str }),
      facilities: strings,
      media: object(['photos', 'videos', 'floorplans'], { photos: strings, videos: strings, floorplans: strings }),
      contracts: { type: 'array', items: ref('Contract') },
    },
  ),
  Pagination: object(['pages', 'current'], {
    pages: { type: 'string', description: 'Number of pages' },
    current: { type: 'string', description: 'The page these results relate to' },
    next: { type: 'string', description: 'Present when a later page exists' },
    prev: { type: 'string', description: 'Present when an earlier page exists' },
  }),
  HouseList: object(['date', 'branches'], {
    date: { type: 'string', description: 'yyyy-mm-dd hh:mm:ss', pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$' },
    branches: {
      type: 'array',
      minItems: 1,
      maxItems: 1,
      items: object(['agent_id', 'name', 'website', 'properties'], {
        agent_id: { type: 'string', description: 'Equals the landlord query parameter' },
        name: str,
        website: str,
        properties: { type: 'array', items: ref('Property'), maxItems: 50 },
      }),
    },
    pagination: ref('Pagination'),
  }),
};

export const sturentsOpenApi = {
  openapi: '3.1.0',
  info: { title: 'StuRents houses API (simulated)', version: '1.3' },
  components: { schemas },
  paths: {
    '/api/houses': {
      get: { operationId: 'listHouses', parameters: [...credentials, page], responses: listResponses() },
    },
    '/api/houses/{reference}': {
      get: {
        operationId: 'getHouse',
        parameters: [{ name: 'reference', in: 'path', required: true, schema: str }, ...credentials],
        responses: listResponses({ 404: errorResponse('Property not found') }),
      },
    },
    '/api/houses/added-since/{date}': {
      get: {
        operationId: 'listHousesAddedSinceDate',
        parameters: [{ name: 'date', in: 'path', required: true, schema: { type: 'string', format: 'date' } }, ...credentials, page],
        responses: listResponses(),
      },
    },
    '/api/houses/added-since/{date}/{time}': {
      get: {
        operationId: 'listHousesAddedSince',
        parameters: [
          { name: 'date', in: 'path', required: true, schema: { type: 'string', format: 'date' } },
          { name: 'time', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{2}:\\d{2}$' }, description: 'HH:MM, UTC' },
          ...credentials,
          page,
        ],
        responses: listResponses(),
      },
    },
  },
} as const;
