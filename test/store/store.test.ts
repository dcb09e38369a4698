import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { engineNamed, STORE_ENGINES, storeScope } from '../utils/stores.js';
import { MIGRATIONS } from '../../src/store/migrations.js';

const waitFor = async (check: () => boolean, millis = 5000) => {
  const until = Date.now() + millis;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe.each(STORE_ENGINES)('the $name store', (engine) => {
  const stores = storeScope(engine);
  const open = (place: string) => stores.open(place);
  afterAll(() => stores.closeAll());

  it('applies every migration once, even when three processes start on one database at the same time', async () => {
    const place = await stores.place();
    const exits = await Promise.all([1, 2, 3].map(() => new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/store/open-store.fixture.ts', engine.name, place], { stdio: 'inherit' });
      child.on('exit', resolve);
    })));
    expect(exits).toEqual([0, 0, 0]);
    const store = await open(place);
    const { rows } = await sql<{ id: string }>`SELECT id FROM schema_migrations ORDER BY id`.execute(store.read);
    expect(rows.map((row) => row.id)).toEqual(MIGRATIONS.map((m) => m.id));
  });

  it('commits all of a transaction or none of it', async () => {
    const store = await stores.fresh();
    await store.transaction(async (tx) => {
      await tx.db.insertInto('meta').values({ key: 'a', value: '1' }).execute();
    });
    await expect(store.transaction(async (tx) => {
      await tx.db.insertInto('meta').values({ key: 'b', value: '2' }).execute();
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await store.read.selectFrom('meta').select('key').orderBy('key').execute()).toEqual([{ key: 'a' }]);
  });

  it('reads the last commit while a write transaction is open', async () => {
    const store = await stores.fresh();
    await store.write.insertInto('meta').values({ key: 'k', value: 'committed' }).execute();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const writing = store.transaction(async (tx) => {
      await tx.db.updateTable('meta').set({ value: 'uncommitted' }).where('key', '=', 'k').execute();
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await store.read.selectFrom('meta').select('value').where('key', '=', 'k').executeTakeFirst()).toEqual({ value: 'committed' });
    release();
    await writing;
    expect(await store.read.selectFrom('meta').select('value').where('key', '=', 'k').executeTakeFirst()).toEqual({ value: 'uncommitted' });
  });

  it('notifies listeners after a commit, and never for a rolled-back transaction', async () => {
    const store = await stores.fresh();
    const heard: string[] = [];
    store.listen('rentgraph_events', (payload) => {
      if (payload !== '') heard.push(payload);
    });
    await expect(store.transaction(async (tx) => {
      tx.notify('rentgraph_events', 'rolled-back');
      throw new Error('no');
    })).rejects.toThrow('no');
    await store.transaction(async (tx) => {
      tx.notify('rentgraph_events', '7');
    });
    await waitFor(() => heard.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).toEqual(['7']);
  });

  it('gives a duty to one leader at a time, and to another once it lets go', async () => {
    const place = await stores.place();
    const store = await open(place);
    const other = engine.name === 'postgres' ? await open(place) : store;
    const first = await store.tryLead('sync');
    expect(first).not.toBeNull();
    expect(await other.tryLead('sync')).toBeNull();
    expect(await other.tryLead('polling')).not.toBeNull();
    await first!.release();
    await first!.lost;
    expect(await other.tryLead('sync')).not.toBeNull();
  });
});

/** Ends, from outside, the Postgres sessions whose pids `pids` selects (never the caller's own). */
async function terminateSessions(place: string, pids: string): Promise<void> {
  const admin = new pg.Client({ connectionString: place });
  await admin.connect();
  try {
    await admin.query(`SELECT pg_terminate_backend(pid) FROM (${pids}) AS chosen WHERE pid <> pg_backend_pid()`);
  } finally {
    await admin.end();
  }
}

describe('the postgres store across processes', () => {
  const stores = storeScope(engineNamed('postgres'));
  afterAll(() => stores.closeAll());

  it('wakes another process when a transaction commits', async () => {
    const place = await stores.place();
    const writer = await stores.open(place);
    const follower = await stores.open(place);
    const heard: string[] = [];
    follower.listen('rentgraph_records', (payload) => heard.push(payload));
    await writer.transaction(async (tx) => tx.notify('rentgraph_records', 'RENTROLL'));
    await waitFor(() => heard.includes('RENTROLL'));
  });

  it('is not open while its notification connection is down, and opens again once it reconnected', async () => {
    const place = await stores.place();
    const store = await stores.open(place);
    const writer = await stores.open(place);
    expect(store.isOpen()).toBe(true);
    const heard: string[] = [];
    store.listen('rentgraph_events', (payload) => heard.push(payload));
    // Cut every LISTEN session, as a network failure or a Postgres restart would.
    await terminateSessions(place, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'");
    await waitFor(() => !store.isOpen());
    // Back within the retry delay; listeners are told to read again ('') since notifications may have been missed.
    await waitFor(() => store.isOpen() && heard.includes(''));
    await writer.transaction(async (tx) => tx.notify('rentgraph_events', 'after-reconnect'));
    await waitFor(() => heard.includes('after-reconnect'));
  });

  it('frees a leadership when its holder\'s connection dies, so another process takes it', async () => {
    const place = await stores.place();
    const a = await stores.open(place);
    const b = await stores.open(place);
    const leadership = await a.tryLead('sync');
    expect(leadership).not.toBeNull();
    expect(await b.tryLead('sync')).toBeNull();
    // Kill the leader's session from outside, as a crashed replica's would end.
    await terminateSessions(place, "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
    await leadership!.lost;
    expect(await b.tryLead('sync')).not.toBeNull();
  });
});
