import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { request } from 'undici';
import { inject } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { createWorld } from '../../src/simulators/world/index.js';
import { createTestDatabase } from './postgres.js';

/**
 * Boots the real gateway with its built-in simulators on loopback ports and a fresh
 * store, exactly as `npm start` does: a new SQLite file, or with `engine: 'postgres'` a
 * new database on the test run's Postgres (RENTGRAPH_DATABASE_URL). Logs are captured
 * in memory so tests can assert what they contain.
 */
export interface TestApp extends App {
  logs: string[];
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
}

export interface GraphQLResponse<T> {
  status: number;
  data: T | null;
  errors: { message: string; path?: (string | number)[]; extensions: { code: string; vendor?: string; http?: { status: number }; [key: string]: unknown } }[] | undefined;
  /** The response's extensions; `freshness.stale` names the vendors whose stored data was served after a failed refresh. */
  extensions?: { freshness?: { stale: { vendor: string; since: string | null }[] }; [key: string]: unknown } | undefined;
}

const QUIET = {
  RENTGRAPH_HOST: '127.0.0.1',
  LOG_LEVEL: 'debug',
  RENTGRAPH_SIM_ACTIVITY_SECONDS: '0',
  RENTGRAPH_SYNC_INTERVAL_SECONDS: 'off',
  RENTROLL_POLL_SECONDS: '0',
  LEASEY_POLL_SECONDS: '0',
  STURENTS_POLL_SECONDS: '0',
  DEEPRENT_POLL_SECONDS: '0',
};

export interface TestAppOptions {
  env?: Record<string, string>;
  rentrollUnits?: number;
  /** Where the gateway keeps its state. Default 'sqlite'. */
  engine?: 'sqlite' | 'postgres';
  /**
   * Returns the app after one full read-model sync, as a gateway serves once it has synced:
   * pages then come from the store. Default false: the store starts empty and nothing syncs
   * until the test runs `app.services.readModel.run()`.
   */
  synced?: boolean;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'rentgraph-test-'));
  const database = options.engine === 'postgres' ? { RENTGRAPH_DATABASE_URL: await createTestDatabase(inject('postgresAdminUrl')) } : {};
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const app = await startApp({
    // No background identity sync or change polling: a test that wants the index awaits
    // `app.services.readModel.run()`, one that wants polls drives them, so neither what serves
    // `units` nor what the simulators count ever depends on timing.
    env: { ...QUIET, PORT: '0', RENTGRAPH_DB: join(dir, 'test.sqlite'), ...database, ...options.env },
    world: createWorld({ rentrollUnits: options.rentrollUnits ?? 200 }),
    logDestination: { write: (line: string) => destination.write(line) },
  });
  const close = app.close.bind(app);
  const testApp = Object.assign(app, {
    logs,
    async close() {
      await close();
      rmSync(dir, { recursive: true, force: true });
    },
    async graphql<T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
      const response = await request(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.body.json()) as { data?: T | null; errors?: GraphQLResponse<T>['errors']; extensions?: GraphQLResponse<T>['extensions'] };
      return { status: response.statusCode, data: body.data ?? null, errors: body.errors, extensions: body.extensions };
    },
  });
  if (options.synced === true) {
    try {
      await testApp.services.readModel.run();
    } catch (error) {
      // A failed first sync would otherwise leave the gateway and its simulators listening.
      await testApp.close();
      throw error;
    }
  }
  return testApp;
}
