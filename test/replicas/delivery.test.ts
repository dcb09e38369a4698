import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seqOfCursor } from '../../src/events/types.js';
import type { RunningRentengineSimulator } from '../../src/simulators/rentengine/server.js';
import type { TestApp } from '../utils/app.js';
import { startReplicaSet, type ReplicaSet } from '../utils/replicas.js';
import { disposeAll, eventually, LEASING, leasingEventBody, postWebhook, rentengineHeaders, subscribe } from '../events/support.js';

interface LeasingNotice {
  leasingEvents: { cursor: string; event: { id: string; notes: string | null } };
}

const CREATE_LOCKBOXES = 'mutation ($serials: [String!]!, $account: String!) { createLockboxes(input: { serialNumbers: $serials, accountId: $account }) { id serialNumber } }';

/** A subscriber on `replica` (which has none) to every leasing event, once it is following the bus. */
async function follow(replica: TestApp) {
  const sub = subscribe<LeasingNotice>(replica.url, LEASING);
  await sub.socket;
  await eventually(() => replica.services.events.bus.listenerCount() > 0);
  return sub;
}

const notesOf = (sub: { results: { data?: LeasingNotice | null }[] }) => sub.results.map((result) => result.data!.leasingEvents.event.notes);

describe('events across replicas over one Postgres', () => {
  let set: ReplicaSet;
  let a: TestApp;
  let b: TestApp;
  let c: TestApp;
  let next = 700_000;
  beforeAll(async () => {
    set = await startReplicaSet({ rentrollUnits: 20 });
    [a, b, c] = [await set.add(), await set.add(), await set.add()];
  }, 60_000);
  afterEach(async () => {
    await disposeAll();
    await eventually(() => [a, b, c].every((replica) => replica.services.events.bus.listenerCount() === 0));
  });
  afterAll(async () => {
    await set.close();
  });

  it('delivers a webhook accepted by one replica to a subscriber on another within a second', async () => {
    const sub = await follow(b);
    const id = next++;
    const started = Date.now();
    expect((await postWebhook(a.url, 'rentengine', leasingEventBody(id), rentengineHeaders())).status).toBe(200);
    await sub.waitFor(1, 1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(notesOf(sub)).toEqual([`step ${id}`]);
  });

  it('never lets a follower skip an event when two replicas append at the same time', async () => {
    const sub = await follow(c);
    const ids = Array.from({ length: 300 }, () => next++);
    // Two replicas writing at once, four deliveries in flight at each: their transactions take seqs in one order and may commit in another.
    let taken = 0;
    await Promise.all(Array.from({ length: 8 }, async (_, lane) => {
      const replica = lane % 2 === 0 ? a : b;
      while (taken < ids.length) {
        const id = ids[taken++]!;
        const answer = await postWebhook(replica.url, 'rentengine', leasingEventBody(id), rentengineHeaders());
        expect(answer.status).toBe(200);
      }
    }));
    await sub.waitFor(ids.length, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const notes = notesOf(sub);
    expect(notes).toHaveLength(ids.length);
    expect(new Set(notes)).toEqual(new Set(ids.map((id) => `step ${id}`)));
    // In seq order, each once.
    const seqs = sub.results.map((result) => seqOfCursor(result.data!.leasingEvents.cursor));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('records one event for the same delivery sent to two replicas at once', async () => {
    const sub = await follow(c);
    const before = await a.services.events.log.lastSeq();
    const id = next++;
    const headers = rentengineHeaders();
    const answers = await Promise.all([a, b, a, b].map((replica) => postWebhook(replica.url, 'rentengine', leasingEventBody(id), headers)));
    for (const answer of answers) expect(answer.status).toBeLessThan(300);
    await sub.waitFor(1, 2_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await a.services.events.log.lastSeq()).toBe(before + 1);
    expect(notesOf(sub)).toEqual([`step ${id}`]);
  });

  it('answers an Idempotency-Key retried on another replica with the first answer, and writes to the vendor once', async () => {
    const sim = set.simulator('rentengine') as RunningRentengineSimulator;
    const account = sim.store.mainAccountId;
    sim.server.resetStats();
    const headers = { 'idempotency-key': 'lockboxes-across-replicas' };
    const first = await a.graphql(CREATE_LOCKBOXES, { serials: ['SL-710001'], account }, headers);
    expect(first.errors).toBeUndefined();
    const retried = await b.graphql(CREATE_LOCKBOXES, { serials: ['SL-710001'], account }, headers);
    expect(retried).toEqual(first);
    expect(sim.server.requests().filter((request) => request.method !== 'GET')).toHaveLength(1);
  });
});
