import { describe, expect, it } from 'vitest';
import { showingWindows } from '../../../src/resolvers/showing/availability.js';
import type { ShowingAvailabilityModel } from '../../../src/domain/models.js';

const availability = (windows: [string, string, boolean][]): ShowingAvailabilityModel => ({
  unitExternalId: '1',
  windows: windows.map(([start, end, preferred]) => ({ start, end, preferred })),
  showingMethod: null,
  timezoneName: null,
  timezoneAbbreviation: null,
  unitStatus: null,
});

describe('showing windows of a unit', () => {
  const a = availability([
    ['2025-01-01T16:00:00Z', '2025-01-01T16:30:00Z', false],
    ['2025-01-01T09:00:00Z', '2025-01-01T09:30:00Z', false],
  ]);
  const b = availability([
    ['2025-01-01T16:00:00.000Z', '2025-01-01T16:30:00.000Z', true],
    ['2025-01-01T12:00:00Z', '2025-01-01T12:30:00Z', false],
  ]);

  it('merges the records of a unit: each window once, preferred when any record prefers it, sorted by start', () => {
    expect(showingWindows([a, b], null, null)).toEqual([
      { start: '2025-01-01T09:00:00Z', end: '2025-01-01T09:30:00Z', preferred: false, methods: [] },
      { start: '2025-01-01T12:00:00Z', end: '2025-01-01T12:30:00Z', preferred: false, methods: [] },
      { start: '2025-01-01T16:00:00Z', end: '2025-01-01T16:30:00Z', preferred: true, methods: [] },
    ]);
  });

  it('opens a merged window to the methods of every record that offers it', () => {
    const withMethods = (methods: string[]): ShowingAvailabilityModel => ({ ...a, windows: [{ start: '2025-01-01T09:00:00Z', end: '2025-01-01T09:30:00Z', preferred: false, methods }] });
    expect(showingWindows([withMethods(['Accompanied']), withMethods(['Self Guided', 'Accompanied'])], null, null)[0]!.methods).toEqual(['Accompanied', 'Self Guided']);
  });

  it('keeps only windows wholly inside [from, to]', () => {
    const windows = showingWindows([a, b], '2025-01-01T09:15:00Z', '2025-01-01T16:30:00Z');
    expect(windows.map((w) => w.start)).toEqual(['2025-01-01T12:00:00Z', '2025-01-01T16:00:00Z']);
  });
});
