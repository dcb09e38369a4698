import type { LeasingEventModel } from '../domain/models.js';
import type { RecordDraft, RecordWrite } from '../ports/read-model.js';
import { reusableQuery } from '../store/reusable-query.js';
import type { Store, StoreTx } from '../store/store.js';
import { createLeasingHistoryStore } from './history.js';
import { createRecordStore } from './records.js';
import type { UnitFactsStore } from './unit-facts.js';

/**
 * Record changes learned outside a sync (webhooks, polls, mutations' answers), written in
 * the caller's transaction, so that a query after its commit sees them: the records, a
 * leasing history row for each leasing event, and the facts of every unit they touch.
 *
 * They are marked as seen by the latest sync run, so a run still reading (whose list may
 * have passed before the record existed) does not sweep them; the next run's complete
 * read confirms them or, if the vendor no longer lists them, removes them.
 */
export interface RecordWriter {
  /**
   * Applies the writes in order. Consecutive writes that only upsert, into one resource,
   * records none of the others names, are applied as one (a few statements for a batch of
   * webhooks rather than a few for each): for distinct records that is the same as one by one.
   */
  apply(tx: StoreTx, writes: readonly RecordWrite[]): Promise<void>;
}

const keyOf = (draft: RecordDraft): string => `${draft.kind}|${draft.vendor}:${draft.externalId}`;

/** `writes` with runs of mergeable writes (see RecordWriter.apply) merged, in order. */
function merged(writes: readonly RecordWrite[]): RecordWrite[] {
  const out: RecordWrite[] = [];
  let run: { resource: string; upserts: RecordDraft[]; keys: Set<string> } | null = null;
  for (const write of writes) {
    const upsertsOnly = (write.deletes ?? []).length === 0 && (write.moves ?? []).length === 0 && (write.spanEnds ?? []).length === 0;
    if (!upsertsOnly) {
      run = null;
      out.push(write);
      continue;
    }
    const upserts = write.upserts ?? [];
    const keys = upserts.map(keyOf);
    if (run !== null && run.resource === write.resource && !keys.some((key) => run!.keys.has(key))) {
      run.upserts.push(...upserts);
      for (const key of keys) run.keys.add(key);
      continue;
    }
    run = { resource: write.resource, upserts: [...upserts], keys: new Set(keys) };
    // The run's upserts array itself: writes merged later land in it.
    out.push({ resource: write.resource, upserts: run.upserts });
  }
  return out;
}

const RUN_KEY = 'sync.run';

export function createRecordWriter(store: Store, unitFacts: UnitFactsStore): RecordWriter {
  const records = createRecordStore(store);
  const history = createLeasingHistoryStore(store);
  const latestRun = reusableQuery((db) => db.selectFrom('read_model_meta').select('value').where('key', '=', RUN_KEY));
  return {
    async apply(tx, writes) {
      if (writes.length === 0) return;
      const { rows: [row] } = await latestRun(tx.db, {});
      const run = Number(row?.value ?? '0');
      const unitRefs = new Set<string>();
      for (const write of merged(writes)) {
        const result = await records.apply(tx, write, { resource: write.resource, run });
        for (const ref of result.unitRefs) unitRefs.add(ref);
        const events = (write.upserts ?? []).filter((draft) => draft.kind === 'LEASING_EVENT').map((draft) => draft.model as LeasingEventModel);
        if (events.length > 0) await history.record(tx, events);
      }
      if (unitRefs.size > 0) await unitFacts.refresh(tx, await unitFacts.unitKeysOf(tx, [...unitRefs]));
    },
  };
}
