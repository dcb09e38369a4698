import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../utils/app.js';
import { startReplicaSet, type ReplicaSet } from '../utils/replicas.js';
import { eventually } from '../events/support.js';

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
    const a = await set.add();
    await eventually(() => a.services.replica.isLeader());
    const b = await set.add();
    await eventually(() => a.services.identity.status().lastRunAt !== null, 15_000);
    // The follower serves the index the leader synced, having read no vendor for it.
    await eventually(() => b.services.identity.status().firstSyncDone, 5_000);
    const polledByA = rentrollRequests(a);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(rentrollRequests(a)).toBeGreaterThan(polledByA);
    expect(b.services.replica.isLeader()).toBe(false);
    expect(rentrollRequests(b)).toBe(0);
    expect(b.services.identity.status().lastRunAt).toBeNull();

    // A SIGTERM drain gives the lead up: the other replica takes the duties over.
    const stoppedAt = Date.now();
    await a.stop();
    await eventually(() => b.services.replica.isLeader(), 30_000);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    await eventually(() => b.services.identity.status().lastRunAt !== null, 15_000);
    const polledByB = rentrollRequests(b);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(rentrollRequests(b)).toBeGreaterThan(polledByB);
  });
});
