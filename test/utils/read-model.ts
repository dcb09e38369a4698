import type { LeasingEventModel } from '../../src/domain/models.js';
import { createLeasingHistoryStore } from '../../src/readmodel/history.js';
import type { TestApp } from './app.js';

/** Writes leasing events into the durable history, as the intake does with every leasing event. */
export async function recordHistory(app: TestApp, events: readonly LeasingEventModel[]): Promise<void> {
  const history = createLeasingHistoryStore(app.services.store);
  await app.services.store.transaction((tx) => history.record(tx, events));
}
