import { RECORD_KINDS, type RecordKind } from '../ports/read-model.js';
import type { StoreTx } from '../store/store.js';

/**
 * What changed in the store, in parts coarse enough to announce on every write and fine
 * enough that a change to one part leaves answers over the others standing (the response
 * cache, src/cache/). Each writer announces what its transaction changed, on the
 * `rentgraph_records` channel, so every process on the store hears it once it commits.
 *
 * - a RecordKind: records of that kind were created, changed or deleted (with their
 *   links and the lease and person facts kept beside them);
 * - IDENTITY: the identity index (which records make which unit, unit positions);
 * - FACTS: unit facts (occupied, rent, search text);
 * - HISTORY: durable leasing history;
 * - HOLDINGS: which vendors the read model holds (a first full sync) or holds stale
 *   (its last refresh failed), which decides whether their data is served from the store;
 * - SYNC_TIMES: when records and vendors were last confirmed (`freshness.syncedAt`,
 *   `VendorStatus.lastSyncAt`), which every sync moves even when nothing changed;
 * - EVENTS: the event log (not announced here: its own channel, rentgraph_events, says so).
 */
export const CHANGE_TOPICS = [...RECORD_KINDS, 'IDENTITY', 'FACTS', 'HISTORY', 'HOLDINGS', 'SYNC_TIMES', 'EVENTS'] as const;
export type ChangeTopic = RecordKind | 'IDENTITY' | 'FACTS' | 'HISTORY' | 'HOLDINGS' | 'SYNC_TIMES' | 'EVENTS';

const KNOWN = new Set<string>(CHANGE_TOPICS);

/** Tells every process on the store, once `tx` commits, that these parts changed. */
export function announceChanges(tx: StoreTx, topics: Iterable<ChangeTopic>): void {
  const payload = [...new Set(topics)].join(',');
  if (payload !== '') tx.notify('rentgraph_records', payload);
}

/**
 * The topics a `rentgraph_records` payload names; null when it names none that this
 * process knows (an empty payload is sent after a listener reconnected, when
 * notifications may have been missed): then anything may have changed.
 */
export function topicsOf(payload: string): ChangeTopic[] | null {
  const topics = payload.split(',').filter((topic): topic is ChangeTopic => KNOWN.has(topic));
  return topics.length === 0 ? null : topics;
}
