import { unknownParams, type RawQuery } from '../kit/query.js';

/**
 * Request checking the way RentEngine answers it: `{error, details?}` where details
 * look like Ajv output (`keyword`, `dataPath`, `schemaPath`, `params`, `message`).
 * Query strings are validated strictly (an unknown parameter is a 400), and bodies
 * against the same JSON schemas the OpenAPI document publishes.
 */

export interface ValidationDetail {
  keyword: string;
  /** JSON pointer into the body or query ("/events/0/unit_id"); "" for the whole. */
  dataPath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message: string;
}

/** Thrown by handlers; the simulator's error handler turns it into `{error, details?}`. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly details?: ValidationDetail[]) {
    super(message);
  }
}

export const badRequest = (message: string, details?: ValidationDetail[]) => new ApiError(400, message, details);
export const notFound = (message: string) => new ApiError(404, message);
export const forbidden = (message: string) => new ApiError(403, message);

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch millis of an ISO 8601 date or date-time; one without an offset is UTC. NaN when malformed. */
export function parseIsoMillis(text: string): number {
  const match = ISO_DATE_TIME.exec(text);
  if (match === null) return NaN;
  const hasTime = text.length > 10;
  const withZone = !hasTime ? `${text}T00:00:00Z` : match[1] === undefined ? `${text.replace(' ', 'T')}Z` : text.replace(' ', 'T');
  return Date.parse(withZone);
}

export function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (match === null) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

// ---------------------------------------------------------------- query strings

export type QueryParam =
  | { kind: 'integer' | 'integers' | 'string' | 'strings' | 'uuid' | 'uuids' | 'boolean' | 'date-time'; required?: boolean; description: string }
  | { kind: 'enum' | 'enums'; values: readonly string[]; required?: boolean; description: string };

export type QuerySpec = Record<string, QueryParam>;

type ParamValue<P extends QueryParam> =
  P['kind'] extends 'integer' ? number
  : P['kind'] extends 'integers' ? number[]
  : P['kind'] extends 'boolean' ? boolean
  : P['kind'] extends 'date-time' ? number
  : P['kind'] extends 'strings' | 'uuids' | 'enums' ? string[]
  : string;

export type ParsedQuery<S extends QuerySpec> = { [K in keyof S]?: ParamValue<S[K]> };

export type Paging = { limit: number; page_number: number };

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;

function detail(keyword: string, name: string, params: Record<string, unknown>, message: string): ValidationDetail {
  return { keyword, dataPath: `/${name}`, schemaPath: `#/properties/${name}/${keyword}`, params, message };
}

function fail(name: string, expected: string, got: string, keyword: string, params: Record<string, unknown>, ajvMessage: string): never {
  throw badRequest(`${name} must be ${expected}, got ${JSON.stringify(got)}`, [detail(keyword, name, params, ajvMessage)]);
}

function parseOne(name: string, param: QueryParam, raw: string): unknown {
  const items = () => raw.split(',').map((v) => v.trim()).filter((v) => v !== '');
  switch (param.kind) {
    case 'integer':
      if (!/^-?\d+$/.test(raw.trim())) fail(name, 'an integer', raw, 'type', { type: 'integer' }, 'must be integer');
      return Number(raw);
    case 'integers': {
      const values = items();
      if (!values.every((v) => /^-?\d+$/.test(v))) fail(name, 'a comma-separated list of integers', raw, 'type', { type: 'integer' }, 'must be integer');
      return values.map(Number);
    }
    case 'string':
      return raw;
    case 'strings':
      return items();
    case 'uuid':
      if (!UUID.test(raw.trim())) fail(name, 'a UUID', raw, 'format', { format: 'uuid' }, 'must match format "uuid"');
      return raw.trim().toLowerCase();
    case 'uuids': {
      const values = items();
      if (!values.every((v) => UUID.test(v))) fail(name, 'a comma-separated list of UUIDs', raw, 'format', { format: 'uuid' }, 'must match format "uuid"');
      return values.map((v) => v.toLowerCase());
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') fail(name, 'true or false', raw, 'type', { type: 'boolean' }, 'must be boolean');
      return raw === 'true';
    case 'date-time': {
      const millis = parseIsoMillis(raw.trim());
      if (Number.isNaN(millis)) fail(name, 'an ISO 8601 date-time such as 2024-10-05T18:53:03Z', raw, 'format', { format: 'date-time' }, 'must match format "date-time"');
      return millis;
    }
    case 'enum':
      if (!param.values.includes(raw)) fail(name, `one of ${param.values.join(', ')}`, raw, 'enum', { allowedValues: param.values }, 'must be equal to one of the allowed values');
      return raw;
    case 'enums': {
      const values = items();
      const bad = values.find((v) => !param.values.includes(v));
      if (bad !== undefined) fail(name, `a comma-separated list of ${param.values.join(', ')}`, raw, 'enum', { allowedValues: param.values }, 'must be equal to one of the allowed values');
      return values;
    }
    default: {
      const unreachable: never = param;
      throw new Error(`unknown query parameter kind ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * Checks a query string against `spec` (plus `limit`/`page_number` when `paged`).
 * Unknown names, malformed values and missing required ones are a 400, as the
 * vendor's Ajv-validated endpoints answer.
 */
export function parseQuery<S extends QuerySpec>(raw: RawQuery, spec: S, paged: true): ParsedQuery<S> & Paging;
export function parseQuery<S extends QuerySpec>(raw: RawQuery, spec: S, paged: false): ParsedQuery<S>;
export function parseQuery<S extends QuerySpec>(raw: RawQuery, spec: S, paged: boolean): ParsedQuery<S> & Partial<Paging> {
  const allowed = [...Object.keys(spec), ...(paged ? ['limit', 'page_number'] : [])];
  const unknown = unknownParams(raw, allowed);
  if (unknown.length > 0) {
    throw badRequest('must NOT have additional properties', unknown.map((name) => ({
      keyword: 'additionalProperties', dataPath: '', schemaPath: '#/additionalProperties',
      params: { additionalProperty: name }, message: 'must NOT have additional properties',
    })));
  }
  const out: Record<string, unknown> = {};
  for (const [name, param] of Object.entries(spec)) {
    const value = raw[name];
    const text = Array.isArray(value) ? value.join(',') : value;
    if (text === undefined || text === '') {
      if (param.required === true) {
        throw badRequest(`${name} is required`, [{ keyword: 'required', dataPath: '', schemaPath: '#/required', params: { missingProperty: name }, message: `must have required property '${name}'` }]);
      }
      continue;
    }
    out[name] = parseOne(name, param, text);
  }
  if (paged) {
    out['limit'] = pagingValue(raw, 'limit', DEFAULT_LIMIT, 1, MAX_LIMIT);
    out['page_number'] = pagingValue(raw, 'page_number', 0, 0, Number.MAX_SAFE_INTEGER);
  }
  return out as ParsedQuery<S> & Partial<Paging>;
}

function pagingValue(raw: RawQuery, name: string, fallback: number, min: number, max: number): number {
  const value = raw[name];
  const text = Array.isArray(value) ? value[value.length - 1] : value;
  if (text === undefined || text === '') return fallback;
  const expected = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
  if (!/^-?\d+$/.test(text)) fail(name, expected, text, 'type', { type: 'integer' }, 'must be integer');
  const n = Number(text);
  if (n < min) fail(name, expected, text, 'minimum', { comparison: '>=', limit: min }, `must be >= ${min}`);
  if (n > max) fail(name, expected, text, 'maximum', { comparison: '<=', limit: max }, `must be <= ${max}`);
  return n;
}

/** One page of `items` (0-indexed pages); the last page is the first one shorter than `limit`. */
export function page<T>(items: readonly T[], paging: Paging): T[] {
  const start = paging.page_number * paging.limit;
  return items.slice(start, start + paging.limit);
}

// ---------------------------------------------------------------- JSON bodies

/** The JSON Schema subset the body schemas use; they are published as-is in the OpenAPI document. */
export interface JsonSchema {
  type?: string | readonly string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: readonly unknown[];
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  format?: 'uuid' | 'date' | 'date-time' | 'email';
  examples?: readonly unknown[];
}

const FORMATS: Record<NonNullable<JsonSchema['format']>, (value: string) => boolean> = {
  uuid: (v) => UUID.test(v),
  date: isCalendarDate,
  'date-time': (v) => v.length > 10 && !Number.isNaN(parseIsoMillis(v)),
  email: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    default: return typeOf(value) === type;
  }
}

/** Every way `value` breaks `schema`, with Ajv 8's keywords, params and messages. */
export function validateJson(schema: JsonSchema, value: unknown, dataPath = '', schemaPath = '#'): ValidationDetail[] {
  const out: ValidationDetail[] = [];
  const add = (keyword: string, params: Record<string, unknown>, message: string, at = dataPath) =>
    out.push({ keyword, dataPath: at, schemaPath: `${schemaPath}/${keyword}`, params, message });
  if (schema.type !== undefined) {
    const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!types.some((t) => hasType(value, t))) {
      add('type', { type: types.join(',') }, `must be ${types.join(',')}`);
      return out;
    }
  }
  if (schema.enum !== undefined && !schema.enum.includes(value)) add('enum', { allowedValues: schema.enum }, 'must be equal to one of the allowed values');
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) add('minLength', { limit: schema.minLength }, `must NOT have fewer than ${schema.minLength} characters`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) add('pattern', { pattern: schema.pattern }, `must match pattern "${schema.pattern}"`);
    if (schema.format !== undefined && !FORMATS[schema.format](value)) add('format', { format: schema.format }, `must match format "${schema.format}"`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) add('minimum', { comparison: '>=', limit: schema.minimum }, `must be >= ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) add('maximum', { comparison: '<=', limit: schema.maximum }, `must be <= ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) add('minItems', { limit: schema.minItems }, `must NOT have fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) add('maxItems', { limit: schema.maxItems }, `must NOT have more than ${schema.maxItems} items`);
    if (schema.items !== undefined) {
      const items = schema.items;
      value.forEach((item, i) => out.push(...validateJson(items, item, `${dataPath}/${i}`, `${schemaPath}/items`)));
    }
  }
  if (typeOf(value) === 'object') {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (record[name] === undefined) add('required', { missingProperty: name }, `must have required property '${name}'`);
    }
    for (const [name, child] of Object.entries(record)) {
      const sub = schema.properties?.[name];
      if (sub !== undefined) {
        out.push(...validateJson(sub, child, `${dataPath}/${name}`, `${schemaPath}/properties/${name}`));
      } else if (schema.additionalProperties === false) {
        add('additionalProperties', { additionalProperty: name }, 'must NOT have additional properties');
      } else if (typeof schema.additionalProperties === 'object') {
        out.push(...validateJson(schema.additionalProperties, child, `${dataPath}/${name}`, `${schemaPath}/additionalProperties`));
      }
    }
  }
  return out;
}

/** One line naming each problem and what was expected, for the `error` field. */
export function summarize(details: readonly ValidationDetail[]): string {
  const parts = details.slice(0, 5).map((d) => {
    const where = d.dataPath === '' ? 'body' : d.dataPath.slice(1).replaceAll('/', '.');
    const allowed = d.params['allowedValues'];
    const suffix = Array.isArray(allowed) ? ` (${allowed.join(', ')})` : '';
    return `${where} ${d.message}${suffix}`;
  });
  return `Invalid request parameters: ${parts.join('; ')}${details.length > 5 ? `; and ${details.length - 5} more` : ''}`;
}

/** Validates a JSON body and narrows it to `T`, or throws the 400 the vendor would send. */
export function checkBody<T>(schema: JsonSchema, body: unknown): T {
  const details = validateJson(schema, body ?? null);
  if (details.length > 0) throw badRequest(summarize(details), details);
  return body as T;
}

/** A `required` detail for rules a plain schema cannot say (required on create only, self prospects only). */
export function missing(names: readonly string[], at = ''): ValidationDetail[] {
  return names.map((name) => ({ keyword: 'required', dataPath: at, schemaPath: '#/required', params: { missingProperty: name }, message: `must have required property '${name}'` }));
}
