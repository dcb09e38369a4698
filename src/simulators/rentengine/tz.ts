/**
 * Local wall-clock time for showing windows, from the unit's state, using the
 * platform's time zone data (Intl) so daylight saving is right without a library.
 */

const CENTRAL = ['AL', 'AR', 'IA', 'IL', 'KS', 'LA', 'MN', 'MO', 'MS', 'ND', 'NE', 'OK', 'SD', 'TN', 'TX', 'WI'];
const MOUNTAIN = ['CO', 'ID', 'MT', 'NM', 'UT', 'WY'];
const PACIFIC = ['CA', 'NV', 'OR', 'WA'];
const ZONES: Record<string, string> = {
  ...Object.fromEntries(CENTRAL.map((s) => [s, 'America/Chicago'])),
  ...Object.fromEntries(MOUNTAIN.map((s) => [s, 'America/Denver'])),
  ...Object.fromEntries(PACIFIC.map((s) => [s, 'America/Los_Angeles'])),
  AZ: 'America/Phoenix',
  AK: 'America/Anchorage',
  HI: 'Pacific/Honolulu',
};

/** The IANA zone of a US state; Eastern for the rest and anything unknown. */
export function zoneForState(state: string): string {
  return ZONES[state.toUpperCase()] ?? 'America/New_York';
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const abbreviationFormats = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let format = cache.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, ...options });
    cache.set(zone, format);
  }
  return format;
}

/** Minutes east of UTC in `zone` at `atMillis` (-300 for New York in winter). */
export function offsetMinutes(zone: string, atMillis: number): number {
  const name = cached(offsetFormats, zone, { timeZoneName: 'longOffset' }).formatToParts(atMillis).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (match === null) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** The local calendar date in `zone` at `atMillis` as [year, month 1-12, day]. */
export function localDate(zone: string, atMillis: number): [number, number, number] {
  const parts = cached(dateFormats, zone, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(atMillis);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return [get('year'), get('month'), get('day')];
}

/** The instant of local wall time `hour:minute` on a local date in `zone`. */
export function localToUtcMillis(zone: string, date: readonly [number, number, number], hour: number, minute: number): number {
  const wall = Date.UTC(date[0], date[1] - 1, date[2], hour, minute);
  const first = wall - offsetMinutes(zone, wall) * 60_000;
  // Near a daylight-saving switch the offset at the guess can differ from the one at the answer.
  return wall - offsetMinutes(zone, first) * 60_000;
}

/** "CST", "MDT", ...: the short zone name in force at `atMillis`. */
export function zoneAbbreviation(zone: string, atMillis: number): string {
  return cached(abbreviationFormats, zone, { timeZoneName: 'short' }).formatToParts(atMillis).find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
}

/** Adds `days` to a calendar date. */
export function addDays(date: readonly [number, number, number], days: number): [number, number, number] {
  const d = new Date(Date.UTC(date[0], date[1] - 1, date[2] + days));
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}
