import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../utils/app.js';
import { expectRentengineAuth, nodeId, onlyError, rentengineSim, resetAll, startMutationApp, totalRequests, writesTo } from './support.js';

const ASSIGN = `mutation ($prospectId: ID!, $userIds: [String!]!, $bulk: Boolean) {
  assignProspect(prospectId: $prospectId, userIds: $userIds, applyInBulk: $bulk) { id eventType stage prospect { id } }
}`;

describe('assignProspect', () => {
  let app: TestApp;
  let prospect: number;
  let prospectId: string;
  let userId: string;

  beforeAll(async () => {
    app = await startMutationApp();
    const store = rentengineSim(app).store;
    prospect = store.prospects.rows[0]!.id;
    prospectId = nodeId('Prospect', 'RENTENGINE', prospect);
    userId = [...store.userIds][0]!;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('assigns with POST /leasing_events (Assign to User), and the prospect\'s history shows it', async () => {
    resetAll(app);
    const { data, errors } = await app.graphql<{ assignProspect: { id: string; eventType: string; stage: string; prospect: { id: string } } }>(
      ASSIGN, { prospectId, userIds: [userId], bulk: true },
    );
    expect(errors).toBeUndefined();
    const writes = writesTo(app, 'rentengine');
    expect(writes.map((w) => w.url)).toEqual(['/api/public/v1/leasing_events']);
    expectRentengineAuth(writes[0]!);
    expect(writes[0]!.body).toEqual({ events: [{ prospect_id: prospect, event_type: 'Assign to User', context: { assignedToUserIds: [userId], applyActionInBulk: true } }] });
    const event = data!.assignProspect;
    expect(event).toMatchObject({ eventType: 'Assign to User', stage: 'OTHER', prospect: { id: prospectId } });

    await rentengineSim(app).webhooks.idle();
    const after = await app.graphql<{ node: { leasingEvents: { id: string }[] } }>(
      'query ($id: ID!) { node(id: $id) { ... on Prospect { leasingEvents { id } } } }', { id: prospectId },
    );
    expect(after.errors).toBeUndefined();
    expect(after.data!.node.leasingEvents.map((e) => e.id)).toContain(event.id);
  });

  it('passes on RentEngine\'s refusal of an unknown user as BAD_USER_INPUT with its message', async () => {
    resetAll(app);
    const error = onlyError(await app.graphql(ASSIGN, { prospectId, userIds: ['3f2b8c1e-9a4d-4c6e-8b1a-2d5e7f9a0c3b'] }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', vendor: 'RENTENGINE', http: { status: 400 } });
    expect(error.extensions['details']).toEqual([expect.stringMatching(/assignedToUserIds names unknown users: 3f2b8c1e/)]);
  });

  it('answers NOT_FOUND for a prospect RentEngine does not have', async () => {
    const error = onlyError(await app.graphql(ASSIGN, { prospectId: nodeId('Prospect', 'RENTENGINE', 99_999_999), userIds: [userId] }));
    expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', vendor: 'RENTENGINE' });
  });

  it('refuses a Leasey prospect before any vendor call', async () => {
    resetAll(app);
    const error = onlyError(await app.graphql(ASSIGN, { prospectId: nodeId('Prospect', 'LEASEY', 'P-1'), userIds: [userId] }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'prospectId' });
    expect(error.message).toBe('prospectId must be the id of a RentEngine Prospect, got the id of a Leasey Prospect');
    expect(totalRequests(app)).toBe(0);
  });

  it('refuses a user id that is not a UUID before any vendor call', async () => {
    resetAll(app);
    const error = onlyError(await app.graphql(ASSIGN, { prospectId, userIds: ['bob'] }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userIds[0]' });
    expect(totalRequests(app)).toBe(0);
  });
});
