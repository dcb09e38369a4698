import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import pino from 'pino';
import { runAsLeader, type Leader } from '../../src/replicas/leader.js';
import { engineNamed, STORE_ENGINES, storeScope } from '../utils/stores.js';

const logger = pino({ level: 'silent' });

describe.each(STORE_ENGINES)('leading shared duties on $name', (engine) => {
  const stores = storeScope(engine);
  const leaders: Leader[] = [];
  afterEach(async () => {
    await Promise.all(leaders.splice(0).map((leader) => leader.close()));
    await stores.closeAll();
  });

  it('runs the duties in one process only, and stops them on close', async () => {
    const place = await stores.place();
    const running: string[] = [];
    const start = (who: string) => () => {
      running.push(who);
      return async () => void running.splice(running.indexOf(who), 1);
    };
    const a = runAsLeader({ store: await stores.open(place), name: 'duties', start: start('a'), logger, retryMillis: 50 });
    leaders.push(a);
    await a.whenLeading();
    const other = engine.name === 'postgres' ? await stores.open(place) : (await stores.open(place));
    const b = runAsLeader({ store: other, name: 'duties', start: start('b'), logger, retryMillis: 50 });
    leaders.push(b);
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (engine.name === 'postgres') {
      // On Postgres the stores are two processes' worth: one leads.
      expect(running).toEqual(['a']);
      expect(b.isLeader()).toBe(false);
      await a.close();
      await b.whenLeading();
      expect(running).toEqual(['b']);
    } else {
      // One process owns a SQLite file: a second store in it is that process's, and leads its own duties.
      expect(running.sort()).toEqual(['a', 'b']);
    }
  });
});

describe('a leader that dies', () => {
  const engine = engineNamed('postgres');
  const stores = storeScope(engine);
  afterEach(() => stores.closeAll());

  it('is replaced within the retry interval once its session is gone, and learns it lost the lead', async () => {
    const place = await stores.place();
    const events: string[] = [];
    // `a` would try to lead again only after a minute: as good as gone, like a crashed replica.
    const a = runAsLeader({ store: await stores.open(place), name: 'sync', start: () => { events.push('a starts'); return async () => void events.push('a stops'); }, logger, retryMillis: 60_000 });
    await a.whenLeading();
    const b = runAsLeader({ store: await stores.open(place), name: 'sync', start: () => { events.push('b starts'); return async () => void events.push('b stops'); }, logger, retryMillis: 100 });
    // The leader's session ends as a crashed replica's would (its connection killed from outside).
    const admin = new pg.Client({ connectionString: place });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()");
    await admin.end();
    const started = Date.now();
    await b.whenLeading();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(events).toEqual(['a starts', 'a stops', 'b starts']);
    expect(a.isLeader()).toBe(false);
    await a.close();
    await b.close();
  });
});
