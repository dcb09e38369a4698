import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { createTestDatabase } from './postgres.js';

/**
 * The store engines every store-facing test runs against: `describe.each(STORE_ENGINES)`.
 * `place()` makes a new, empty database; `open(place)` opens a store on it (call it
 * twice for two processes sharing one database).
 */
export interface StoreEngine {
  name: 'sqlite' | 'postgres';
  place(): Promise<string>;
  open(place: string): Promise<Store>;
  /** Removes what `place` made (a temp folder); Postgres databases go with the server. */
  cleanup(): void;
}

function sqliteEngine(): StoreEngine {
  const dirs: string[] = [];
  return {
    name: 'sqlite',
    async place() {
      const dir = mkdtempSync(join(tmpdir(), 'rentgraph-store-'));
      dirs.push(dir);
      return join(dir, 'state.sqlite');
    },
    open: (path) => openSqliteStore({ path }),
    cleanup: () => {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresEngine(): StoreEngine {
  return {
    name: 'postgres',
    place: () => createTestDatabase(inject('postgresAdminUrl')),
    open: (url) => openPostgresStore({ url }),
    cleanup: () => {},
  };
}

export const STORE_ENGINES: readonly StoreEngine[] = [sqliteEngine(), postgresEngine()];
