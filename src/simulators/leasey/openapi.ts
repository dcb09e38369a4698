import {
  BUILDING_AMENITIES, MARKETPLACES, RENEWAL_FREQUENCIES, RENT_PAYMENT_FREQUENCIES, RENTAL_SPACES, RESTRICTIONS, UNIT_FEATURES, UNIT_TYPES,
} from './catalog.js';
import { DEFAULT_LEADS_LIMIT, MAX_LEADS_LIMIT } from './params.js';

/** OpenAPI 3.1 of Leasey's documented surface (leasey.md v2.0 + ASSUMPTIONS.md). */

const str = { type: 'string' } as const;
const strN = { type: ['string', 'null'] } as const;
const int = { type: 'integer' } as const;
const intN = { type: ['integer', 'null'] } as const;
const num = { type: 'number' } as const;
const numN = { type: ['number', 'null'] } as const;
const DATE_TIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$';
const dateTime = { type: 'string', pattern: DATE_TIME_PATTERN } as const;
const dateTimeN = { type: ['string', 'null'], pattern: DATE_TIME_PATTERN } as const;
const dateN = { type: ['string', 'null'], format: 'date' } as const;
const strings = { type: 'array', items: str } as const;

/** A row object whose every listed field is required (the reports always send them all). */
const row = (fields: Record<string, object>) => ({ type: 'object', required: Object.keys(fields), properties: fields });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const list = (name: string, description: string) => json({ type: 'array', items: ref(name) }, description);

const UNIT_FIELDS = {
  Property_Name: str, Unit_Name: str, Unit_Address: str, Unit_ID: int, Property_ID: int, Unit_Type: str,
  Unit_status: str, Unit_publish_status: str, Vacancy_Status: str, Rental_Space: str, Lease_Term: str, Suite_Number: str,
  Rent_Amount: num, Parking_Stalls: int, Bedrooms: num, Bathrooms: num, Square_Footage: int, Max_Occupancy: int,
  Furnishing: str, Country: str, Days_listed: int, Storage: str,
};
const SHOWING_FIELDS = {
  Date_start: dateTime, Date_end: dateTime, Showing_Status: str, TeamMember: str, TeamMemberRol: str, Lead_source: str,
  Showing_Feedback: strN, Person_ID: intN, Application_ID: intN, Lead_Name: strN, Lead_First_Name: strN, Lead_Last_Name: strN,
  Lead_Email: strN, Lead_Phone: strN, Application_Status: strN, Applicant_Rating: { type: ['integer', 'null'], minimum: 0, maximum: 5 },
  Tenancy_Application_Status: strN, Lead_Approval_Status: strN, Lead_Note: strN,
};
const LEAD_FIELDS = {
  Application_ID: int, Applicant_ID: int, Person_ID: int, Lead_Name: str, Lead_First_Name: str, Lead_Last_Name: str,
  Lead_Email: str, Lead_Phone: str, Application_Status: str, Applicant_Rating: { type: 'number', minimum: 0, maximum: 5 },
  Tenancy_Application_Status: str, Lead_Approval_Status: str, Unit_Name: str, Property_Name: str, Unit_Address: str,
  Full_Address: str, Unit_City: str, Unit_Province: str, Unit_Publish_Status: str, Vacancy_Status: str, Rent_Amount: num,
  Rent_Payment_Frequency: str, Lease_Type: str, Bedrooms: num, Bathrooms: num, Furnishing: str, Lead_Source: str,
  Lead_Note: strN, Lead_Date_Created: dateTime, Application_Sent_Date: dateTimeN, Application_Received_Date: dateTimeN,
};
const PROPERTY_FIELDS = {
  Property_ID: int, Property_URL_Slug: str, Property_Name: str, Unit_Name: str, Unit_Address: str, Unit_Type: str,
  Unit_Status: str, Unit_Publish_Status: str, Rental_Space: str, Lease_Term: str, Suite_Number: str, City: str,
  Province_State: str, Postal_Code: str, Country: str, Days_Listed: int, Marketing_Start: dateN, Marketing_End: dateN,
  Date_Available: dateN, Rent_Amount: num, Rent_Market: numN, Parking_Stalls: int, Bedrooms: num, Bathrooms: num,
  Square_Footage: int, Max_Occupancy: int, Furnishing: str, Storage: str, Vacancy_Status: str, Description: strN,
  Latitude: numN, Longitude: numN, Lead_Status: str, Lead_Count: int, Applicant_Status: str, Applicant_Count: int,
  Lease_Status: str, Lease_Count: int, Total_Applications: int, Showings_Disqualified: int, Showings_Scheduled: int,
  Showings_Confirmed: int, Showings_Cancelled: int, Showings_Total: int, Contact_Name: strN, Contact_Email: str,
  Contact_Phone: strN, Images: { type: 'array', items: str, maxItems: 10 }, Unit_Amenities: strings, Unit_Amenities_Count: int,
  Building_Amenities: strings, Building_Amenities_Count: int, Listing_URL: strN,
};
const SIMPLE_LEAD_FIELDS = {
  Person_ID: int, Lead_Name: str, Lead_Email: str, Lead_Phone: str, Application_Status: str, Lead_Source: str,
  Lead_Date_Created: dateTime, Property_ID: int, property_id: { type: 'string', format: 'uuid' },
};

const code123 = { type: 'integer', enum: [1, 2, 3] } as const;
const idValues = (ids: Iterable<number>) => ({
  type: 'array', items: { type: 'object', required: ['id', 'value'], properties: { id: { type: 'integer', enum: [...ids] }, value: code123 } },
});
const PROPERTY_INPUT = {
  type: 'object',
  properties: {
    name: str, address: str, city: str, province_state: str, country: str, postal_code: str, suite_unit: str,
    description: strN, date_available: dateN,
    rent_amount: { type: ['string', 'number'], default: 0 }, security_deposit: { type: 'number', default: 0 },
    rent_payment_frequency: { type: 'string', enum: RENT_PAYMENT_FREQUENCIES, default: 'monthly' },
    renewal_frequency: { type: 'string', enum: RENEWAL_FREQUENCIES, default: 'month to month' },
    unit_type: { type: 'string', enum: UNIT_TYPES, default: 'apartment' },
    rental_space: { type: 'string', enum: RENTAL_SPACES, default: 'entire place' },
    bedrooms: num, bathrooms: num, size_sqft: int, max_occupancy: int, parking_stalls: intN,
    furnishing: { ...code123, default: 2, description: '1 Furnished, 2 Unfurnished, 3 Partially furnished' },
    storage_available: { ...code123, default: 2, description: '1 Available, 2 Not available, 3 Available (extra cost)' },
    rental_application_url: { type: ['string', 'null'], format: 'uri' }, use_custom_application_link: { type: 'boolean' },
    owner_user_id: intN, building_name: str, building_id: int, number_of_units: int,
    features: idValues(UNIT_FEATURES.keys()), building_amenities: idValues(BUILDING_AMENITIES.keys()),
    restrictions: { type: 'array', items: { type: 'integer', enum: [...RESTRICTIONS.keys()] } },
    photos: { type: 'array', items: { type: 'object', required: ['url'], properties: { url: { type: 'string', pattern: '^https://' } } } },
    marketplaces: {
      type: 'array',
      items: { type: 'object', required: ['name', 'enabled'], properties: { name: { type: 'string', enum: [...MARKETPLACES.keys()] }, enabled: { type: 'boolean' } } },
    },
    team_members: {
      type: 'array',
      items: {
        type: 'object',
        properties: { team_member_id: int, email: { type: 'string', format: 'email' }, first_name: str, last_name: str, role_id: int, is_admin: { type: 'boolean' }, timezone: str },
      },
    },
    owner_contact: {
      type: 'object',
      properties: { first_name: str, last_name: str, email: str, phone: str, dial_code: str, notify_email: { type: 'boolean' }, notify_sms: { type: 'boolean' } },
    },
  },
};

const companyQuery = { name: 'company_id', in: 'query', required: true, description: 'A bare integer: ?company_id=123, not "123".', schema: int };
const dateQuery = (name: string, description: string) => ({ name, in: 'query', required: false, description, schema: { type: 'string', pattern: DATE_TIME_PATTERN } });
const authErrors = {
  400: json(ref('Error'), 'company_id missing or not an integer, a bad date, or no admin user for the company'),
  401: json(ref('Error'), 'Token or company credentials missing or wrong'),
  405: json(ref('Error'), 'Wrong HTTP method'),
};

export const leaseyOpenApi = {
  openapi: '3.1.0',
  info: { title: 'Leasey.AI External API (simulated)', version: '2.0' },
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: '48-character API token' },
      tokenQuery: { type: 'apiKey', in: 'query', name: 'token', description: 'Debugging fallback for the bearer token' },
      companyPassword: { type: 'apiKey', in: 'header', name: 'X-Company-Password' },
    },
    schemas: {
      Error: {
        type: 'object', required: ['error', 'message'],
        properties: {
          error: str, message: str,
          debug: { type: 'object', properties: { token_received_length: int, token_expected_length: int } },
        },
      },
      ValidationError: { type: 'object', required: ['error', 'message', 'details'], properties: { error: { const: 'Unprocessable Entity' }, message: str, details: strings } },
      ShowingRow: row({ ...UNIT_FIELDS, ...SHOWING_FIELDS }),
      LeadRow: row(LEAD_FIELDS),
      PropertyRow: row(PROPERTY_FIELDS),
      SimpleLead: row(SIMPLE_LEAD_FIELDS),
      PropertyInput: PROPERTY_INPUT,
      CreatePropertyRequest: {
        type: 'object', required: ['company_id', 'password', 'property'],
        properties: {
          company_id: int, password: str,
          property: { allOf: [ref('PropertyInput'), { required: ['name', 'address', 'city', 'province_state', 'country'] }] },
        },
      },
      UpdatePropertyRequest: { type: 'object', required: ['company_id', 'password', 'property'], properties: { company_id: int, password: str, property: ref('PropertyInput') } },
      BuildingAmenitiesResult: { type: 'object', required: ['building_id', 'inserted', 'skipped'], properties: { building_id: int, inserted: int, skipped: strings } },
      TeamMembersResult: {
        type: 'object', required: ['assigned', 'created', 'skipped'],
        properties: {
          assigned: { type: 'array', items: int },
          created: {
            type: 'array',
            items: { type: 'object', required: ['team_member_id', 'user_id', 'person_id', 'email', 'already_existed'], properties: { team_member_id: int, user_id: int, person_id: int, email: str, already_existed: { type: 'boolean' } } },
          },
          skipped: strings,
        },
      },
      WriteResult: {
        type: 'object', required: ['success', 'message', 'property_id'],
        properties: {
          success: { const: true }, message: str, property_id: { type: 'string', format: 'uuid' }, url_slug: str,
          building_id: int, floorplan_id: int, building_amenities: ref('BuildingAmenitiesResult'), team_members: ref('TeamMembersResult'),
        },
      },
    },
  },
  security: [{ bearer: [], companyPassword: [] }, { tokenQuery: [], companyPassword: [] }],
  paths: {
    '/reports/showings': {
      get: {
        operationId: 'getShowingsReport',
        parameters: [companyQuery, dateQuery('start_date', 'Showings starting on or after; default Jan 1 of the current year'), dateQuery('end_date', 'Showings starting on or before')],
        responses: { 200: list('ShowingRow', 'Showings'), ...authErrors },
      },
    },
    '/reports/leads': {
      get: {
        operationId: 'getLeadsReport',
        parameters: [companyQuery, dateQuery('start_date', 'Leads created on or after; default Jan 1 of the current year'), dateQuery('end_date', 'Leads created on or before')],
        responses: { 200: list('LeadRow', 'Leads'), ...authErrors },
      },
    },
    '/reports/properties': {
      get: { operationId: 'getPropertiesReport', parameters: [companyQuery], responses: { 200: list('PropertyRow', 'Every property of the company'), ...authErrors } },
    },
    '/properties/leads': {
      get: {
        operationId: 'listPropertyLeads',
        description: 'Leads in creation order (oldest first, then Person_ID). Pages by moving start_date to the last Lead_Date_Created seen (inclusive; skip Person_IDs already seen).',
        parameters: [
          companyQuery, dateQuery('start_date', 'Created on or after'), dateQuery('end_date', 'Created on or before'),
          { name: 'property_id', in: 'query', required: false, description: 'UUID property_id, or the integer Property_ID of the reports', schema: { type: 'string' } },
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_LEADS_LIMIT, default: DEFAULT_LEADS_LIMIT } },
        ],
        responses: { 200: list('SimpleLead', 'Leads'), ...authErrors, 404: json(ref('Error'), 'property_id not found or not in your company') },
      },
    },
    '/properties': {
      post: {
        operationId: 'createProperty',
        security: [{ bearer: [] }, { tokenQuery: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: ref('CreatePropertyRequest') } } },
        responses: {
          201: json(ref('WriteResult'), 'Property created'),
          ...authErrors,
          400: json(ref('Error'), 'Malformed JSON, a missing parameter or a value of the wrong type'),
          422: json(ref('ValidationError'), 'Field-level validation failed'),
        },
      },
    },
    '/properties/{property_id}': {
      put: {
        operationId: 'updateProperty',
        security: [{ bearer: [] }, { tokenQuery: [] }],
        parameters: [{ name: 'property_id', in: 'path', required: true, description: 'UUID property_id (the integer Property_ID of the reports is also accepted)', schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/json': { schema: ref('UpdatePropertyRequest') } } },
        responses: {
          200: json(ref('WriteResult'), 'Property updated'),
          ...authErrors,
          400: json(ref('Error'), 'Malformed JSON, a missing parameter or a value of the wrong type'),
          404: json(ref('Error'), 'Property not found or does not belong to your company'),
          422: json(ref('ValidationError'), 'Field-level validation failed'),
        },
      },
    },
  },
} as const;
