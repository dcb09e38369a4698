import type { ShowingAvailabilityModel, ShowingWindowModel } from '../../domain/models.js';

/**
 * A unit's showing windows from the availability of each of its vendor records (a
 * merged unit rarely has more than one): each distinct (start, end) once, preferred
 * when any record prefers it and open to the methods of any, kept when it lies wholly
 * inside [from, to] (either bound may be open), ordered by start, then end.
 */
export function showingWindows(availabilities: readonly ShowingAvailabilityModel[], from: string | null, to: string | null): ShowingWindowModel[] {
  const fromMillis = from === null ? Number.NEGATIVE_INFINITY : Date.parse(from);
  const toMillis = to === null ? Number.POSITIVE_INFINITY : Date.parse(to);
  const windows = new Map<string, ShowingWindowModel & { startMillis: number; endMillis: number }>();
  for (const window of availabilities.flatMap((availability) => availability.windows)) {
    const startMillis = Date.parse(window.start);
    const endMillis = Date.parse(window.end);
    if (!(startMillis >= fromMillis && endMillis <= toMillis)) continue;
    const key = `${startMillis}/${endMillis}`;
    const seen = windows.get(key);
    if (seen === undefined) {
      windows.set(key, { ...window, methods: [...(window.methods ?? [])], startMillis, endMillis });
    } else {
      seen.preferred ||= window.preferred;
      seen.methods = [...new Set([...(seen.methods ?? []), ...(window.methods ?? [])])];
    }
  }
  return [...windows.values()]
    .sort((a, b) => a.startMillis - b.startMillis || a.endMillis - b.endMillis)
    .map(({ start, end, preferred, methods }) => ({ start, end, preferred, methods: methods ?? [] }));
}
