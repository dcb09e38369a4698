import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeSlots } from '../../src/simulators/rentengine/availability.js';
import type { TestApp } from '../utils/app.js';
import { availableUnits, onlyError, rentengineSim, resetAll, startMutationApp, totalRequests, unitIdOf, writesTo } from './support.js';

const SCHEDULE = 'mutation ($input: ScheduleShowingInput!) { scheduleShowing(input: $input) { id startsAt prospect { id } } }';
const CREATE_LOCKBOXES = 'mutation ($serials: [String!]!, $account: String!) { createLockboxes(input: { serialNumbers: $serials, accountId: $account }) { id serialNumber } }';

// Keys are claimed and results kept in the store: on both engines.
describe.each(['sqlite', 'postgres'] as const)('Idempotency-Key on %s', (engine) => {
  let app: TestApp;
  let account: string;

  beforeAll(async () => {
    app = await startMutationApp({ engine });
    account = rentengineSim(app).store.mainAccountId;
  });
  afterAll(async () => {
    await app?.close();
  });

  const showingInput = async () => {
    const unit = availableUnits(app)[0]!;
    const startsAt = new Date(freeSlots(rentengineSim(app).store, unit, Date.now())[0]!.startMillis).toISOString();
    return {
      unitId: await unitIdOf(app, 'RENTENGINE', unit.id),
      startsAt,
      prospect: { firstName: 'Kim', lastName: 'Ng', email: 'kim.ng@example.com', phone: '5550107070', agentToken: 'ZX98YW' },
    };
  };

  it('answers a repeat with the first result and makes one vendor call', async () => {
    const input = await showingInput();
    resetAll(app);
    const headers = { 'idempotency-key': 'showing-kim-1' };
    const first = await app.graphql(SCHEDULE, { input }, headers);
    const second = await app.graphql(SCHEDULE, { input }, headers);
    expect(first.errors).toBeUndefined();
    // Without the key the repeat would reach RentEngine, which refuses a booked window.
    expect(second).toEqual(first);
    expect(writesTo(app, 'rentengine')).toHaveLength(1);
  });

  it('refuses the key reused with a different request, before any vendor call', async () => {
    const input = await showingInput();
    resetAll(app);
    const error = onlyError(await app.graphql(SCHEDULE, { input: { ...input, method: 'Self Guided' } }, { 'idempotency-key': 'showing-kim-1' }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
    expect(error.message).toMatch(/^Idempotency-Key reused with a different request/);
    expect(totalRequests(app)).toBe(0);
  });

  it('makes one vendor call for duplicates sent at the same time', async () => {
    resetAll(app);
    const headers = { 'idempotency-key': 'lockboxes-concurrent' };
    const answers = await Promise.all([1, 2, 3].map(() => app.graphql(CREATE_LOCKBOXES, { serials: ['SL-700001'], account }, headers)));
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]!.errors).toBeUndefined();
    expect(writesTo(app, 'rentengine')).toHaveLength(1);
  });

  it('keeps no failure: after a 503 the same key writes again', async () => {
    resetAll(app);
    const headers = { 'idempotency-key': 'lockboxes-after-503' };
    rentengineSim(app).server.setFaults({ script: [503] });
    const failed = onlyError(await app.graphql(CREATE_LOCKBOXES, { serials: ['SL-700002'], account }, headers));
    expect(failed.extensions.code).toBe('VENDOR_UNAVAILABLE');
    const retried = await app.graphql<{ createLockboxes: { serialNumber: string }[] }>(CREATE_LOCKBOXES, { serials: ['SL-700002'], account }, headers);
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.createLockboxes).toEqual([expect.objectContaining({ serialNumber: 'SL-700002' })]);
    expect(rentengineSim(app).server.stats().total).toBe(2);
  });

  it('replays each field of a document under one key', async () => {
    const document = `mutation ($account: String!) {
      a: createLockboxes(input: { serialNumbers: ["SL-700003"], accountId: $account }) { id }
      b: createLockboxes(input: { serialNumbers: ["SL-700004"], accountId: $account }) { id }
    }`;
    resetAll(app);
    const headers = { 'idempotency-key': 'two-fields' };
    const first = await app.graphql(document, { account }, headers);
    const second = await app.graphql(document, { account }, headers);
    expect(first.errors).toBeUndefined();
    expect(second).toEqual(first);
    expect(writesTo(app, 'rentengine')).toHaveLength(2);
  });

  it('writes again for a repeat without a key', async () => {
    resetAll(app);
    await app.graphql(CREATE_LOCKBOXES, { serials: ['SL-700005'], account });
    const again = onlyError(await app.graphql(CREATE_LOCKBOXES, { serials: ['SL-700005'], account }));
    expect(again.extensions['details']).toEqual([expect.stringContaining('serial number SL-700005 is already registered')]);
    expect(writesTo(app, 'rentengine')).toHaveLength(2);
  });
});
