/**
 * A process that opens a store (migrating it) and exits: `node --import tsx open-store.fixture.ts <engine> <place>`.
 * The store tests start several at once to migrate one database concurrently.
 */
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

const [engine, place] = process.argv.slice(2);
const store = engine === 'postgres' ? await openPostgresStore({ url: place! }) : await openSqliteStore({ path: place! });
await store.close();
