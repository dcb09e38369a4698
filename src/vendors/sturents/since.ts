import { VendorError } from '../../errors.js';

/**
 * Watermarks for GET /api/houses/added-since/{date}/{time} (docs/vendors.md, StuRents): the route takes a
 * date and an optional HH:MM time. A watermark is "yyyy-mm-dd HH:MM", taken from the
 * vendor's own `date` of the read (so it is on the vendor's clock and zone) and cut to
 * the minute, rounding down: a house added later in that minute is read again, never missed.
 */
const STAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?/;
const OFFSET = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

export function watermarkOf(vendorDate: string | null, fallback: Date): string {
  const match = vendorDate === null ? null : STAMP.exec(vendorDate);
  if (match !== null && match[4] !== undefined) return `${match[1]}-${match[2]}-${match[3]} ${match[4]}:${match[5]}`;
  // Without the vendor's clock, the gateway's own in UTC (a time without an offset is UTC: docs/vendors.md).
  return fallback.toISOString().slice(0, 16).replace('T', ' ');
}

/** The added-since path for a Date (its UTC minute) or "yyyy-mm-dd[ HH:MM]". */
export function addedSincePath(since: Date | string): string {
  // Text with an offset names an instant: read it as a Date, i.e. in UTC.
  const instant = since instanceof Date ? since : OFFSET.test(since.trim()) ? new Date(since.trim()) : null;
  const text = instant === null ? (since as string).trim() : Number.isNaN(instant.getTime()) ? '' : instant.toISOString().slice(0, 16);
  const match = STAMP.exec(text);
  const [, year, month, dayOfMonth, hour, minute] = match ?? [];
  const valid = match !== null
    && Number(month) >= 1 && Number(month) <= 12 && Number(dayOfMonth) >= 1 && Number(dayOfMonth) <= 31
    && (hour === undefined || (Number(hour) <= 23 && Number(minute) <= 59));
  if (!valid) {
    throw new VendorError({
      code: 'BAD_USER_INPUT',
      vendor: 'STURENTS',
      message: `STURENTS added-since needs a date as yyyy-mm-dd with an optional HH:MM time, got ${JSON.stringify(since instanceof Date ? 'Invalid Date' : since)}`,
    });
  }
  const date = `${year}-${month}-${dayOfMonth}`;
  return hour === undefined ? `/api/houses/added-since/${date}` : `/api/houses/added-since/${date}/${hour}:${minute}`;
}
