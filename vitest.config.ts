import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Integration tests start real servers on loopback; keep CPU contention predictable on 2 cores.
    maxWorkers: 2,
  },
});
