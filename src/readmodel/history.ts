import { refKey } from '../domain/ids.js';
import type { LeasingEventModel } from '../domain/models.js';
import type { Store, StoreTx } from '../store/store.js';
import { announceChanges } from './changes.js';

/**
 * Durable leasing history (table leasing_history): every leasing event the gateway
 * learns of, from webhooks and polls, kept for RENTGRAPH_HISTORY_DAYS whatever the event
 * log's retention. Written in the transaction that records the event.
 */
export interface LeasingHistoryStore {
  record(tx: StoreTx, events: readonly LeasingEventModel[]): Promise<void>;
  /** Deletes events that happened more than `retentionMillis` ago; returns how many. */
  prune(retentionMillis: number, now?: number): Promise<number>;
}

export function createLeasingHistoryStore(store: Store): LeasingHistoryStore {
  return {
    async record(tx, events) {
      if (events.length > 0) announceChanges(tx, ['HISTORY']);
      const recordedAt = Date.now();
      for (const event of events) {
        const { raw, ...model } = event;
        const row = {
          // In UTC, so that text order is time order whatever offset the vendor wrote.
          occurred_at: new Date(event.occurredAt).toISOString(),
          stage: event.stage,
          prospect_ref: event.prospect === null ? null : refKey(event.prospect),
          unit_ref: event.unit === null ? null : refKey(event.unit),
          model: JSON.stringify({ ...model, raw }),
          recorded_at: recordedAt,
        };
        await tx.db
          .insertInto('leasing_history')
          .values({ vendor: event.vendor, external_id: event.externalId, ...row })
          .onConflict((oc) => oc.columns(['vendor', 'external_id']).doUpdateSet(row))
          .execute();
      }
    },
    async prune(retentionMillis, now = Date.now()) {
      const cutoff = new Date(now - retentionMillis).toISOString();
      return store.transaction(async (tx) => {
        const result = await tx.db.deleteFrom('leasing_history').where('occurred_at', '<', cutoff).executeTakeFirst();
        const deleted = Number(result.numDeletedRows);
        if (deleted > 0) announceChanges(tx, ['HISTORY']);
        return deleted;
      });
    },
  };
}
