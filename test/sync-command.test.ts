import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { freePort } from '../src/app.js';
import { announceServing, servingGateways, STALE_AFTER_MILLIS } from '../src/presence.js';
import { startSimulators, SIM_VENDORS } from '../src/simulators/index.js';
import { createWorld } from '../src/simulators/world/index.js';
import { STORE_ENGINES, storeScope } from './utils/stores.js';
import { runSyncCommand } from '../src/sync-command.js';
import { startTestApp, type TestApp } from './utils/app.js';

function capture(): Writable & { text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join('') });
}

describe('rentgraph sync', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rentgraph-sync-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('syncs the built-in simulators, prints progress lines and counts, and exits 0', async () => {
    const stdout = capture();
    const stderr = capture();
    const code = await runSyncCommand({ RENTGRAPH_DB: join(dir, 'a.sqlite'), RENTGRAPH_SIM_UNITS: '60' }, { stdout, stderr });
    expect(stderr.text()).toBe('');
    expect(code).toBe(0);
    const out = stdout.text();
    expect(out).toMatch(/^read-model sync of RENTROLL \(SIMULATED\)/);
    expect(out).toMatch(/^ {2}rentroll:units: 60 records read, done$/m);
    expect(out).toMatch(/^ {2}rentroll:leases: \d+ records read, done$/m);
    expect(out).toMatch(/^reading$/m);
    expect(out).toMatch(/^clustering \d+ records$/m);
    expect(out).toMatch(/^ {2}RENTROLL +60 records \(read 60: 60 new, 0 changed, 0 gone\)$/m);
    const units = /^ {2}units: (\d+) \(\1 new, 0 gone\); multi-vendor units: (\d+)$/m.exec(out);
    expect(Number(units?.[1])).toBeGreaterThanOrEqual(60);
    expect(Number(units?.[2])).toBeGreaterThan(0);
  });

  it('exits 1 and says why when every vendor fails', async () => {
    const stdout = capture();
    const stderr = capture();
    const port = await freePort();
    const env = { RENTGRAPH_DB: join(dir, 'b.sqlite'), RENTGRAPH_SIMULATORS: 'off', RENTROLL_BASE_URL: `http://127.0.0.1:${port}` };
    const code = await runSyncCommand(env, { stdout, stderr });
    expect(code).toBe(1);
    expect(stdout.text()).toMatch(/^ {2}rentroll:units +failed: .+ \(its records are kept\)$/m);
    expect(stdout.text()).toMatch(/^ {2}rentroll:leases +failed: .+ \(its records are kept\)$/m);
  });

  it('exits 1 naming the variable when the configuration is bad', async () => {
    const stdout = capture();
    const stderr = capture();
    expect(await runSyncCommand({ RENTGRAPH_SYNC_INTERVAL_SECONDS: 'soon' }, { stdout, stderr })).toBe(1);
    expect(stderr.text()).toMatch(/^rentgraph sync: RENTGRAPH_SYNC_INTERVAL_SECONDS: expected/);
  });
});

/** A sync into a database a gateway serves (the gateway runs in this process, as `npm start` would run it). */
async function sync(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await runSyncCommand(env, { stdout, stderr });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const CREATE = 'mutation ($input: CreateListingInput!) { createListing(input: $input) { id unit { id } } }';
const LISTING_UNIT = 'query ($id: ID!) { node(id: $id) { ... on Listing { unit { id address { line1 } } } } }';

describe('rentgraph sync while a gateway serves the database', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    await Promise.allSettled(apps.splice(0).map((app) => app.close()));
  });
  const start = async (options: Parameters<typeof startTestApp>[0]) => {
    const app = await startTestApp(options);
    apps.push(app);
    return app;
  };

  it('reads the gateway\'s own simulators: the gateway\'s own sync then finds nothing to add or remove, a listing created through it included', async () => {
    // A world of 50 units; a sync with simulators of its own would read the default 200.
    const app = await start({ rentrollUnits: 50 });
    const input = { name: 'Sync Lofts', line1: '77 Harbour St', city: 'Toronto', region: 'ON', country: 'CA', postalCode: 'M5J 2H1', rent: 2300, bedrooms: 1, bathrooms: 1 };
    const created = await app.graphql<{ createListing: { id: string } }>(CREATE, { input });
    expect(created.errors).toBeUndefined();
    const leaseyReadsBefore = app.simulator('leasey').server.stats().total;

    const result = await sync({ RENTGRAPH_DB: app.config.dbPath });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`reading what the gateway serving it reads (pid ${process.pid}, ${app.url}), its simulators included`);
    expect(result.stdout).toMatch(/^ {2}RENTROLL +50 records/m);
    expect(app.simulator('leasey').server.stats().total).toBeGreaterThan(leaseyReadsBefore);

    const again = (await app.services.readModel.run({ full: true })).identity;
    const changes = again.vendors.map((outcome) => (outcome.ok ? { vendor: outcome.vendor, added: outcome.added, removed: outcome.removed } : { vendor: outcome.vendor, error: outcome.error }));
    expect(changes).toEqual(again.vendors.map(({ vendor }) => ({ vendor, added: 0, removed: 0 })));
    expect(again.unitsAdded).toBe(0);
    const { data, errors } = await app.graphql<{ node: { unit: { id: string; address: { line1: string } } | null } }>(LISTING_UNIT, { id: created.data!.createListing.id });
    expect(errors).toBeUndefined();
    expect(data!.node.unit?.address.line1).toBe('77 Harbour St');
  }, 60_000);

  it('refuses, saying why and what to do, when it would read a vendor the gateway reads elsewhere, and writes nothing', async () => {
    const app = await start({ rentrollUnits: 20 });
    const result = await sync({ RENTGRAPH_DB: app.config.dbPath, RENTROLL_BASE_URL: 'http://127.0.0.1:9' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^rentgraph sync: refusing to sync ${app.config.dbPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the gateway serving it \\(pid ${process.pid} on .+\\) reads RENTROLL from a built-in simulator at http://127\\.0\\.0\\.1:\\d+ and this sync would read http://127\\.0\\.0\\.1:9\\. Give this sync the gateway's vendor settings .*, or stop the gateway first\\n$`));
    expect(app.services.identity.status().firstSyncDone).toBe(false);
  }, 60_000);

  it('proceeds when every vendor is LIVE at the same URLs as the gateway\'s', async () => {
    const simulators = await startSimulators({ vendors: SIM_VENDORS, world: createWorld({ rentrollUnits: 30 }) });
    try {
      const live = Object.assign({}, ...simulators.map((sim) => sim.env)) as Record<string, string>;
      const app = await start({ env: { ...live, RENTGRAPH_SIMULATORS: 'off' } });
      const result = await sync({ ...live, RENTGRAPH_SIMULATORS: 'off', RENTGRAPH_DB: app.config.dbPath });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^read-model sync of RENTROLL \(LIVE\), RENTENGINE \(LIVE\)/);
      expect(result.stdout).toContain(`reading what the gateway serving it reads (pid ${process.pid}, ${app.url})\n`);
      expect(result.stdout).toMatch(/^ {2}RENTROLL +30 records/m);
    } finally {
      await Promise.allSettled(simulators.map((sim) => sim.close()));
    }
  }, 60_000);

  it('starts simulators of its own once the gateway has stopped', async () => {
    const app = await start({ rentrollUnits: 20 });
    const dbPath = app.config.dbPath;
    await app.stop();
    const result = await sync({ RENTGRAPH_DB: dbPath, RENTGRAPH_SIM_UNITS: '25' });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('the gateway serving it');
    expect(result.stdout).toMatch(/^ {2}RENTROLL +25 records/m);
  }, 60_000);
});

describe('gateway presence rows', () => {
  it.each(STORE_ENGINES)('counts a gateway whose heartbeat is recent and whose process runs, and none other ($name)', async (engine) => {
    const stores = storeScope(engine);
    const store = await stores.fresh();
    const logger = pino({ level: 'silent' });
    try {
      const presence = announceServing(store, { url: 'http://127.0.0.1:1', vendors: { RENTROLL: { mode: 'LIVE', baseUrl: 'https://pms.example.com' } } }, logger);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await servingGateways(store)).map((g) => g.pid)).toEqual([process.pid]);
      expect(await servingGateways(store, Date.now() + STALE_AFTER_MILLIS + 1)).toEqual([]);
      // A gateway killed without stopping: its row stays, its process is gone.
      const host = (await servingGateways(store))[0]!.host;
      await store.write.insertInto('meta').values({ key: 'gateway:gone', value: JSON.stringify({ instance: 'gone', pid: 2 ** 22 + 7, host, startedAt: '', heartbeatAt: Date.now(), url: '', vendors: {} }) }).execute();
      expect(await servingGateways(store)).toHaveLength(1);
      await presence.stop();
      expect(await servingGateways(store)).toEqual([]);
    } finally {
      await stores.closeAll();
    }
  });
});
