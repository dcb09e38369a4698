/**
 * Vendor timestamps arrive in many shapes; the graph always answers ISO 8601 with an
 * offset. A timestamp without an offset is UTC (docs/vendors.md). Returns null for
 * null/empty; throws on text that is not a date so raw checks can name the field.
 */
const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function toIsoDateTime(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  let text = value.trim().replace(' ', 'T');
  if (DATE_ONLY.test(text)) text += 'T00:00:00Z';
  else if (!HAS_OFFSET.test(text)) text += 'Z';
  const millis = Date.parse(text);
  if (Number.isNaN(millis)) throw new RangeError(`expected an ISO 8601 date-time, got ${JSON.stringify(value)}`);
  return new Date(millis).toISOString();
}

/** YYYY-MM-DD from a date or date-time (its UTC calendar day). */
export function toIsoDate(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const text = value.trim();
  if (DATE_ONLY.test(text)) return text;
  const iso = toIsoDateTime(text);
  return iso === null ? null : iso.slice(0, 10);
}

/**
 * UTC ISO 8601 with milliseconds, whose text order is time order whatever offset the
 * vendor wrote (so stores compare it as text); null for null or text that is no time.
 */
export function utcIsoOrNull(time: string | null | undefined): string | null {
  if (time === null || time === undefined) return null;
  const millis = Date.parse(time);
  return Number.isNaN(millis) ? null : new Date(millis).toISOString();
}
