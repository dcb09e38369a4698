import { timingSafeEqual } from 'node:crypto';
import { single, type RawQuery } from '../kit/query.js';
import { fail, type Failure } from './http.js';
import type { Company, LeaseyState } from './state.js';

/**
 * The two levels of Leasey authentication with the messages of the doc's auth
 * table. Level 1 is the API token (Bearer header, or `?token=` for debugging);
 * level 2 is company_id plus the company password, from the query and the
 * X-Company-Password header on GET, from the JSON body on POST/PUT.
 */
export const AUTH_MESSAGES = Object.freeze({
  tokenMissing: 'Authentication token required',
  tokenInvalid: 'Invalid authentication token',
  passwordMissing: 'X-Company-Password header is required',
  passwordInvalid: 'Invalid company password',
  tokenLength: (expected: number) =>
    `The provided token does not match the expected token - verify you are copying the full token (expected length: ${expected} characters)`,
  companyNotFound: (id: number) => `Company ${id} not found`,
  noAdmin: (id: number) => `No admin user found for company ${id}. Contact support.`,
});

/** The token a request carries: "Authorization: Bearer <token>" (the prefix is required), else `?token=`. */
function presentedToken(authorization: string | undefined, query: RawQuery): string | undefined {
  const match = authorization === undefined ? null : /^Bearer\s+(.+)$/i.exec(authorization.trim());
  if (match !== null) return match[1]!.trim();
  const fromQuery = single(query, 'token');
  return fromQuery === undefined || fromQuery === '' ? undefined : fromQuery;
}

export function checkToken(expected: string, authorization: string | undefined, query: RawQuery): Failure | null {
  const token = presentedToken(authorization, query);
  if (token === undefined) return fail(401, AUTH_MESSAGES.tokenMissing);
  const given = Buffer.from(token);
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length) {
    return fail(401, AUTH_MESSAGES.tokenLength(wanted.length), { debug: { token_received_length: given.length, token_expected_length: wanted.length } });
  }
  return timingSafeEqual(given, wanted) ? null : fail(401, AUTH_MESSAGES.tokenInvalid);
}

/**
 * Level 2. The password-missing message names the header because the doc has one
 * message for that scenario; a POST/PUT body without "password" gets the same one.
 */
export function checkCompany(state: LeaseyState, companyId: number, password: string | undefined): Company | Failure {
  if (password === undefined || password === '') return fail(401, AUTH_MESSAGES.passwordMissing);
  const company = state.companies.get(companyId);
  if (company === undefined) return fail(401, AUTH_MESSAGES.companyNotFound(companyId));
  const given = Buffer.from(password);
  const wanted = Buffer.from(company.password);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return fail(401, AUTH_MESSAGES.passwordInvalid);
  if (company.adminUserId === null) return fail(400, AUTH_MESSAGES.noAdmin(companyId));
  return company;
}

/** X-Company-Password only: the old `?password=` of v1 is not read (ASSUMPTIONS.md). */
export function passwordHeader(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers['x-company-password'];
  return Array.isArray(value) ? value[value.length - 1] : value;
}
