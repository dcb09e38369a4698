import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeSlots } from '../../src/simulators/rentengine/availability.js';
import type { Unit as SimUnit } from '../../src/simulators/rentengine/types.js';
import type { TestApp } from '../utils/app.js';
import {
  availableUnits, expectRentengineAuth, nodeId, onlyError, rentengineSim, resetAll, startMutationApp, totalRequests, unitIdOf, writesTo,
} from './support.js';

const SCHEDULE = `mutation ($input: ScheduleShowingInput!) {
  scheduleShowing(input: $input) { id startsAt status method unit { id } prospect { id email } }
}`;

interface Scheduled {
  scheduleShowing: { id: string; startsAt: string; status: string; method: string | null; unit: { id: string } | null; prospect: { id: string; email: string | null } | null };
}

describe('scheduleShowing', () => {
  let app: TestApp;
  let unit: SimUnit;
  let unitId: string;
  const nextSlot = (u: SimUnit) => new Date(freeSlots(rentengineSim(app).store, u, Date.now())[0]!.startMillis).toISOString();
  const selfProspect = (email: string) => ({
    firstName: 'Dana', lastName: 'Reyes', email, phone: '(555) 010-2030', creditScore: '800+', income: '$100000+/month',
    questionAnswers: [{ question: 'Do you have pets?', answer: 'No' }],
  });

  beforeAll(async () => {
    app = await startMutationApp();
    const store = rentengineSim(app).store;
    // A unit with a prescreening template, so a low credit score is refused.
    unit = availableUnits(app).find((u) => store.templateForUnit(u) !== undefined)!;
    unitId = await unitIdOf(app, 'RENTENGINE', unit.id);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('books a self prospect with POST /showings/create and shows the showing under the unit', async () => {
    const startsAt = nextSlot(unit);
    resetAll(app);
    const { data, errors } = await app.graphql<Scheduled>(SCHEDULE, { input: { unitId, startsAt, method: 'Accompanied', prospect: selfProspect('dana.reyes@example.com') } });
    expect(errors).toBeUndefined();

    const writes = writesTo(app, 'rentengine');
    expect(writes).toHaveLength(1);
    expect(writes[0]!.url).toBe('/api/public/v1/showings/create');
    expectRentengineAuth(writes[0]!);
    expect(writes[0]!.body).toEqual({
      unitId: unit.id,
      plannedForTime: startsAt,
      prospectData: {
        firstName: 'Dana', lastName: 'Reyes', email: 'dana.reyes@example.com', phone: '5550102030', creditScore: '800+', income: '$100000+/month',
        questionAnswers: [{ question: 'Do you have pets?', answer: 'No' }], prospectType: 'Self',
      },
      desiredShowingMethod: 'Accompanied',
    });

    const showing = data!.scheduleShowing;
    expect(showing).toMatchObject({ startsAt, status: 'Showing Scheduled', method: 'Accompanied', unit: { id: unitId } });
    expect(showing.prospect?.email).toBe('dana.reyes@example.com');
    expect(rentengineSim(app).store.bookedSlots(unit.id).has(Date.parse(startsAt))).toBe(true);

    // RentEngine's webhook brings the leasing event into the log, where the unit's showings are read.
    await rentengineSim(app).webhooks.idle();
    const after = await app.graphql<{ node: { showings: { edges: { node: { id: string; startsAt: string } }[] } } }>(
      'query ($id: ID!) { node(id: $id) { ... on Unit { showings(first: 50) { edges { node { id startsAt } } } } } }', { id: unitId },
    );
    expect(after.errors).toBeUndefined();
    expect(after.data!.node.showings.edges.map((e) => e.node)).toContainEqual({ id: showing.id, startsAt });
  });

  it('books an agent with the agent token and no prescreening fields', async () => {
    const startsAt = nextSlot(unit);
    resetAll(app);
    const { data, errors } = await app.graphql<Scheduled>(SCHEDULE, {
      input: { unitId, startsAt, prospect: { firstName: 'Ari', lastName: 'Cole', email: 'ari.cole@agents.example.com', phone: '555-010-4040', agentToken: 'AB12CD' } },
    });
    expect(errors).toBeUndefined();
    expect(data!.scheduleShowing.startsAt).toBe(startsAt);
    const body = writesTo(app, 'rentengine')[0]!.body as { agentTk: string; prospectData: Record<string, unknown> };
    expect(body.agentTk).toBe('AB12CD');
    expect(body.prospectData).toMatchObject({ prospectType: 'Agent', phone: '5550104040' });
    expect(body.prospectData).not.toHaveProperty('creditScore');
  });

  it('answers a failed prescreening as BAD_USER_INPUT with RentEngine\'s message, and books nothing', async () => {
    const startsAt = nextSlot(unit);
    resetAll(app);
    const response = await app.graphql(SCHEDULE, { input: { unitId, startsAt, prospect: { ...selfProspect('low.score@example.com'), creditScore: '300-349' } } });
    const error = onlyError(response);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', vendor: 'RENTENGINE', http: { status: 400 } });
    expect(error.extensions['details']).toEqual([expect.stringMatching(/^Prescreening failed: a self-reported credit score of 300-349 is below the minimum/)]);
    expect(writesTo(app, 'rentengine')).toHaveLength(1);
    expect(rentengineSim(app).store.bookedSlots(unit.id).has(Date.parse(startsAt))).toBe(false);
  });

  it('passes on RentEngine\'s refusal of a time that is not an open window', async () => {
    resetAll(app);
    const startsAt = new Date(freeSlots(rentengineSim(app).store, unit, Date.now())[0]!.startMillis + 60_000).toISOString();
    const error = onlyError(await app.graphql(SCHEDULE, { input: { unitId, startsAt, prospect: selfProspect('off.slot@example.com') } }));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions['details']).toEqual([expect.stringContaining('plannedForTime must be the start of an open showing window')]);
  });

  describe('rejects bad input before any vendor call, naming the field', () => {
    const cases: [string, (input: Record<string, unknown>, prospect: Record<string, unknown>) => void, string, RegExp][] = [
      ['a phone that is not 10 digits', (_i, p) => { p['phone'] = '555-0102'; }, 'input.prospect.phone', /must be a 10-digit US phone number.*got "555-0102"/],
      ['a start in the past', (i) => { i['startsAt'] = new Date(Date.now() - 3_600_000).toISOString(); }, 'input.startsAt', /must be in the future/],
      ['a self prospect without a credit score', (_i, p) => { delete p['creditScore']; }, 'input.prospect.creditScore', /required for a self prospect/],
      ['a self prospect without an income', (_i, p) => { p['income'] = null; }, 'input.prospect.income', /required for a self prospect/],
      ['an agent token that is not 6 characters', (_i, p) => { p['agentToken'] = 'ABC'; }, 'input.prospect.agentToken', /6-character agent token/],
      ['an unknown showing method', (i) => { i['method'] = 'Drive-by'; }, 'input.method', /one of "Accompanied", "Self Guided"/],
      ['a malformed email', (_i, p) => { p['email'] = 'not-an-email'; }, 'input.prospect.email', /email address/],
      ['a Leasey listing id as the unit', (i) => { i['unitId'] = nodeId('Listing', 'LEASEY', '7'); }, 'input.unitId', /expected the id of a Unit, got the id of a Listing/],
    ];
    for (const [name, edit, field, message] of cases) {
      it(`refuses ${name}`, async () => {
        const prospect: Record<string, unknown> = selfProspect('checks@example.com');
        const input: Record<string, unknown> = { unitId, startsAt: new Date(Date.now() + 86_400_000).toISOString(), prospect };
        edit(input, prospect);
        resetAll(app);
        const error = onlyError(await app.graphql(SCHEDULE, { input }));
        expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
        expect(error.message).toMatch(message);
        expect(totalRequests(app)).toBe(0);
      });
    }

    it('refuses a unit RentEngine does not know', async () => {
      const rentrollOnly = app.world.units.find((u) => u.ids.rentroll !== undefined && u.ids.rentengine === undefined)!;
      const id = await unitIdOf(app, 'RENTROLL', rentrollOnly.ids.rentroll!);
      resetAll(app);
      const error = onlyError(await app.graphql(SCHEDULE, { input: { unitId: id, startsAt: new Date(Date.now() + 86_400_000).toISOString(), prospect: selfProspect('x@example.com') } }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.unitId' });
      expect(error.message).toMatch(/must be a unit RentEngine knows; this unit has records at the rent roll/);
      expect(writesTo(app, 'rentengine')).toHaveLength(0);
    });
  });
});
