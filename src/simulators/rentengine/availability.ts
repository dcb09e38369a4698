import { hashString } from '../world/index.js';
import type { RentengineStore } from './store.js';
import { addDays, localDate, localToUtcMillis, zoneAbbreviation, zoneForState } from './tz.js';
import type { ShowingMethod, Unit, UnitStatus } from './types.js';

/**
 * Showing windows of a unit: half-hour slots from 09:00 to 19:00 local time over the
 * next 7 days, starting at least an hour from now, minus booked showings. Windows
 * at 10–12 and 16–18 local are the preferred ones. Only Available units show.
 */
export const SLOT_MINUTES = 30;
const FIRST_SLOT_HOUR = 9;
const SLOTS_PER_DAY = 20;
const LEAD_MILLIS = 3_600_000;
export const HORIZON_DAYS = 7;
const PREFERRED_HOURS: readonly (readonly [number, number])[] = [[10, 12], [16, 18]];

export interface ShowingWindow {
  start: string;
  end: string;
  invitedUserIdsArray: string[];
  showingMethodsAvailable: ShowingMethod[];
}

export interface Availability {
  unitId: number;
  preferredShowingWindows: ShowingWindow[];
  availableShowingWindows: ShowingWindow[];
  showingMethod: ShowingMethod;
  timezoneName: string;
  timezoneAbbreviation: string;
  unitStatus: UnitStatus | null;
}

export interface Slot { startMillis: number; preferred: boolean }

/** Free slot starts of a unit in time order. */
export function freeSlots(store: RentengineStore, unit: Unit, nowMillis: number): Slot[] {
  if (unit.status !== 'Available') return [];
  const zone = zoneForState(unit.address.state);
  const booked = store.bookedSlots(unit.id);
  const today = localDate(zone, nowMillis);
  const earliest = nowMillis + LEAD_MILLIS;
  const latest = nowMillis + HORIZON_DAYS * 86_400_000;
  const slots: Slot[] = [];
  for (let day = 0; day <= HORIZON_DAYS; day++) {
    // Daylight saving switches at night, so one offset serves the whole showing day.
    const dayStart = localToUtcMillis(zone, addDays(today, day), FIRST_SLOT_HOUR, 0);
    for (let i = 0; i < SLOTS_PER_DAY; i++) {
      const start = dayStart + i * SLOT_MINUTES * 60_000;
      if (start < earliest || start > latest || booked.has(start)) continue;
      const hour = FIRST_SLOT_HOUR + (i * SLOT_MINUTES) / 60;
      slots.push({ startMillis: start, preferred: PREFERRED_HOURS.some(([from, to]) => hour >= from && hour < to) });
    }
  }
  return slots;
}

export function availability(store: RentengineStore, unit: Unit, nowMillis: number): Availability {
  const zone = zoneForState(unit.address.state);
  const methods: ShowingMethod[] = unit.showing_method === 'Accompanied' ? ['Accompanied'] : [unit.showing_method, 'Accompanied'];
  const users = [...store.userIds];
  const invited = unit.showing_method === 'Accompanied' && users.length > 0 ? [users[hashString(String(unit.id)) % users.length]!] : [];
  const window = (slot: Slot): ShowingWindow => ({
    start: new Date(slot.startMillis).toISOString(),
    end: new Date(slot.startMillis + SLOT_MINUTES * 60_000).toISOString(),
    invitedUserIdsArray: invited,
    showingMethodsAvailable: methods,
  });
  const slots = freeSlots(store, unit, nowMillis);
  return {
    unitId: unit.id,
    preferredShowingWindows: slots.filter((s) => s.preferred).map(window),
    availableShowingWindows: slots.map(window),
    showingMethod: unit.showing_method,
    timezoneName: zone,
    timezoneAbbreviation: zoneAbbreviation(zone, nowMillis),
    unitStatus: unit.status,
  };
}
