import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../src/simulators/kit/server.js';
import { startReplicaSet, type ReplicaSet } from '../utils/replicas.js';
import { eventually } from '../events/support.js';

/** The most requests the vendor received in any window of `windowMillis`, by arrival time. */
function busiestWindow(requests: readonly RecordedRequest[], windowMillis: number): number {
  const times = requests.map((r) => Date.parse(r.at)).sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMillis) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

const AVAILABILITY = '{ units(first: 25) { edges { node { showingAvailability { start } } } } }';

describe('vendor rate limits across replicas over one Postgres', () => {
  let set: ReplicaSet | null = null;
  afterEach(async () => {
    await set?.close();
    set = null;
  });

  it('keeps RentEngine within 20 requests per 5 s with three replicas under load', async () => {
    set = await startReplicaSet({ rentrollUnits: 60 });
    const replicas = [await set.add(), await set.add(), await set.add()];
    await replicas[0]!.services.readModel.run();
    for (const replica of replicas) await eventually(async () => (await replica.services.identity.recheck()) && (await replica.services.readModel.recheck()));
    const rentengine = set.simulator('rentengine').server;
    rentengine.resetStats();
    // Pages come from the stored read model; showing availability is read live, and each
    // replica's own clients would ask for far more than the budget: one call per RentEngine unit on the page.
    const until = Date.now() + 9_000;
    let answered = 0;
    await Promise.all(replicas.flatMap((replica) => Array.from({ length: 3 }, async () => {
      while (Date.now() < until) {
        const { status } = await replica.graphql(AVAILABILITY);
        expect(status).toBe(200);
        answered++;
      }
    })));
    const received = rentengine.requests();
    expect(answered).toBeGreaterThan(0);
    // The simulator keeps the last 200 requests: these are all of them.
    expect(rentengine.stats().total).toBe(received.length);
    // The budget was the bound: more than one window's worth went out, never more than 20 in any 5 s.
    expect(received.length).toBeGreaterThan(20);
    expect(busiestWindow(received, 5_000)).toBeLessThanOrEqual(20);
    // Every replica had its turn.
    for (const replica of replicas) expect(replica.services.vendors.get('RENTENGINE')!.link.stats().upstreamRequests).toBeGreaterThan(0);
  }, 60_000);

  it('never sends StuRents an identical request within 10 s, whichever replica asks', async () => {
    set = await startReplicaSet({ rentrollUnits: 20 });
    const [a, b] = [await set.add(), await set.add()];
    const sturents = set.simulator('sturents').server;
    sturents.resetStats();
    // Two read-model syncs at once (as a leader and one that took over from it might): each reads every StuRents page.
    const runs = await Promise.all([a.services.readModel.run({ full: true }), b.services.readModel.run({ full: true })]);
    for (const run of runs) expect(run.vendors.find((outcome) => outcome.vendor === 'STURENTS')).toMatchObject({ ok: true });
    const received = sturents.requests();
    const byUrl = new Map<string, number[]>();
    for (const request of received) byUrl.set(request.url, [...(byUrl.get(request.url) ?? []), Date.parse(request.at)]);
    // Both read each page, the second 10 s or more after the first; neither was refused by the vendor nor gave up.
    expect(byUrl.size).toBeGreaterThan(0);
    expect(received.length).toBe(2 * byUrl.size);
    for (const times of byUrl.values()) expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(10_000);
    for (const replica of [a, b]) {
      expect(replica.services.vendors.get('STURENTS')!.link.stats()).toMatchObject({ rateLimitRefusals: 0, retries: 0 });
    }
  }, 60_000);
});
