import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShowingModel } from '../../../src/domain/models.js';
import { availability } from '../../../src/simulators/rentengine/availability.js';
import type { LeasingEvent } from '../../../src/simulators/rentengine/types.js';
import { startTestApp, type TestApp } from '../../utils/app.js';
import { callsByVendor, globalId, query, rentengineOf, rentengineRoute, resetStats } from '../support.js';
import { leasey } from '../../../src/vendors/leasey/index.js';

interface ShowingNode {
  id: string;
  startsAt: string | null;
  status: string | null;
  unit: { id: string } | null;
  prospect: { id: string } | null;
}

const SHOWING_FIELDS = 'id startsAt status unit { id } prospect { id }';

describe('showings', () => {
  let app: TestApp;
  let leaseyShowings: ShowingModel[];
  beforeAll(async () => {
    app = await startTestApp({ synced: true });
    leaseyShowings = await app.services.vendors.of(leasey)!.client.showingsReport();
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  /** Moves RentEngine prospects along the funnel until one gets a showing scheduled with a time, announced by webhook. */
  async function scheduleRentengineShowing(): Promise<LeasingEvent> {
    const rentengine = rentengineOf(app);
    for (let attempt = 0; attempt < 200; attempt++) {
      const candidate = rentengine.store.prospects.rows.find((p) => p.status === 'Showing Desired' && p.unit_of_interest !== null
        && rentengine.store.units.get(p.unit_of_interest)?.status === 'Available');
      const prospect = candidate ?? rentengine.activity.newProspect();
      const event = rentengine.activity.stepProspect(prospect.id);
      if (event?.event_type === 'Showing Scheduled' && event.planned_date_time !== null) {
        await rentengine.webhooks.idle();
        return event;
      }
    }
    throw new Error('no prospect reached "Showing Scheduled" in 200 steps');
  }

  it('lists Leasey showings newest first, filtered to a time window', async () => {
    const all = await query<{ showings: { edges: { node: ShowingNode }[] } }>(app, `{ showings(first: 500, filter: { vendor: LEASEY }) { edges { node { ${SHOWING_FIELDS} } } } }`);
    const ids = all.showings.edges.map((e) => e.node.id);
    expect(ids.sort()).toEqual([...new Set(leaseyShowings.map((s) => globalId('Showing', 'LEASEY', s.externalId)))].sort());
    const times = all.showings.edges.map((e) => Date.parse(e.node.startsAt!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all.showings.edges.filter((e) => e.node.unit !== null).length).toBeGreaterThan(ids.length / 2);

    const sorted = leaseyShowings.map((s) => s.startsAt!).sort();
    const from = sorted[Math.floor(sorted.length / 3)]!;
    const to = sorted[Math.floor((2 * sorted.length) / 3)]!;
    const windowed = await query<{ showings: { edges: { node: ShowingNode }[] } }>(
      app,
      `query($from: DateTime, $to: DateTime) { showings(first: 500, filter: { vendor: LEASEY, from: $from, to: $to }) { edges { node { ${SHOWING_FIELDS} } } } }`,
      { from, to },
    );
    const expected = leaseyShowings.filter((s) => Date.parse(s.startsAt!) >= Date.parse(from) && Date.parse(s.startsAt!) < Date.parse(to));
    expect(windowed.showings.edges.map((e) => e.node.id).sort()).toEqual([...new Set(expected.map((s) => globalId('Showing', 'LEASEY', s.externalId)))].sort());
  });

  it('shows a RentEngine showing from its "Showing Scheduled" webhook on the showings list, its unit, its prospect and by id', async () => {
    const event = await scheduleRentengineShowing();
    const id = globalId('Showing', 'RENTENGINE', event.id);
    const data = await query<{
      showings: { edges: { node: ShowingNode }[] };
      unit: { id: string; showings: { edges: { node: { id: string } }[] } };
      prospect: { id: string; showings: { id: string }[] };
      node: ShowingNode;
    }>(
      app,
      `query($unit: String!, $prospect: ID!, $id: ID!) {
        showings(first: 500, filter: { vendor: RENTENGINE }) { edges { node { ${SHOWING_FIELDS} } } }
        unit: nodeBySource(vendor: RENTENGINE, type: UNIT, externalId: $unit) { id ... on Unit { showings(first: 500) { edges { node { id } } } } }
        prospect: node(id: $prospect) { id ... on Prospect { showings { id } } }
        node(id: $id) { ... on Showing { ${SHOWING_FIELDS} } }
      }`,
      { unit: String(event.unit_id), prospect: globalId('Prospect', 'RENTENGINE', event.prospect_id), id },
    );
    const listed = data.showings.edges.find((e) => e.node.id === id)?.node;
    expect(listed).toEqual({ id, startsAt: new Date(event.planned_date_time!).toISOString(), status: 'Showing Scheduled', unit: { id: data.unit.id }, prospect: { id: data.prospect.id } });
    expect(data.unit.showings.edges.map((e) => e.node.id)).toContain(id);
    expect(data.prospect.showings.map((s) => s.id)).toContain(id);
    expect(data.node).toEqual(listed);
  });

  it("takes a RentEngine showing's status from the prospect's next showing step", async () => {
    const rentengine = rentengineOf(app);
    const event = await scheduleRentengineShowing();
    const next = rentengine.activity.stepProspect(event.prospect_id)!;
    await rentengine.webhooks.idle();
    const data = await query<{ node: { status: string } }>(app, 'query($id: ID!) { node(id: $id) { ... on Showing { status } } }', { id: globalId('Showing', 'RENTENGINE', event.id) });
    expect(['Showing Complete', 'Missed Showing']).toContain(next.event_type);
    expect(data.node.status).toBe(next.event_type);
  });

  it('offers the showing windows RentEngine has for a unit inside [from, to], sorted, preferred ones marked', async () => {
    const store = rentengineOf(app).store;
    const unit = store.units.rows.find((u) => u.status === 'Available')!;
    const from = new Date(Date.now() + 2 * 3_600_000).toISOString();
    const to = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const data = await query<{ nodeBySource: { showingAvailability: { start: string; end: string; preferred: boolean }[] } }>(
      app,
      'query($id: String!, $from: DateTime, $to: DateTime) { nodeBySource(vendor: RENTENGINE, type: UNIT, externalId: $id) { ... on Unit { showingAvailability(from: $from, to: $to) { start end preferred } } } }',
      { id: String(unit.id), from, to },
    );
    const truth = availability(store, unit, Date.now());
    const preferred = new Set(truth.preferredShowingWindows.map((w) => w.start));
    const expected = truth.availableShowingWindows
      .filter((w) => Date.parse(w.start) >= Date.parse(from) && Date.parse(w.end) <= Date.parse(to))
      .map((w) => ({ start: w.start, end: w.end, preferred: preferred.has(w.start) }));
    const windows = data.nodeBySource.showingAvailability;
    expect(windows.length).toBeGreaterThan(10);
    expect(windows.map((w) => ({ ...w, start: new Date(w.start).toISOString(), end: new Date(w.end).toISOString() }))).toEqual(expected);
    expect(windows.some((w) => w.preferred)).toBe(true);
    expect(windows.some((w) => !w.preferred)).toBe(true);
  });

  it('says how a unit is shown, in which time zone, its status, and which methods each window is open to', async () => {
    const store = rentengineOf(app).store;
    const unit = store.units.rows.find((u) => u.status === 'Available' && u.showing_method !== 'Accompanied')!;
    const to = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const data = await query<{ nodeBySource: { showingCalendars: { vendor: string; externalId: string; method: string; timeZone: string; timeZoneAbbreviation: string; unitStatus: string; windows: { start: string; methods: string[] }[] }[] } }>(
      app,
      'query($id: String!, $to: DateTime) { nodeBySource(vendor: RENTENGINE, type: UNIT, externalId: $id) { ... on Unit { showingCalendars(to: $to) { vendor externalId method timeZone timeZoneAbbreviation unitStatus windows { start methods } } } } }',
      { id: String(unit.id), to },
    );
    const truth = availability(store, unit, Date.now());
    const calendar = data.nodeBySource.showingCalendars.find((c) => c.externalId === String(unit.id))!;
    expect(calendar).toMatchObject({
      vendor: 'RENTENGINE', method: unit.showing_method, timeZone: truth.timezoneName, timeZoneAbbreviation: truth.timezoneAbbreviation, unitStatus: 'Available',
    });
    expect(calendar.windows.length).toBeGreaterThan(0);
    for (const window of calendar.windows) {
      expect(Date.parse(window.start)).toBeLessThanOrEqual(Date.parse(to));
      expect(window.methods).toEqual([unit.showing_method, 'Accompanied']);
    }
  });

  it('costs one availability call per RentEngine unit on the page (the vendor has no batch form)', async () => {
    const page = await query<{ units: { edges: { node: { sources: { vendor: string }[] } }[] } }>(
      app,
      '{ units(first: 8, filter: { vendor: RENTENGINE }) { edges { node { sources { vendor } } } } }',
    );
    const rentengineRecords = page.units.edges.flatMap((e) => e.node.sources).filter((s) => s.vendor === 'RENTENGINE').length;
    resetStats(app);
    await query(app, '{ units(first: 8, filter: { vendor: RENTENGINE }) { edges { node { showingAvailability { start } } } } }');
    expect(callsByVendor(app)).toEqual({ rentengine: { [rentengineRoute('GET', '/showings/availability')]: rentengineRecords } });
  });

  it('costs one Leasey report read for the showings of a page of units, and nothing of RentEngine', async () => {
    app.services.cache.clear();
    resetStats(app);
    await query(app, '{ units(first: 100) { edges { node { showings(first: 5) { edges { node { id startsAt } } } } } } }');
    expect(callsByVendor(app)).toEqual({ leasey: { 'GET /reports/showings': 1 } });
  });

  it('costs one showings report for a page of showings, whose units and prospects the read model holds', async () => {
    app.services.cache.clear();
    resetStats(app);
    const data = await query<{ showings: { edges: { node: ShowingNode }[] } }>(app, `{ showings(first: 500) { edges { node { ${SHOWING_FIELDS} } } } }`);
    expect(data.showings.edges.some((e) => Buffer.from(e.node.id, 'base64url').toString().startsWith('Showing:RENTENGINE:'))).toBe(true);
    expect(data.showings.edges.some((e) => e.node.prospect !== null)).toBe(true);
    // Showings are read live; the prospects they name are stored ones, so no prospect list is read.
    expect(callsByVendor(app)).toEqual({ leasey: { 'GET /reports/showings': 1 } });
  });
});
