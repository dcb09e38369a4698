import { toIsoDateTime } from '../../domain/dates.js';
import { VendorError } from '../../errors.js';

/**
 * Leasey's report filters take `YYYY-MM-DDTHH:MM:SS` without an offset (docs/vendors.md, Leasey),
 * read as UTC (docs/vendors.md). A Date or any ISO 8601 text is accepted and written so.
 */
export function leaseyDateTime(value: Date | string, field: string): string {
  let iso: string | null = null;
  try {
    iso = value instanceof Date ? (Number.isNaN(value.getTime()) ? null : value.toISOString()) : toIsoDateTime(value);
  } catch {
    iso = null;
  }
  if (iso === null) {
    throw new VendorError({
      code: 'BAD_USER_INPUT',
      vendor: 'LEASEY',
      message: `LEASEY ${field} must be an ISO 8601 date or date-time, got ${JSON.stringify(value instanceof Date ? 'Invalid Date' : value)}`,
    });
  }
  return iso.slice(0, 19);
}

/**
 * Leasey's showings and leads reports start at Jan 1 of the current year unless told
 * otherwise (docs/vendors.md, Leasey), so a read of "everything" sends this explicit early start.
 * Leasey.AI did not exist before it, so nothing is cut off.
 */
export const LEASEY_EVERYTHING_START = '2000-01-01T00:00:00';
