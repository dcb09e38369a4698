import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Availability } from '../../../src/simulators/rentengine/availability.js';
import type { RunningRentengineSimulator } from '../../../src/simulators/rentengine/server.js';
import type { Prospect, Unit } from '../../../src/simulators/rentengine/types.js';
import { firstWindow, startTestSimulator, type ApiClient } from './harness.js';

let sim: RunningRentengineSimulator;
let api: ApiClient;

beforeAll(async () => {
  ({ sim, api } = await startTestSimulator());
});
afterAll(async () => {
  await sim.close();
});

const availableUnits = () => sim.store.units.rows.filter((u) => u.status === 'Available' && u.prescreen_template_id === null && u.account_id === sim.store.mainAccountId);
let unitIndex = 0;
/** A fresh Available unit under the "Standard screening" template (credit 600, income 2.5 × rent) for each test. */
const nextUnit = (): Unit => availableUnits()[unitIndex++]!;
const rentOf = (unit: Unit) => Number(unit.target_rental_rate);

const windowsOf = async (unitId: number) => (await api.get<{ availability: Availability }>(`/showings/availability?unitId=${unitId}`)).body.availability;

let emailCounter = 0;
const self = (unit: Unit, overrides: Record<string, unknown> = {}) => ({
  firstName: 'Ada', lastName: 'Lovelace', email: `ada.${++emailCounter}@example.com`, phone: '5125550199',
  creditScore: '700+', income: `$${Math.ceil(rentOf(unit) * 3)}+/month`, questionAnswers: [{ question: 'Will you be using a housing voucher?', answer: 'No' }],
  ...overrides,
});

describe('GET /showings/availability', () => {
  it('offers half-hour windows over the next 7 days, preferred ones among them', async () => {
    const unit = nextUnit();
    const availability = await windowsOf(unit.id);
    expect(availability).toMatchObject({ unitId: unit.id, showingMethod: unit.showing_method, unitStatus: 'Available' });
    expect(availability.timezoneName).toMatch(/^America\//);
    expect(availability.timezoneAbbreviation).toMatch(/^[A-Z]{3,4}$/);
    const starts = availability.availableShowingWindows.map((w) => Date.parse(w.start));
    expect(starts.length).toBeGreaterThan(100);
    expect(Math.min(...starts)).toBeGreaterThan(Date.now());
    expect(Math.max(...starts)).toBeLessThanOrEqual(Date.now() + 7 * 86_400_000);
    for (const w of availability.availableShowingWindows) expect(Date.parse(w.end) - Date.parse(w.start)).toBe(30 * 60_000);
    const available = new Set(availability.availableShowingWindows.map((w) => w.start));
    expect(availability.preferredShowingWindows.length).toBeGreaterThan(0);
    expect(availability.preferredShowingWindows.every((w) => available.has(w.start))).toBe(true);
  });

  it('offers windows from the vendor\'s clock, not the machine\'s, and books only those', async () => {
    const now = Date.parse('2025-03-10T12:00:00Z');
    const fixed = await startTestSimulator({ now: () => new Date(now) });
    try {
      const unit = fixed.sim.store.units.rows.find((u) => u.status === 'Available' && u.prescreen_template_id === null && u.account_id === fixed.sim.store.mainAccountId)!;
      const availability = (await fixed.api.get<{ availability: Availability }>(`/showings/availability?unitId=${unit.id}`)).body.availability;
      const starts = availability.availableShowingWindows.map((w) => Date.parse(w.start));
      expect(Math.min(...starts)).toBeGreaterThanOrEqual(now + 3_600_000);
      expect(Math.max(...starts)).toBeLessThanOrEqual(now + 7 * 86_400_000);
      const booked = await fixed.api.post('/showings/create', { unitId: unit.id, plannedForTime: availability.availableShowingWindows[0]!.start, prospectData: self(unit) });
      expect(booked.status).toBe(200);
    } finally {
      await fixed.sim.close();
    }
  });

  it('shows no windows for a unit that is not Available and 404 for an unknown unit', async () => {
    const leased = sim.store.units.rows.find((u) => u.status === 'Leased')!;
    expect(await windowsOf(leased.id)).toMatchObject({ unitStatus: 'Leased', availableShowingWindows: [], preferredShowingWindows: [] });
    expect(await api.get('/showings/availability?unitId=1')).toMatchObject({ status: 404, body: { error: 'Unit 1 not found' } });
  });
});

describe('POST /showings/create', () => {
  it('books a self prospect who passes prescreening; the window disappears and the prospect is scheduled', async () => {
    const unit = nextUnit();
    const start = await firstWindow(api, unit.id);
    const data = self(unit);
    const response = await api.post<{ statusText: string; prospect_id: number; leasing_event_id: number }>('/showings/create', { unitId: unit.id, plannedForTime: start, prospectData: data });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ statusText: 'success', planned_date_time: start });
    const after = await windowsOf(unit.id);
    expect(after.availableShowingWindows.map((w) => w.start)).not.toContain(start);
    const prospect = sim.store.prospects.get(response.body.prospect_id)!;
    expect(prospect).toMatchObject({ email: data.email, name: 'Ada Lovelace', status: 'Showing Scheduled', unit_of_interest: unit.id });
    expect(sim.store.leasingEvents.get(response.body.leasing_event_id)).toMatchObject({ event_type: 'Showing Scheduled', planned_date_time: start, unit_id: unit.id });
  });

  it('refuses a credit range below the template minimum and books nothing', async () => {
    const unit = nextUnit();
    const start = await firstWindow(api, unit.id);
    const data = self(unit, { creditScore: '550-599' });
    const response = await api.post<{ error: string }>('/showings/create', { unitId: unit.id, plannedForTime: start, prospectData: data });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe(`Prescreening failed: a self-reported credit score of 550-599 is below the minimum of 600 set by the "Standard screening" template for unit ${unit.id}`);
    expect((await windowsOf(unit.id)).availableShowingWindows.map((w) => w.start)).toContain(start);
    expect(sim.store.findProspectByEmail(data.email)?.status).toBe('Prescreen Rejected - Self reported credit');
  });

  it('refuses an income range below the template multiple of the rent', async () => {
    const unit = nextUnit();
    const start = await firstWindow(api, unit.id);
    const response = await api.post<{ error: string }>('/showings/create', { unitId: unit.id, plannedForTime: start, prospectData: self(unit, { income: `$${rentOf(unit)}-$${rentOf(unit) + 100}/month` }) });
    expect(response.status).toBe(400);
    expect(response.body.error).toContain('Prescreening failed: a self-reported monthly income of');
    expect(response.body.error).toContain(`below 2.5 × the rent of ${rentOf(unit)}`);
  });

  it('needs creditScore, income and questionAnswers from self prospects', async () => {
    const unit = nextUnit();
    const { creditScore: _c, income: _i, ...data } = self(unit);
    const response = await api.post<{ error: string; details: { params: { missingProperty: string }; dataPath: string }[] }>('/showings/create', { unitId: unit.id, plannedForTime: await firstWindow(api, unit.id), prospectData: data });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('Self prospects need prospectData.creditScore, prospectData.income for prescreening');
    expect(response.body.details.map((d) => [d.dataPath, d.params.missingProperty])).toEqual([['/prospectData', 'creditScore'], ['/prospectData', 'income']]);
  });

  it('books an agent with a 6-character token without prescreening, and refuses a bad token', async () => {
    const unit = nextUnit();
    const start = await firstWindow(api, unit.id);
    const agent = { firstName: 'Sam', lastName: 'Broker', email: 'sam.broker@example.com', phone: '3035550100', prospectType: 'Agent' };
    const refused = await api.post<{ error: string }>('/showings/create', { unitId: unit.id, plannedForTime: start, agentTk: 'abc', prospectData: agent });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('Agent prospects need agentTk, a 6-character agent token of capital letters and digits, got "abc"');
    const booked = await api.post('/showings/create', { unitId: unit.id, plannedForTime: start, agentTk: 'AB12CD', prospectData: agent });
    expect(booked).toMatchObject({ status: 200, body: { statusText: 'success' } });
  });

  it('finds an existing prospect by email instead of creating another', async () => {
    const unit = nextUnit();
    const known = sim.store.prospects.rows[5]!;
    const before = sim.store.prospects.size;
    const response = await api.post<{ prospect_id: number }>('/showings/create', { unitId: unit.id, plannedForTime: await firstWindow(api, unit.id), prospectData: self(unit, { email: known.email.toUpperCase() }) });
    expect(response.body.prospect_id).toBe(known.id);
    expect(sim.store.prospects.size).toBe(before);
    const listed = (await api.get<Prospect[]>('/prospects?limit=100')).body.find((p) => p.id === known.id)!;
    expect(listed).toMatchObject({ status: 'Showing Scheduled', unit_of_interest: unit.id });
  });

  it('refuses a time that is not a window, a window already booked, and a unit that is not Available', async () => {
    const unit = nextUnit();
    const start = await firstWindow(api, unit.id);
    const odd = new Date(Date.parse(start) + 7 * 60_000).toISOString();
    const notWindow = await api.post<{ error: string }>('/showings/create', { unitId: unit.id, plannedForTime: odd, prospectData: self(unit) });
    expect(notWindow.body.error).toBe(`plannedForTime must be the start of an open showing window of unit ${unit.id} (GET /showings/availability lists them), got ${odd}`);
    await api.post('/showings/create', { unitId: unit.id, plannedForTime: start, prospectData: self(unit) });
    const twice = await api.post<{ error: string }>('/showings/create', { unitId: unit.id, plannedForTime: start, prospectData: self(unit) });
    expect(twice.body.error).toContain('is already booked');
    const leased = sim.store.units.rows.find((u) => u.status === 'Leased')!;
    const closed = await api.post<{ error: string }>('/showings/create', { unitId: leased.id, plannedForTime: start, prospectData: self(leased) });
    expect(closed.body.error).toBe(`unit ${leased.id} is Leased; showings can be booked only for Available units`);
    expect((await api.post('/showings/create', { unitId: 1, plannedForTime: start, prospectData: self(unit) })).status).toBe(404);
  });

  it('reschedules: the old window comes back and the new one is taken', async () => {
    const unit = nextUnit();
    const windows = (await windowsOf(unit.id)).availableShowingWindows;
    const [first, second] = [windows[0]!.start, windows[1]!.start];
    const data = self(unit);
    await api.post('/showings/create', { unitId: unit.id, plannedForTime: first, prospectData: data });
    const moved = await api.post('/showings/create', { unitId: unit.id, plannedForTime: second, rescheduleEvent: true, prospectData: data });
    expect(moved.status).toBe(200);
    const starts = (await windowsOf(unit.id)).availableShowingWindows.map((w) => w.start);
    expect(starts).toContain(first);
    expect(starts).not.toContain(second);
    const stranger = await api.post<{ error: string }>('/showings/create', { unitId: unit.id, plannedForTime: first, rescheduleEvent: true, prospectData: self(unit) });
    expect(stranger.body.error).toContain('has no scheduled showing of unit');
  });
});
