import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

/**
 * The embedded store (better-sqlite3, WAL): event log, dedupe keys, identity index,
 * sync state, idempotency records. Modules get the `Store` and own their tables'
 * statements; schema changes only ever append to MIGRATIONS.
 */
export interface Store {
  readonly db: Database.Database;
  readonly path: string;
  /** True between open and close; /readyz reports it. */
  isOpen(): boolean;
  close(): void;
}

export function openStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash; only an OS crash can lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  let open = true;
  return {
    db,
    path,
    isOpen: () => open && db.open,
    close: () => {
      if (!open) return;
      open = false;
      db.close();
    },
  };
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as string[]);
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sqlite);
      record.run(migration.id, new Date().toISOString());
    })();
  }
}
