import { refKey } from '../domain/ids.js';
import type { LeasingEventModel } from '../domain/models.js';
import { reusableQuery, rowParams, writeRows } from '../store/reusable-query.js';
import type { Store, StoreTx } from '../store/store.js';
import type { LeasingHistoryTable } from '../store/tables.js';
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

/** Rows per upsert: few forms of it are compiled (reusable-query.ts). */
const ROWS_PER_UPSERT = 32;
const HISTORY_COLUMNS = ['vendor', 'external_id', 'occurred_at', 'stage', 'prospect_ref', 'unit_ref', 'model', 'recorded_at'] as const satisfies readonly (keyof LeasingHistoryTable)[];

export function createLeasingHistoryStore(store: Store): LeasingHistoryStore {
  // Built once per number of rows: every leasing event a webhook or a poll brings writes it (reusable-query.ts).
  const upsert = reusableQuery((db, p, rows) => db.insertInto('leasing_history')
    .values(rowParams(p, HISTORY_COLUMNS, rows) as LeasingHistoryTable[])
    .onConflict((oc) => oc.columns(['vendor', 'external_id']).doUpdateSet((eb) => ({
      occurred_at: eb.ref('excluded.occurred_at'), stage: eb.ref('excluded.stage'), prospect_ref: eb.ref('excluded.prospect_ref'),
      unit_ref: eb.ref('excluded.unit_ref'), model: eb.ref('excluded.model'), recorded_at: eb.ref('excluded.recorded_at'),
    }))));
  return {
    async record(tx, events) {
      if (events.length > 0) announceChanges(tx, ['HISTORY']);
      const recordedAt = Date.now();
      // One row per event, the last given winning as if written one by one: an upsert may not touch a row twice.
      const rows = new Map<string, LeasingHistoryTable>();
      for (const event of events) {
        const { raw, ...model } = event;
        rows.set(`${event.vendor}:${event.externalId}`, {
          vendor: event.vendor,
          external_id: event.externalId,
          // In UTC, so that text order is time order whatever offset the vendor wrote.
          occurred_at: new Date(event.occurredAt).toISOString(),
          stage: event.stage,
          prospect_ref: event.prospect === null ? null : refKey(event.prospect),
          unit_ref: event.unit === null ? null : refKey(event.unit),
          model: JSON.stringify({ ...model, raw }),
          recorded_at: recordedAt,
        });
      }
      // In key order, so that transactions writing some of the same rows lock them in one order (records.ts).
      await writeRows(upsert, tx.db, HISTORY_COLUMNS, [...rows.keys()].sort().map((key) => rows.get(key)!), ROWS_PER_UPSERT);
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
