import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { connectInspector } from './lib/inspector.js';
import { freePort, ROOT, startGateway, type Gateway } from './lib/processes.js';
import { withSimulators } from './lib/scenario.js';
import { benchUnits, BY_UNIT, PER_SOCKET } from './scenarios/s5.js';
import { openSubscribers, type SubscriberPool } from './lib/ws-subscribers.js';

/**
 * What one subscriber costs the gateway in memory: the production build (npm start's
 * flags) against the simulators, with S5's subscribers (each following one unit, 100 to
 * a socket) opened in steps; at each step, once the gateway counts every stream, a full
 * collection through the inspector and process.memoryUsage(). Bytes per subscriber are
 * the growth over the step before, divided by the subscribers added.
 *
 *   npx tsx bench/subscriber-memory.ts [--counts 0,10000,50000] [--snapshot-at 10000 --snapshot-dir /tmp/x]
 */
const { values } = parseArgs({
  options: {
    counts: { type: 'string', default: '0,10000,50000' },
    'snapshot-at': { type: 'string' },
    'snapshot-dir': { type: 'string', default: '/tmp' },
    'no-build': { type: 'boolean', default: false },
  },
});
const counts = values.counts.split(',').map((text) => {
  const count = Number(text.trim());
  if (!Number.isInteger(count) || count < 0) throw new Error(`--counts expected whole numbers >= 0 separated by commas, got ${JSON.stringify(values.counts)}`);
  return count;
}).sort((a, b) => a - b);
const snapshotAt = values['snapshot-at'] === undefined ? null : Number(values['snapshot-at']);
const say = (line: string) => process.stdout.write(`${line}\n`);
const MB = 1024 * 1024;

async function streams(gateway: Gateway): Promise<number> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const match = /^rentgraph_event_subscribers (\d+)/m.exec(text);
  if (match === null) throw new Error('expected rentgraph_event_subscribers in /metrics, got none');
  return Number(match[1]);
}

if (values['no-build'] !== true) execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
await withSimulators(0, async (stack) => {
  const inspectPort = await freePort();
  const gateway = await startGateway({ simulators: stack.simulators, port: stack.gatewayPort, batching: true, nodeArgs: [`--inspect=127.0.0.1:${inspectPort}`] });
  const inspector = await connectInspector(inspectPort);
  const pools: SubscriberPool[] = [];
  try {
    const units = await benchUnits(gateway);
    if (units.length === 0) throw new Error('the gateway lists no unit with a RentEngine record to follow');
    const url = `${gateway.url.replace('http', 'ws')}/graphql`;
    // A first subscriber and a warm-up round, so caches filled once (documents, the schema's compiled parts) are not counted per subscriber.
    const warm = await openSubscribers({ url, subscribers: 200, perSocket: PER_SOCKET, query: BY_UNIT, variables: (i) => ({ unitId: units[i % units.length]!.id }), marker: /$^/, onDelivery: () => {} });
    while ((await streams(gateway)) < warm.live) await sleep(200);
    await warm.close();
    while ((await streams(gateway)) > 0) await sleep(200);

    /** Subscribers requested so far, and of those the ones whose socket connected (the gateway's count to wait for). */
    let requested = 0;
    let open = 0;
    let previous: { count: number; heap: number; external: number; rss: number } | null = null;
    say('subscribers | heap used MB | external MB | RSS MB | heap bytes / subscriber | heap+external bytes / subscriber (vs the step before)');
    for (const count of counts) {
      if (count > requested) {
        const first = requested;
        const pool = await openSubscribers({
          url, subscribers: count - requested, perSocket: PER_SOCKET, query: BY_UNIT,
          variables: (i) => ({ unitId: units[(first + i) % units.length]!.id }), marker: /$^/, onDelivery: () => {},
        });
        pools.push(pool);
        if (pool.failedSockets > 0) say(`${pool.failedSockets} sockets did not connect (${pool.failure ?? ''}); measuring the ${pool.live} that did`);
        requested = count;
        open += pool.live;
      }
      for (let i = 0; i < 600 && (await streams(gateway)) < open; i++) await sleep(200);
      const live = await streams(gateway);
      if (live < open) throw new Error(`expected ${open} streams on the gateway within 120 s, got ${live}`);
      await sleep(1_000);
      const memory = await inspector.memoryAfterGc();
      const step = { count: open, heap: memory.heapUsed, external: memory.external, rss: memory.rss };
      const per = (bytes: number) => (previous === null || open === previous.count ? '–' : (bytes / (open - previous.count)).toFixed(0));
      say(`${open} | ${(step.heap / MB).toFixed(1)} | ${(step.external / MB).toFixed(1)} | ${(step.rss / MB).toFixed(0)} | ${per(step.heap - (previous?.heap ?? 0))} | ${per(step.heap + step.external - (previous?.heap ?? 0) - (previous?.external ?? 0))}`);
      if (count === snapshotAt) {
        const path = join(values['snapshot-dir'], `gateway-${count}.heapsnapshot`);
        await inspector.heapSnapshot(path);
        say(`heap snapshot at ${count} subscribers: ${path}`);
      }
      previous = step;
    }
  } finally {
    await Promise.allSettled(pools.map((pool) => pool.close()));
    inspector.close();
    await gateway.stop();
  }
});
