import { VendorError } from '../../errors.js';
import { checkPayload } from '../../ports/payloads.js';
import type { Query } from '../http/index.js';
import { leaseyDateTime } from './dates.js';
import { leadExternalId } from './map.js';
import { rawLead, type RawLead } from './raw.js';

export interface LeaseyLeadQuery {
  /** Only leads of this property: the UUID createProperty returned (docs/vendors.md, Leasey). */
  propertyId?: string;
  /** Leads created on or after. Default: no lower bound. */
  startDate?: Date | string;
  /** Leads created on or before. Default: no upper bound. */
  endDate?: Date | string;
  /** Most leads to return. Default: all. */
  limit?: number;
  /** Leads asked for per request, 2..500. Default 500 (the documented maximum). */
  pageSize?: number;
  /** Requests at most for one walk; a walk that needs more fails. Default 1_000. */
  maxPages?: number;
}

export interface CheckedLead {
  raw: RawLead;
  original: unknown;
}

const OPERATION = 'GET /properties/leads';

/**
 * GET /properties/leads has no page parameter, only `limit` and an inclusive date
 * window. A full page is followed by moving the window past it: the start to the last
 * lead's creation time when the page runs oldest first, the end when it runs newest
 * first. Rows on the boundary come again and are dropped by lead (person and property). A page whose
 * rows all share one second, or that is in no order, cannot be moved past: that fails
 * with VENDOR_BAD_RESPONSE rather than returning a silently partial list.
 */
export function createLeadWalker(read: (query: Query) => Promise<unknown[]>) {
  return async (query: LeaseyLeadQuery): Promise<CheckedLead[]> => {
    const pageSize = query.pageSize ?? 500;
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    const maxPages = query.maxPages ?? 1_000;
    if (!Number.isInteger(pageSize) || pageSize < 2 || pageSize > 500) badInput(`pageSize must be an integer from 2 to 500, got ${pageSize}`);
    if (limit !== Number.POSITIVE_INFINITY && (!Number.isInteger(limit) || limit < 1)) badInput(`limit must be a positive integer, got ${limit}`);
    if (query.propertyId !== undefined && query.propertyId.trim() === '') badInput('propertyId must not be empty');

    let start = query.startDate === undefined ? undefined : leaseyDateTime(query.startDate, 'startDate');
    let end = query.endDate === undefined ? undefined : leaseyDateTime(query.endDate, 'endDate');
    const leads = new Map<string, CheckedLead>();

    for (let page = 1; ; page++) {
      if (page > maxPages) fail(`still returned full pages after ${maxPages} requests (expected the list to end within maxPages)`);
      const rows = await read({ start_date: start, end_date: end, property_id: query.propertyId, limit: pageSize });
      const checked = rows.map((row, i) => ({ raw: checkPayload('LEASEY', `${OPERATION} [${i}]`, rawLead, row), original: row }));
      for (const lead of checked) {
        const key = leadExternalId(lead.raw.Person_ID, lead.raw.Property_ID);
        if (!leads.has(key)) leads.set(key, lead);
      }
      if (rows.length < pageSize || leads.size >= limit) break;

      const times = checked.map((lead) => lead.raw.Lead_Date_Created);
      if (times.some((t) => t === null)) fail('sent a full page with a lead lacking Lead_Date_Created (expected a creation time on every lead to page by)');
      const first = times[0]!.slice(0, 19);
      const last = times[times.length - 1]!.slice(0, 19);
      const ordered = (sign: 1 | -1) => times.every((t, i) => i === 0 || sign * t!.localeCompare(times[i - 1]!) >= 0);
      if (last > first && ordered(1) && (start === undefined || last > start)) start = last;
      else if (last < first && ordered(-1) && (end === undefined || last < end)) end = last;
      else fail(`sent a full page of ${pageSize} leads that cannot be paged past (expected them ordered by Lead_Date_Created over more than one second)`);
    }
    return [...leads.values()].slice(0, limit);
  };
}

function badInput(message: string): never {
  throw new VendorError({ code: 'BAD_USER_INPUT', vendor: 'LEASEY', message: `LEASEY ${OPERATION}: ${message}` });
}

function fail(message: string): never {
  throw new VendorError({ code: 'VENDOR_BAD_RESPONSE', vendor: 'LEASEY', message: `LEASEY ${OPERATION} ${message}` });
}
