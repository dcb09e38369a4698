import { MIGRATIONS, type Migration } from './migrations.js';
import type { StoreDialect } from './store.js';

/**
 * Applies the migrations a database lacks, in order, each in its own transaction with
 * its id recorded in `schema_migrations`. Safe when several processes start at once:
 * the first takes an exclusive lock (SQLite BEGIN IMMEDIATE, a Postgres advisory
 * transaction lock) and the others wait, then find the migrations applied.
 */
export interface MigrationConnection {
  readonly dialect: StoreDialect;
  /** Runs SQL that may hold several statements and returns nothing. */
  exec(sql: string): Promise<void>;
  /** Runs one query and returns its rows. */
  rows<R>(sql: string, parameters?: readonly unknown[]): Promise<R[]>;
}

/** Any number; one that no other advisory lock of ours uses. */
const POSTGRES_MIGRATION_LOCK = 0x7267_0001;

export interface MigrationReport {
  applied: string[];
}

export async function migrate(connection: MigrationConnection, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationReport> {
  const postgres = connection.dialect === 'postgres';
  const placeholder = postgres ? (n: number) => `$${n}` : () => '?';
  const applied: string[] = [];
  // One transaction for every pending migration: both engines roll DDL back, so a failed
  // start leaves the schema as it was, and the lock covers creating the bookkeeping table.
  await connection.exec(postgres ? 'BEGIN' : 'BEGIN IMMEDIATE');
  try {
    if (postgres) await connection.exec(`SELECT pg_advisory_xact_lock(${POSTGRES_MIGRATION_LOCK})`);
    await connection.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    const done = new Set((await connection.rows<{ id: string }>('SELECT id FROM schema_migrations')).map((row) => row.id));
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      try {
        await connection.exec(postgres ? migration.postgres : migration.sqlite);
      } catch (error) {
        throw new Error(`migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
      }
      await connection.rows(`INSERT INTO schema_migrations (id, applied_at) VALUES (${placeholder(1)}, ${placeholder(2)})`, [migration.id, new Date().toISOString()]);
      applied.push(migration.id);
    }
    await connection.exec('COMMIT');
  } catch (error) {
    await connection.exec('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return { applied };
}
