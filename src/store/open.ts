import { openPostgresStore } from './postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/**
 * Opens the configured store and brings its schema up to date: Postgres when a
 * database URL is given, else the embedded SQLite file.
 */
export interface OpenStoreOptions {
  /** RENTGRAPH_DATABASE_URL, or null for SQLite. */
  databaseUrl: string | null;
  /** RENTGRAPH_DB: the SQLite file. */
  sqlitePath: string;
  onError?: (error: unknown, what: string) => void;
}

export function openStore(options: OpenStoreOptions): Promise<Store> {
  return options.databaseUrl === null
    ? openSqliteStore({ path: options.sqlitePath })
    : openPostgresStore({ url: options.databaseUrl, ...(options.onError !== undefined && { onError: options.onError }) });
}
