import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { request } from 'undici';
import { envOf, SIM_VENDORS, startSimulators, type RunningSimulator } from '../../src/simulators/index.js';
import { createWorld } from '../../src/simulators/world/index.js';
import { startServe, type Serving } from '../gateway/process.js';
import { createTestDatabase } from '../utils/postgres.js';
import { LEASING, leasingEventBody, postWebhook, rentengineHeaders, subscribe, type Subscription } from '../events/support.js';

interface LeasingNotice {
  leasingEvents: { cursor: string; event: { notes: string | null } };
}

async function readiness(url: string): Promise<{ status: string; replica?: { id: string; leader: boolean } } | null> {
  try {
    return (await (await request(`${url}/readyz`)).body.json()) as never;
  } catch {
    return null;
  }
}

/** Requests the replica has sent to the rent roll, from its /metrics. */
async function rentrollRequests(url: string): Promise<number> {
  const text = await (await request(`${url}/metrics`)).body.text();
  return Number(/^rentgraph_vendor_http\{vendor="RENTROLL",counter="upstreamRequests"\} (\d+)$/m.exec(text)?.[1] ?? Number.NaN);
}

async function until(check: () => Promise<boolean>, timeoutMillis: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`expected ${what} within ${timeoutMillis} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const notesOf = (sub: Subscription<LeasingNotice>) => sub.results.flatMap((result) => (result.data ? [result.data.leasingEvents.event.notes!] : []));

describe('a replica killed with kill -9 during a burst of webhooks', () => {
  const processes: Serving[] = [];
  let simulators: RunningSimulator[] = [];
  afterAll(async () => {
    await Promise.allSettled(processes.map((p) => p.dispose()));
    await Promise.allSettled(simulators.map((sim) => sim.close()));
  });

  it('loses no acknowledged webhook: a subscriber resuming on another replica gets each exactly once, and the other replica takes the shared duties over', async () => {
    const databaseUrl = await createTestDatabase(inject('postgresAdminUrl'));
    simulators = await startSimulators({ vendors: SIM_VENDORS, world: createWorld({ rentrollUnits: 20 }) });
    const env = {
      ...envOf(simulators),
      RENTGRAPH_DATABASE_URL: databaseUrl,
      RENTGRAPH_LEADER_RETRY_SECONDS: '1',
      RENTGRAPH_SYNC_INTERVAL_SECONDS: '0',
      RENTROLL_POLL_SECONDS: '1',
    };
    const a = await startServe({ ...env, RENTGRAPH_REPLICA_ID: 'replica-a' });
    processes.push(a);
    await until(async () => (await readiness(a.url))?.replica?.leader === true, 20_000, 'replica-a to lead');
    const b = await startServe({ ...env, RENTGRAPH_REPLICA_ID: 'replica-b' });
    processes.push(b);
    await until(async () => (await readiness(b.url))?.status === 'ready', 20_000, 'replica-b to be ready');
    expect((await readiness(b.url))?.replica).toEqual({ id: 'replica-b', leader: false });

    // A subscriber on the replica that will die; it follows once a first event reaches it.
    const first = subscribe<LeasingNotice>(a.url, LEASING);
    await first.socket;
    let probe = 10_000;
    // Probes are numbered from 10,000, apart from the burst's 1 to 1,000.
    await until(async () => {
      await postWebhook(a.url, 'rentengine', leasingEventBody(probe++), rentengineHeaders());
      return first.results.length > 0;
    }, 10_000, 'the subscriber on replica-a to follow');

    // 1,000 webhooks, 20 at a time, to replica-a, which is killed once 300 are acknowledged. A delivery
    // it did not acknowledge is sent again, with its delivery id, to replica-b (as the load balancer and
    // the vendor's retries would): it may have been recorded before the kill, and must not be twice.
    const acknowledged = new Set<string>();
    const byB = new Set<string>();
    let nextId = 1;
    let killed = false;
    await Promise.all(Array.from({ length: 20 }, async () => {
      while (nextId <= 1_000) {
        const id = nextId++;
        const body = leasingEventBody(id);
        const headers = rentengineHeaders();
        const answer = await postWebhook(a.url, 'rentengine', body, headers).catch(() => null);
        if (answer?.status === 200) acknowledged.add(`step ${id}`);
        else {
          expect((await postWebhook(b.url, 'rentengine', body, headers)).status).toBe(200);
          acknowledged.add(`step ${id}`);
          byB.add(`step ${id}`);
        }
        if (!killed && acknowledged.size >= 300) {
          killed = true;
          a.child.kill('SIGKILL');
        }
      }
    }));
    const killedAt = Date.now();
    expect(killed).toBe(true);
    await a.exited;
    await first.closed;

    // The subscriber comes back on replica-b with its last cursor.
    const lastCursor = first.results.filter((result) => result.data).at(-1)!.data!.leasingEvents.cursor;
    const resumed = subscribe<LeasingNotice>(b.url, LEASING, { after: lastCursor });
    const wanted = [...acknowledged];
    const probes = (notes: string[]) => notes.filter((note) => Number(note.slice(5)) >= 10_000);
    await until(async () => {
      const seen = new Set([...notesOf(first), ...notesOf(resumed)]);
      return wanted.every((note) => seen.has(note));
    }, 20_000, 'every acknowledged webhook on the resumed subscription');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const all = [...notesOf(first), ...notesOf(resumed)];
    // Exactly once: none twice across the seam, those recorded by replica-a but acknowledged by replica-b included.
    expect(all.length - probes(all).length).toBe(1_000);
    expect(new Set(all).size).toBe(all.length);
    for (const note of wanted) expect(all).toContain(note);
    expect(acknowledged.size).toBe(1_000);
    expect(byB.size).toBeGreaterThan(0);

    // The shared duties moved: replica-b leads within 30 s, syncs, and polls.
    await until(async () => (await readiness(b.url))?.replica?.leader === true, 30_000, 'replica-b to lead');
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    await b.waitFor(/identity sync done/, 20_000);
    expect(b.stdout()).toContain('"replica":"replica-b"');
    const polled = await rentrollRequests(b.url);
    await until(async () => (await rentrollRequests(b.url)) > polled, 5_000, 'replica-b to poll the rent roll');
    await resumed.dispose();
    await first.dispose();
  }, 120_000);
});
