import { single, type RawQuery } from '../kit/query.js';
import { fail, type Failure } from './http.js';

/**
 * Query parameters as Leasey reads them. company_id must be written as a bare
 * integer (`?company_id=123`; `"123"` with quotes is refused, as the troubleshooting
 * section shows); dates are "YYYY-MM-DDTHH:MM:SS" exactly.
 */
export function companyIdFromQuery(query: RawQuery): number | Failure {
  const raw = single(query, 'company_id');
  if (raw === undefined || raw === '') return fail(400, 'company_id is required');
  return /^-?\d{1,15}$/.test(raw) ? Number(raw) : fail(400, 'company_id must be an integer');
}

/** company_id of a POST/PUT body: a JSON integer. */
export function companyIdFromBody(value: unknown): number | Failure {
  if (value === undefined || value === null) return fail(400, 'company_id is required');
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : fail(400, 'company_id must be an integer');
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

/** True when `text` is "YYYY-MM-DDTHH:MM:SS" and names a real instant (no Feb 30, no 25:00). */
export function isLeaseyDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (m === null) return false;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}

export function dateParam(query: RawQuery, name: 'start_date' | 'end_date'): string | undefined | Failure {
  const raw = single(query, name);
  if (raw === undefined || raw === '') return undefined;
  return isLeaseyDateTime(raw) ? raw : fail(400, `${name} must be an ISO-8601 date-time YYYY-MM-DDTHH:MM:SS, got ${JSON.stringify(raw)}`);
}

/** The reports' default start_date: Jan 1 of the current year, 00:00:00. */
export function startOfYear(now: Date): string {
  return `${now.getUTCFullYear()}-01-01T00:00:00`;
}

export const DEFAULT_LEADS_LIMIT = 100;
export const MAX_LEADS_LIMIT = 500;

export function limitParam(query: RawQuery): number | Failure {
  const raw = single(query, 'limit');
  if (raw === undefined || raw === '') return DEFAULT_LEADS_LIMIT;
  const n = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  return n >= 1 && n <= MAX_LEADS_LIMIT ? n : fail(400, `limit must be an integer from 1 to ${MAX_LEADS_LIMIT}, got ${JSON.stringify(raw)}`);
}
