import {
  AVAILABILITY_CODES, BUILDING_AMENITIES, FURNISHING_CODES, MARKETPLACES, RENEWAL_FREQUENCIES, RENT_PAYMENT_FREQUENCIES,
  RENTAL_SPACES, RESTRICTIONS, STORAGE_CODES, UNIT_FEATURES, UNIT_TYPES,
  type Code123, type RenewalFrequency, type RentalSpace, type RentPaymentFrequency, type UnitType,
} from './catalog.js';
import { fail, isObject, VALIDATION_MESSAGE, type Failure } from './http.js';

/**
 * The `property` object of POST /properties and PUT /properties/{id}, checked in two
 * passes as leasey.md's error reference says: a value of the wrong JSON type is a 400
 * (first one found), then field-level problems (missing required fields, values
 * outside the documented lists) are all collected into one 422 `details` list.
 * Fields the document does not list are ignored.
 */
export interface IdValue { id: number; value: Code123 }
export interface TeamMemberInput {
  team_member_id?: number; email?: string; first_name?: string; last_name?: string;
  role_id?: number; is_admin?: boolean; timezone?: string;
}
export interface OwnerContactInput {
  first_name?: string; last_name?: string; email?: string; phone?: string; dial_code?: string;
  notify_email?: boolean; notify_sms?: boolean;
}

export interface PropertyInput {
  name?: string; address?: string; city?: string; province_state?: string; country?: string;
  postal_code?: string; suite_unit?: string; description?: string | null; date_available?: string | null;
  rent_amount?: number | string; security_deposit?: number;
  rent_payment_frequency?: RentPaymentFrequency; renewal_frequency?: RenewalFrequency;
  unit_type?: UnitType; rental_space?: RentalSpace;
  bedrooms?: number; bathrooms?: number; size_sqft?: number; max_occupancy?: number; parking_stalls?: number | null;
  furnishing?: Code123; storage_available?: Code123;
  rental_application_url?: string | null; use_custom_application_link?: boolean; owner_user_id?: number | null;
  building_name?: string; building_id?: number; number_of_units?: number;
  features?: IdValue[]; building_amenities?: IdValue[]; restrictions?: number[];
  photos?: Array<{ url: string }>; marketplaces?: Array<{ name: string; enabled: boolean }>;
  team_members?: TeamMemberInput[];
  /** The doc lists the owner contact fields without naming their key; we read them from `owner_contact`. */
  owner_contact?: OwnerContactInput;
}

type Kind = 'string' | 'string?' | 'amount' | 'number' | 'integer' | 'integer?' | 'boolean' | 'idValues' | 'ids' | 'photos' | 'marketplaces' | 'teamMembers' | 'contact';

const FIELDS: Record<keyof PropertyInput, Kind> = {
  name: 'string', address: 'string', city: 'string', province_state: 'string', country: 'string',
  postal_code: 'string', suite_unit: 'string', description: 'string?', date_available: 'string?',
  rent_amount: 'amount', security_deposit: 'number', rent_payment_frequency: 'string', renewal_frequency: 'string',
  unit_type: 'string', rental_space: 'string', bedrooms: 'number', bathrooms: 'number', size_sqft: 'integer',
  max_occupancy: 'integer', parking_stalls: 'integer?', furnishing: 'integer', storage_available: 'integer',
  rental_application_url: 'string?', use_custom_application_link: 'boolean', owner_user_id: 'integer?',
  building_name: 'string', building_id: 'integer', number_of_units: 'integer',
  features: 'idValues', building_amenities: 'idValues', restrictions: 'ids', photos: 'photos',
  marketplaces: 'marketplaces', team_members: 'teamMembers', owner_contact: 'contact',
};
const REQUIRED = ['name', 'address', 'city', 'province_state', 'country'] as const;
const TEAM_FIELDS: Record<string, 'string' | 'integer' | 'boolean'> = {
  team_member_id: 'integer', email: 'string', first_name: 'string', last_name: 'string', role_id: 'integer', is_admin: 'boolean', timezone: 'string',
};
const CONTACT_FIELDS: Record<string, 'string' | 'boolean'> = {
  first_name: 'string', last_name: 'string', email: 'string', phone: 'string', dial_code: 'string', notify_email: 'boolean', notify_sms: 'boolean',
};

const shown = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};
const typeError = (field: string, expected: string, value: unknown) => fail(400, `"${field}" must be ${expected}, got ${shown(value)}`);
const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

function checkScalar(field: string, kind: 'string' | 'string?' | 'amount' | 'number' | 'integer' | 'integer?' | 'boolean', value: unknown): Failure | null {
  switch (kind) {
    case 'string': return typeof value === 'string' ? null : typeError(field, 'a string', value);
    case 'string?': return value === null || typeof value === 'string' ? null : typeError(field, 'a string or null', value);
    case 'amount': return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? null : typeError(field, 'a number or a numeric string', value);
    case 'number': return typeof value === 'number' && Number.isFinite(value) ? null : typeError(field, 'a number', value);
    case 'integer': return isInteger(value) ? null : typeError(field, 'an integer', value);
    case 'integer?': return value === null || isInteger(value) ? null : typeError(field, 'an integer or null', value);
    case 'boolean': return typeof value === 'boolean' ? null : typeError(field, 'true or false', value);
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown field kind ${String(unreachable)}`);
    }
  }
}

function checkObjectList(field: string, value: unknown, shape: Record<string, 'string' | 'integer' | 'boolean'>): Failure | null {
  if (!Array.isArray(value)) return typeError(field, 'an array', value);
  for (const [i, item] of value.entries()) {
    if (!isObject(item)) return typeError(`${field}[${i}]`, 'an object', item);
    for (const [key, kind] of Object.entries(shape)) {
      if (item[key] === undefined) continue;
      const problem = checkScalar(`${field}[${i}].${key}`, kind, item[key]);
      if (problem !== null) return problem;
    }
  }
  return null;
}

function checkType(field: string, kind: Kind, value: unknown): Failure | null {
  switch (kind) {
    case 'idValues': return checkObjectList(field, value, { id: 'integer', value: 'integer' });
    case 'photos': return checkObjectList(field, value, { url: 'string' });
    case 'marketplaces': return checkObjectList(field, value, { name: 'string', enabled: 'boolean' });
    case 'teamMembers': return checkObjectList(field, value, TEAM_FIELDS);
    case 'ids':
      if (!Array.isArray(value)) return typeError(field, 'an array of integers', value);
      for (const [i, id] of value.entries()) if (!isInteger(id)) return typeError(`${field}[${i}]`, 'an integer', id);
      return null;
    case 'contact': {
      if (!isObject(value)) return typeError(field, 'an object', value);
      for (const [key, k] of Object.entries(CONTACT_FIELDS)) {
        if (value[key] === undefined) continue;
        const problem = checkScalar(`${field}.${key}`, k, value[key]);
        if (problem !== null) return problem;
      }
      return null;
    }
    default: return checkScalar(field, kind, value);
  }
}

const listed = (values: readonly (string | number)[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
const invalid = (field: string, value: unknown, valid: readonly (string | number)[]) => `"${field}" invalid: ${shown(value)}. Valid values: ${listed(valid)}`;

export interface ValidateContext {
  mode: 'create' | 'update';
  /** Whether the property being updated is already linked to a building. */
  hasBuilding: boolean;
}

export function validateProperty(raw: unknown, context: ValidateContext): PropertyInput | Failure {
  if (!isObject(raw)) return typeError('property', 'an object', raw);
  for (const [field, kind] of Object.entries(FIELDS)) {
    if (raw[field] === undefined) continue;
    const problem = checkType(field, kind, raw[field]);
    if (problem !== null) return problem;
  }
  const input = raw as PropertyInput;
  const details: string[] = [];
  for (const field of REQUIRED) {
    const value = input[field];
    if (context.mode === 'create' ? value === undefined || value.trim() === '' : value !== undefined && value.trim() === '') details.push(`"${field}" is required.`);
  }
  const oneOf = (field: keyof PropertyInput, valid: readonly (string | number)[]) => {
    const value = input[field];
    if (value !== undefined && !valid.includes(value as string | number)) details.push(invalid(field, value, valid));
  };
  oneOf('unit_type', UNIT_TYPES);
  oneOf('rental_space', RENTAL_SPACES);
  oneOf('rent_payment_frequency', RENT_PAYMENT_FREQUENCIES);
  oneOf('renewal_frequency', RENEWAL_FREQUENCIES);
  oneOf('furnishing', FURNISHING_CODES);
  oneOf('storage_available', STORAGE_CODES);
  if (typeof input.rent_amount === 'string' && !/^\d+(\.\d+)?$/.test(input.rent_amount.trim())) {
    details.push(`"rent_amount" invalid: ${shown(input.rent_amount)}. Expected a number such as "2100".`);
  }
  for (const field of ['rent_amount', 'security_deposit', 'bedrooms', 'bathrooms', 'size_sqft', 'max_occupancy', 'parking_stalls', 'number_of_units'] as const) {
    const value = input[field];
    if (typeof value === 'number' && value < 0) details.push(`"${field}" invalid: ${value}. Must be 0 or more.`);
  }
  if (typeof input.date_available === 'string' && !isDate(input.date_available)) {
    details.push(`"date_available" invalid: ${shown(input.date_available)}. Expected a date YYYY-MM-DD.`);
  }
  if (typeof input.rental_application_url === 'string' && !/^https?:\/\/[^\s/]+/.test(input.rental_application_url)) {
    details.push(`"rental_application_url" invalid: ${shown(input.rental_application_url)}. Expected an http(s) URL.`);
  }
  checkIdValues(details, 'features', input.features, [...UNIT_FEATURES.keys()]);
  checkIdValues(details, 'building_amenities', input.building_amenities, [...BUILDING_AMENITIES.keys()]);
  if (input.building_amenities !== undefined && !context.hasBuilding
    && input.building_id === undefined && input.building_name === undefined && input.number_of_units === undefined) {
    details.push('"building_amenities" requires building_id, building_name or number_of_units.');
  }
  input.restrictions?.forEach((id, i) => {
    if (!RESTRICTIONS.has(id)) details.push(invalid(`restrictions[${i}]`, id, [...RESTRICTIONS.keys()]));
  });
  input.photos?.forEach((photo, i) => {
    if (photo.url === undefined) details.push(`"photos[${i}].url" is required.`);
    else if (!photo.url.startsWith('https://')) details.push(`"photos[${i}].url" invalid: ${shown(photo.url)}. URLs must start with https://.`);
  });
  input.marketplaces?.forEach((entry, i) => {
    if (entry.name === undefined) details.push(`"marketplaces[${i}].name" is required.`);
    else if (!MARKETPLACES.has(entry.name)) details.push(invalid(`marketplaces[${i}].name`, entry.name, [...MARKETPLACES.keys()]));
    if (entry.enabled === undefined) details.push(`"marketplaces[${i}].enabled" is required.`);
  });
  return details.length > 0 ? fail(422, VALIDATION_MESSAGE, { details }) : input;
}

function checkIdValues(details: string[], field: string, entries: IdValue[] | undefined, ids: number[]): void {
  entries?.forEach((entry, i) => {
    if (entry.id === undefined) details.push(`"${field}[${i}].id" is required.`);
    else if (!ids.includes(entry.id)) details.push(invalid(`${field}[${i}].id`, entry.id, ids));
    if (entry.value === undefined) details.push(`"${field}[${i}].value" is required.`);
    else if (!(AVAILABILITY_CODES as readonly number[]).includes(entry.value)) details.push(invalid(`${field}[${i}].value`, entry.value, AVAILABILITY_CODES));
  });
}

function isDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}
