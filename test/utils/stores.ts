import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
  remove(place: string): void;
}

const sqliteEngine: StoreEngine = {
  name: 'sqlite',
  async place() {
    return join(mkdtempSync(join(tmpdir(), 'rentgraph-store-')), 'state.sqlite');
  },
  open: (path) => openSqliteStore({ path }),
  remove: (path) => rmSync(dirname(path), { recursive: true, force: true }),
};

const postgresEngine: StoreEngine = {
  name: 'postgres',
  place: () => createTestDatabase(inject('postgresAdminUrl')),
  open: (url) => openPostgresStore({ url }),
  remove: () => {},
};

export const STORE_ENGINES: readonly StoreEngine[] = [sqliteEngine, postgresEngine];

export const engineNamed = (name: StoreEngine['name']): StoreEngine => STORE_ENGINES.find((engine) => engine.name === name)!;

/**
 * The stores a suite opens, closed together: `const stores = storeScope(engine)`, then
 * `await stores.fresh()` for a store on a new database, `stores.open(place)` for another
 * one on the same database, and `await stores.closeAll()` in afterEach or afterAll.
 */
export interface StoreScope {
  fresh(): Promise<Store>;
  place(): Promise<string>;
  open(place: string): Promise<Store>;
  closeAll(): Promise<void>;
}

export function storeScope(engine: StoreEngine): StoreScope {
  const opened: Store[] = [];
  const places: string[] = [];
  const scope: StoreScope = {
    async place() {
      const place = await engine.place();
      places.push(place);
      return place;
    },
    async open(place) {
      const store = await engine.open(place);
      opened.push(store);
      return store;
    },
    fresh: async () => scope.open(await scope.place()),
    async closeAll() {
      await Promise.all(opened.splice(0).map((store) => store.close()));
      for (const place of places.splice(0)) engine.remove(place);
    },
  };
  return scope;
}
