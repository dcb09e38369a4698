import { randomUUID } from 'node:crypto';
import { hashOfRecord, leasingEventRecords, type PollDiff, type PollSource } from '../../ports/polling.js';
import type { RecordWrite } from '../../ports/read-model.js';
import type { Store, StoreTx } from '../../store/store.js';
import type { EventService } from '../service.js';
import type { ChangeKind, Delivery } from '../types.js';

export type { PollDiff, PollSnapshot, PollSource } from '../../ports/polling.js';

/**
 * Change polling for what vendors announce by no webhook: fetch a snapshot (a vendor
 * module's PollSource, ports/polling.ts), compare each record's
 * hash with the one stored for its key, and append CREATED / UPDATED / DELETED events
 * to the same log webhooks use. The new hashes are stored in the transaction that
 * appends the events, so a crash between the two can neither lose a change nor
 * announce it twice. The first poll of a source records a baseline silently (a fresh
 * gateway would otherwise announce the whole portfolio as created).
 */
export interface PollResult {
  created: number;
  updated: number;
  deleted: number;
  /** Events appended to the log. */
  events: number;
  /** True when this poll only recorded the baseline. */
  baseline: boolean;
}

export interface ChangePoller {
  name: string;
  pollOnce(): Promise<PollResult>;
}

/** Writes record changes in the poll's transaction (the read model's writer). */
export interface RecordWriterPort {
  apply(tx: StoreTx, writes: readonly RecordWrite[]): Promise<unknown>;
}

/** `services` is the gateway's Services (or just its store and events, and then the read model is not written). */
export function createChangePoller<T>(source: PollSource<T>, services: { store: Store; events: EventService; records?: RecordWriterPort }): ChangePoller {
  const { events, store } = services;
  const hashOf = source.hashOf ?? hashOfRecord;

  return {
    name: source.name,
    async pollOnce() {
      const snapshot = await source.fetch();
      const current = new Map<string, { record: T; hash: string }>();
      for (const record of snapshot.records) current.set(source.keyOf(record), { record, hash: hashOf(record) });
      const stored = new Map<string, { hash: string; record: string }>();
      for (const row of await store.read.selectFrom('poll_snapshots').select(['key', 'hash', 'record']).where('source', '=', source.name).execute()) stored.set(row.key, row);
      const baseline = (await store.read.selectFrom('poll_sources').select('baseline_at').where('source', '=', source.name).executeTakeFirst()) === undefined;

      const diffs: PollDiff<T>[] = [];
      for (const [key, { record, hash }] of current) {
        const before = stored.get(key);
        if (before === undefined) diffs.push({ change: 'CREATED', key, record, previous: null });
        else if (before.hash !== hash) diffs.push({ change: 'UPDATED', key, record, previous: JSON.parse(before.record) as T });
      }
      if (snapshot.complete) {
        for (const [key, before] of stored) {
          if (!current.has(key)) diffs.push({ change: 'DELETED', key, record: null, previous: JSON.parse(before.record) as T });
        }
      }

      const announce = !baseline || source.announceInitial === true;
      const deliveries: Delivery[] = [];
      if (announce) {
        for (const diff of diffs) {
          const changeEvents = await source.toEvents(diff);
          if (changeEvents.length > 0) deliveries.push({ dedupeKey: `poll:${source.name}:${diff.key}:${randomUUID()}`, events: changeEvents });
        }
      }
      // The read model follows every difference, announced or not, and every leasing event the poll derived.
      const writes = [...diffs.flatMap((diff) => source.toRecords?.(diff) ?? []), ...leasingEventRecords(deliveries.flatMap((d) => d.events))];
      const results = await events.record(deliveries, async (tx) => {
        if (writes.length > 0) await services.records?.apply(tx, writes);
        for (const diff of diffs) {
          if (diff.record === null) {
            await tx.db.deleteFrom('poll_snapshots').where('source', '=', source.name).where('key', '=', diff.key).execute();
          } else {
            const hash = current.get(diff.key)!.hash;
            const record = JSON.stringify(diff.record);
            await tx.db
              .insertInto('poll_snapshots')
              .values({ source: source.name, key: diff.key, hash, record })
              .onConflict((oc) => oc.columns(['source', 'key']).doUpdateSet({ hash, record }))
              .execute();
          }
        }
        await tx.db.insertInto('poll_sources').values({ source: source.name, baseline_at: Date.now() }).onConflict((oc) => oc.column('source').doNothing()).execute();
      });
      const count = (change: ChangeKind) => diffs.filter((d) => d.change === change).length;
      return {
        created: count('CREATED'),
        updated: count('UPDATED'),
        deleted: count('DELETED'),
        events: results.reduce((sum, r) => sum + r.events.length, 0),
        baseline: !announce,
      };
    },
  };
}
