import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../utils/app.js';
import { startReplicaSet, type ReplicaSet } from '../utils/replicas.js';
import { eventually } from '../events/support.js';

/** /readyz's detail, as a loopback client (every scope) sees it. */
async function readiness(replica: TestApp): Promise<{ status: string; database: unknown; replica: { id: string; leader: boolean } }> {
  return (await (await request(`${replica.url}/readyz`)).body.json()) as never;
}

/** The leader gauge on /metrics. */
async function leaderGauge(replica: TestApp): Promise<string | undefined> {
  const text = await (await request(`${replica.url}/metrics`)).body.text();
  return /^rentgraph_replica_leader\{replica="([^"]+)"\} ([01])$/m.exec(text)?.slice(1).join(' ');
}

/** Requests a replica has sent to the rent roll (its sync and its polls read it). */
const rentrollRequests = (replica: TestApp) => replica.services.vendors.get('RENTROLL')!.link.stats().upstreamRequests;

describe('shared duties over one Postgres', () => {
  let set: ReplicaSet | null = null;
  afterEach(async () => {
    await set?.close();
    set = null;
  });

  it('runs the identity sync and change polling on the leader only, and on another replica within seconds of the leader draining', async () => {
    set = await startReplicaSet({
      env: { RENTGRAPH_SYNC_INTERVAL_SECONDS: '0', RENTROLL_POLL_SECONDS: '1', RENTGRAPH_LEADER_RETRY_SECONDS: '1' },
    });
    const a = await set.add({ env: { RENTGRAPH_REPLICA_ID: 'replica-a' } });
    await eventually(() => a.services.replica.isLeader());
    const b = await set.add({ env: { RENTGRAPH_REPLICA_ID: 'replica-b' } });
    await eventually(() => a.services.identity.status().lastRunAt !== null, 15_000);
    // The follower serves the index the leader synced, having read no vendor for it.
    await eventually(() => b.services.identity.status().firstSyncDone, 5_000);
    const polledByA = rentrollRequests(a);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(rentrollRequests(a)).toBeGreaterThan(polledByA);
    expect(b.services.replica.isLeader()).toBe(false);
    expect(rentrollRequests(b)).toBe(0);
    expect(b.services.identity.status().lastRunAt).toBeNull();
    // Both serve, both say which of them leads.
    expect(await readiness(a)).toEqual({ status: 'ready', checks: expect.anything(), database: { engine: 'postgres', reachable: true }, replica: { id: 'replica-a', leader: true } });
    expect(await readiness(b)).toMatchObject({ status: 'ready', database: { engine: 'postgres', reachable: true }, replica: { id: 'replica-b', leader: false } });
    expect(await leaderGauge(a)).toBe('replica-a 1');
    expect(await leaderGauge(b)).toBe('replica-b 0');

    // A SIGTERM drain gives the lead up: the other replica takes the duties over.
    const stoppedAt = Date.now();
    await a.stop();
    await eventually(() => b.services.replica.isLeader(), 30_000);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(await leaderGauge(b)).toBe('replica-b 1');
    await eventually(() => b.services.identity.status().lastRunAt !== null, 15_000);
    const polledByB = rentrollRequests(b);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(rentrollRequests(b)).toBeGreaterThan(polledByB);
  });
});
