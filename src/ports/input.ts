import { decodeIdOf, InvalidIdError, parseRefKey } from '../domain/ids.js';
import type { NodeTypeName, SourceRef } from '../domain/models.js';
import { VENDOR_NAMES, type Vendor } from '../domain/vendor.js';
import { badInput } from '../errors.js';

/**
 * Checks of a write's input, run before any vendor call. Each failure is BAD_USER_INPUT
 * naming the field (as a path into the arguments, e.g. "input.prospect.phone") and saying
 * what was expected and what arrived.
 */

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function shown(value: unknown): string {
  const text = value instanceof Date ? JSON.stringify(value.toISOString()) : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function fail(field: string, expected: string, value: unknown): never {
  throw badInput(`${field} must be ${expected}, got ${shown(value)}`, field);
}

/** Unset: null and undefined both mean "not given" for optional input fields. */
export const isSet = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

/** Trimmed text that is not blank. */
export function text(value: string, field: string): string {
  const trimmed = value.trim();
  if (trimmed === '') fail(field, 'a non-blank string', value);
  return trimmed;
}

export function optionalText(value: string | null | undefined, field: string): string | undefined {
  return isSet(value) ? text(value, field) : undefined;
}

export function nonNegative(value: number, field: string): number {
  if (!Number.isFinite(value) || value < 0) fail(field, 'a number of 0 or more', value);
  return value;
}

export function integerAtLeast(value: number, minimum: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < minimum) fail(field, `a whole number of ${minimum} or more`, value);
  return value;
}

export function uuid(value: string, field: string, what: string): string {
  const trimmed = value.trim();
  if (!UUID.test(trimmed)) fail(field, `${what} (a UUID such as 3f2b8c1e-9a4d-4c6e-8b1a-2d5e7f9a0c3b)`, value);
  return trimmed.toLowerCase();
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], field: string): T {
  const match = allowed.find((candidate) => candidate.toLowerCase() === value.trim().toLowerCase());
  if (match === undefined) fail(field, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, value);
  return match;
}

/**
 * ISO 8601 with offset from a DateTime argument. The scalar hands resolvers a Date,
 * though the generated types say string; both are accepted.
 */
export function dateTimeOf(value: unknown, field: string): Date {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) fail(field, 'an ISO 8601 date-time with an offset, e.g. 2025-03-01T15:00:00Z', value);
  return date;
}

/** YYYY-MM-DD from a Date argument (a Date at UTC midnight, or the text). */
export function dateOf(value: unknown, field: string): string {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return value;
  return fail(field, 'a calendar date YYYY-MM-DD', value);
}

/** Rejects an update that would change nothing. */
export function requireSome(fields: Record<string, unknown>, field: string, names: readonly string[]): void {
  if (Object.values(fields).every((value) => value === undefined)) {
    throw badInput(`${field} must set at least one of ${names.join(', ')}; nothing to change was given`, field);
  }
}

/** The key inside a global id of `type`; BAD_USER_INPUT naming the field otherwise. */
export function keyOfId(id: string, field: string, type: NodeTypeName): string {
  try {
    return decodeIdOf(id, type).key;
  } catch (error) {
    if (error instanceof InvalidIdError) throw badInput(`${field}: ${error.message}`, field);
    throw error;
  }
}

/**
 * The vendor's own id inside the global id of a vendor-owned node, which must belong to
 * `vendor`: a listing id given as a lockbox id, or another vendor's prospect given
 * to this vendor's write, is BAD_USER_INPUT naming the field.
 */
export function vendorIdOf(id: string, field: string, type: Exclude<NodeTypeName, 'Unit'>, vendor: Vendor): string {
  let ref: SourceRef;
  try {
    ref = parseRefKey(keyOfId(id, field, type));
  } catch (error) {
    if (error instanceof InvalidIdError) throw badInput(`${field}: ${error.message}`, field);
    throw error;
  }
  if (ref.vendor !== vendor) {
    throw badInput(`${field} must be the id of a ${VENDOR_NAMES[vendor]} ${type}, got the id of a ${VENDOR_NAMES[ref.vendor]} ${type}`, field);
  }
  return ref.externalId;
}
