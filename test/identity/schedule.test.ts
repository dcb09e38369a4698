import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scheduleSync } from '../../src/identity/schedule.js';
import type { IdentitySync, SyncResult, VendorSyncOutcome } from '../../src/identity/sync.js';
import { silentLogger } from './fakeSources.js';

/** An identity sync whose runs succeed, fail a vendor, or throw, as the test says. */
function fakeSync() {
  const outcomes: ('ok' | 'vendor-failed' | 'throws')[] = [];
  let done = false;
  let runs = 0;
  const vendor = (ok: boolean): VendorSyncOutcome => (ok
    ? { vendor: 'RENTROLL', ok: true, recordsRead: 1, complete: true, added: 0, changed: 0, removed: 0, records: 1 }
    : { vendor: 'RENTROLL', ok: false, error: 'down', records: 0 });
  const sync: IdentitySync = {
    async run() {
      runs++;
      const outcome = outcomes.shift() ?? 'ok';
      if (outcome === 'throws') throw new Error('disk full');
      if (outcome === 'ok') done = true;
      return { vendors: [vendor(outcome === 'ok')] } as unknown as SyncResult;
    },
    status: () => ({ firstSyncDone: done, running: false, lastRunAt: null, lastError: null, progress: null }),
    upsert: async () => {},
    edit: async () => ({ vendor: 'RENTROLL', externalId: '1' }),
    close: async () => {},
    loaded: Promise.resolve(),
    recheck: async () => done,
  };
  return { sync, outcomes, runs: () => runs };
}

describe('scheduleSync', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at once, then every interval', async () => {
    const { sync, runs } = fakeSync();
    const schedule = scheduleSync(sync, { intervalMillis: 300_000, logger: silentLogger });
    await vi.advanceTimersByTimeAsync(1);
    expect(runs()).toBe(1);
    await vi.advanceTimersByTimeAsync(299_000);
    expect(runs()).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs()).toBe(2);
    schedule.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(runs()).toBe(2);
  });

  it('comes back after retryMillis when a vendor failed or the run threw', async () => {
    const { sync, outcomes, runs } = fakeSync();
    outcomes.push('ok', 'vendor-failed', 'throws');
    const schedule = scheduleSync(sync, { intervalMillis: 300_000, retryMillis: 30_000, logger: silentLogger });
    await vi.advanceTimersByTimeAsync(300_001);
    expect(runs()).toBe(2);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(runs()).toBe(3);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(runs()).toBe(4);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(runs()).toBe(4);
    schedule.stop();
  });

  it('with interval 0 runs once, but retries a first sync that did not complete', async () => {
    const { sync, outcomes, runs } = fakeSync();
    outcomes.push('throws', 'vendor-failed', 'ok');
    const schedule = scheduleSync(sync, { intervalMillis: 0, retryMillis: 1_000, logger: silentLogger });
    await vi.advanceTimersByTimeAsync(1);
    expect(runs()).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(runs()).toBe(3);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs()).toBe(3);
    schedule.stop();
  });
});
