import { decodeIdOf, InvalidIdError, parseRefKey } from '../domain/ids.js';
import type { NodeTypeName, SourceRef } from '../domain/models.js';
import { VENDOR_NAMES, type Vendor } from '../domain/vendor.js';
import { badInput, badInputs, fieldProblemsOf, type FieldProblem } from '../errors.js';

/**
 * Checks of a write's input, run before any vendor call. Each failure is BAD_USER_INPUT
 * naming the field (as a path into the arguments, e.g. "input.prospect.phone") and saying
 * what was expected and what arrived. A write checks its whole input inside `checkInput`,
 * which runs every field's check and answers every problem at once (`extensions.fields`).
 */

/**
 * What a write's checks run with inside `checkInput`. `field` runs one field's check: a
 * BAD_USER_INPUT it throws is kept (with every field it names) and the check goes on.
 * Its value then stands in as `undefined`, though typed as the check's result: nothing
 * built from it leaves `checkInput`, which throws every kept problem first. A check
 * across fields therefore tests its values against undefined, or asks `ok`.
 */
export interface InputCheck {
  field<T>(check: () => T): T;
  /** `field` for a check that must read first (e.g. the unit a Unit id names). */
  fieldAsync<T>(check: () => Promise<T>): Promise<T>;
  /** `field` for an optional input: undefined, without running the check, when the value is null or left out. */
  optional<V, T>(value: V | null | undefined, check: (value: V) => T): T | undefined;
  /** Keeps a problem found across fields. */
  problem(field: string, message: string): void;
  /** No problem kept so far. */
  readonly ok: boolean;
}

function createInputCheck(): { check: InputCheck; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const keep = (error: unknown): undefined => {
    const found = fieldProblemsOf(error);
    // Anything else (NOT_FOUND, a vendor failure, a bug) stops the checks as it would have.
    if (found === null) throw error;
    problems.push(...found);
    return undefined;
  };
  const check: InputCheck = {
    field<T>(run: () => T): T {
      try {
        return run();
      } catch (error) {
        return keep(error) as T;
      }
    },
    async fieldAsync<T>(run: () => Promise<T>): Promise<T> {
      try {
        return await run();
      } catch (error) {
        return keep(error) as T;
      }
    },
    optional<V, T>(value: V | null | undefined, run: (value: V) => T): T | undefined {
      return value === null || value === undefined ? undefined : check.field(() => run(value));
    },
    problem: (field, message) => void problems.push({ field, message }),
    get ok() {
      return problems.length === 0;
    },
  };
  return { check, problems };
}

/** Runs a write's checks and builds what it sends; every problem found is one BAD_USER_INPUT (errors.ts, badInputs). */
export function checkInput<T>(build: (check: InputCheck) => T): T {
  const { check, problems } = createInputCheck();
  const result = check.field(() => build(check));
  if (problems.length > 0) throw badInputs(problems);
  return result;
}

/** `checkInput` for checks that read (resolving ids) before the vendor call. */
export async function checkInputAsync<T>(build: (check: InputCheck) => Promise<T>): Promise<T> {
  const { check, problems } = createInputCheck();
  const result = await check.fieldAsync(() => build(check));
  if (problems.length > 0) throw badInputs(problems);
  return result;
}

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

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A trimmed email address; `example` shows one in the message. */
export function emailAddress(value: string, field: string, example = 'jo@example.com'): string {
  const trimmed = text(value, field);
  if (!EMAIL.test(trimmed)) fail(field, `an email address such as ${example}`, value);
  return trimmed;
}

/** An absolute URL with one of `schemes` (default http and https). */
export function webUrl(value: string, field: string, schemes: readonly ('http:' | 'https:')[] = ['http:', 'https:']): string {
  const trimmed = text(value, field);
  let url: URL | null;
  try {
    url = new URL(trimmed);
  } catch {
    url = null;
  }
  if (url === null || !(schemes as readonly string[]).includes(url.protocol)) fail(field, `an absolute ${schemes.map((s) => s.replace(':', '')).join(' or ')} URL`, value);
  return trimmed;
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
