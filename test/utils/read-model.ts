import { expect } from 'vitest';
import type { LeasingEventModel, SourceRef } from '../../src/domain/models.js';
import { createLeasingHistoryStore } from '../../src/readmodel/history.js';
import type { TestApp } from './app.js';

/** Writes leasing events into the durable history, as the intake does with every leasing event. */
export async function recordHistory(app: TestApp, events: readonly LeasingEventModel[]): Promise<void> {
  const history = createLeasingHistoryStore(app.services.store);
  await app.services.store.transaction((tx) => history.record(tx, events));
}

/**
 * Makes a gateway whose read-model sync has run answer as it does before a full sync holds
 * any vendor's records: lists and records read from the vendors, over the same stored unit
 * index. The function returned gives the read model its full syncs back.
 */
export async function forgetFullSyncs(app: TestApp): Promise<() => Promise<void>> {
  const { store } = app.services;
  const saved = await store.read.selectFrom('vendor_status').select(['vendor', 'last_full_sync_at']).execute();
  expect(saved.some((row) => row.last_full_sync_at !== null)).toBe(true);
  await store.write.updateTable('vendor_status').set({ last_full_sync_at: null }).execute();
  return async () => {
    for (const row of saved) await store.write.updateTable('vendor_status').set({ last_full_sync_at: row.last_full_sync_at }).where('vendor', '=', row.vendor).execute();
  };
}

/**
 * Leaves the read model holding `vendor`'s unit records but no complete copy of what it
 * reads, as after a sync in which one of its other resources failed: the gateway then
 * reads that vendor live, as before its first full sync, while its units stay indexed.
 */
export async function forgetFullSync(app: TestApp, vendor: SourceRef['vendor']): Promise<void> {
  await app.services.store.write.updateTable('vendor_status').set({ last_full_sync_at: null }).where('vendor', '=', vendor).execute();
}
