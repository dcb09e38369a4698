import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import { migrate } from './migrate.js';
import { checkpointsOffTheEventLoop } from './sqlite-checkpoints.js';
import type { Leadership, NotifyChannel, Store, StoreTx } from './store.js';
import type { Tables } from './tables.js';

/**
 * The embedded store: one SQLite file in WAL mode, written by one connection and read
 * by another, so reads see the last commit while a write transaction is open. Only one
 * process serves a file, so notifications and leadership are this process's own.
 */
export interface SqliteStoreOptions {
  /** The database file; its folder is created when missing. */
  path: string;
}

function connect(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash; only an OS crash can lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Prepared statements kept per connection; a sync writes with a few dozen texts over and over. */
const STATEMENTS_KEPT = 256;

/**
 * The connection as Kysely's dialect sees it, preparing each SQL text once: Kysely asks
 * for a statement for every query it runs, and SQLite parsing and planning the same text
 * anew each time is a large part of a sync's CPU. The least recently used statements are
 * let go past STATEMENTS_KEPT; one still being iterated (a streamed select) is not reused.
 */
function reusingStatements(db: Database.Database): SqliteDatabase {
  const kept = new Map<string, Database.Statement>();
  return {
    close: () => db.close(),
    prepare(sql) {
      const found = kept.get(sql);
      if (found !== undefined && !found.busy) {
        kept.delete(sql);
        kept.set(sql, found);
        return found;
      }
      const statement = db.prepare(sql);
      if (found === undefined) {
        kept.set(sql, statement);
        if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
      }
      return statement;
    },
  };
}

export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  // Two connections need one database: ':memory:' would give each its own.
  const { path } = options;
  if (path === ':memory:' || path === '') throw new RangeError(`expected a SQLite file path, got ${JSON.stringify(path)}`);
  mkdirSync(dirname(path), { recursive: true });
  const writer = connect(path);
  await migrate({
    dialect: 'sqlite',
    exec: async (sql) => void writer.exec(sql),
    rows: async <R>(sql: string, parameters: readonly unknown[] = []) => {
      const statement = writer.prepare(sql);
      return (statement.reader ? statement.all(...parameters) : (statement.run(...parameters), [])) as R[];
    },
  });
  const reader = connect(path);
  const write = new Kysely<Tables>({ dialect: new SqliteDialect({ database: reusingStatements(writer) }) });
  const read = new Kysely<Tables>({ dialect: new SqliteDialect({ database: reusingStatements(reader) }) });
  const checkpoints = checkpointsOffTheEventLoop(writer, path);
  const bus = new EventEmitter().setMaxListeners(0);
  const leaders = new Set<string>();
  let open = true;

  return {
    dialect: 'sqlite',
    location: options.path,
    read,
    write,
    async transaction(work) {
      const pending: [NotifyChannel, string][] = [];
      const result = await write.transaction().execute((db) => {
        const tx: StoreTx = { db, notify: (channel, payload) => void pending.push([channel, payload]) };
        return work(tx);
      });
      checkpoints.committed();
      for (const [channel, payload] of pending) bus.emit(channel, payload);
      return result;
    },
    listen(channel, listener) {
      bus.on(channel, listener);
      return () => bus.off(channel, listener);
    },
    async tryLead(name) {
      if (leaders.has(name)) return null;
      leaders.add(name);
      let release!: () => void;
      const lost = new Promise<void>((resolve) => (release = resolve));
      const leadership: Leadership = {
        lost,
        async release() {
          leaders.delete(name);
          release();
        },
      };
      return leadership;
    },
    isOpen: () => open && writer.open && reader.open,
    async close() {
      if (!open) return;
      open = false;
      bus.removeAllListeners();
      await checkpoints.close();
      await read.destroy();
      await write.destroy();
    },
  };
}
