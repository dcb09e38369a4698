import type { LeasingStage, SourceRef } from '../domain/models.js';
import { parseRefKey, refKey } from '../domain/ids.js';
import type { Vendor } from '../domain/vendor.js';
import type { Store } from '../store/sqlite.js';
import type { ChangeKind, Delivery, EntityType, EventNode, StoredEvent } from './types.js';

/**
 * The durable event log (SQLite, WAL). A delivery's events and its dedupe key are
 * written in one transaction, so a delivery is either fully recorded once or not at
 * all; callers acknowledge only after `append` returned. Seqs only grow and are never
 * reused. Retention deletes a prefix of the log and remembers how far it went, which
 * is how an expired cursor is told from a quiet log.
 */
export interface AppendResult {
  /** True when the dedupe key was seen before: nothing was written. */
  duplicate: boolean;
  /** The events as stored (empty for a duplicate). */
  events: StoredEvent[];
}

export interface ParkedWebhook {
  vendor: Vendor;
  reason: string;
  dedupeKey: string;
  body: string;
}

export interface PruneResult {
  events: number;
  dedupeKeys: number;
  parked: number;
}

export interface EventLog {
  /** Appends each delivery once; `alsoInTransaction` commits with them (e.g. a poller's snapshot). */
  append(deliveries: readonly Delivery[], alsoInTransaction?: () => void): AppendResult[];
  /** Keeps a webhook the gateway cannot interpret yet; false when its dedupe key was seen before. */
  park(entry: ParkedWebhook): boolean;
  /** Events with seq > `afterSeq`, oldest first. */
  after(afterSeq: number, limit: number): StoredEvent[];
  /** The highest seq ever given (0 for a new log), whether or not it was pruned since. */
  lastSeq(): number;
  /** The highest seq retention deleted (0 when nothing was): cursors below it are expired. */
  prunedThrough(): number;
  /** Deletes events older than `retentionMillis` and dedupe keys older than `dedupeMillis`. */
  prune(retentionMillis: number, dedupeMillis: number): PruneResult;
  parkedCount(): number;
  /** Events of one entity type touching a unit ref or a prospect ref, oldest first. */
  byRef(entityType: EntityType, column: 'unit' | 'prospect', refs: readonly SourceRef[]): StoredEvent[];
  /** The latest event about one vendor record. */
  latestOf(entityType: EntityType, ref: SourceRef): StoredEvent | null;
  /** One vendor's leasing events at one stage, oldest first (e.g. every showing scheduled). */
  leasingEventsAtStage(vendor: Vendor, stage: LeasingStage): StoredEvent[];
}

interface Row {
  seq: number;
  vendor: string;
  entity_type: string;
  change_kind: string;
  external_id: string;
  unit_ref: string | null;
  prospect_ref: string | null;
  stage: string | null;
  node: string | null;
  previous: string | null;
  received_at: number;
  dedupe_key: string;
}

const PRUNED_THROUGH = 'events.pruned_through';

/** SQLite caps bound parameters per statement; ref lists are read in chunks below it. */
const REF_CHUNK = 500;

function toStored(row: Row): StoredEvent {
  return {
    seq: row.seq,
    vendor: row.vendor as Vendor,
    entityType: row.entity_type as EntityType,
    change: row.change_kind as ChangeKind,
    externalId: row.external_id,
    unitRef: row.unit_ref === null ? null : parseRefKey(row.unit_ref),
    prospectRef: row.prospect_ref === null ? null : parseRefKey(row.prospect_ref),
    stage: row.stage as LeasingStage | null,
    node: row.node === null ? null : (JSON.parse(row.node) as EventNode),
    previous: row.previous === null ? null : (JSON.parse(row.previous) as unknown),
    receivedAt: new Date(row.received_at).toISOString(),
    dedupeKey: row.dedupe_key,
  };
}

/** The stage of a leasing event node; null for everything else. */
function stageOf(node: EventNode | null): LeasingStage | null {
  return node !== null && '__typename' in node && node.__typename === 'LeasingEvent' ? node.stage : null;
}

export function createEventLog(store: Store, options: { now?: () => number } = {}): EventLog {
  const { db } = store;
  const now = options.now ?? Date.now;
  const claimKey = db.prepare('INSERT OR IGNORE INTO event_dedupe (key, seq, received_at) VALUES (?, NULL, ?)');
  const setKeySeq = db.prepare('UPDATE event_dedupe SET seq = ? WHERE key = ?');
  const insert = db.prepare(
    `INSERT INTO events (vendor, entity_type, change_kind, external_id, unit_ref, prospect_ref, stage, node, previous, received_at, dedupe_key)
     VALUES (@vendor, @entityType, @change, @externalId, @unitRef, @prospectRef, @stage, @node, @previous, @receivedAt, @dedupeKey)`,
  );
  const insertParked = db.prepare('INSERT INTO parked_webhooks (vendor, reason, dedupe_key, body, received_at) VALUES (?, ?, ?, ?, ?)');
  const selectAfter = db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
  const selectLastSeq = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'events'").pluck();
  const selectMeta = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const upsertMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const selectPruneEdge = db.prepare('SELECT MAX(seq) FROM events WHERE received_at < ?').pluck();
  const deleteThrough = db.prepare('DELETE FROM events WHERE seq <= ?');
  const deleteKeys = db.prepare('DELETE FROM event_dedupe WHERE received_at < ?');
  const deleteParked = db.prepare('DELETE FROM parked_webhooks WHERE received_at < ?');
  const countParked = db.prepare('SELECT COUNT(*) FROM parked_webhooks').pluck();
  const selectLatest = db.prepare('SELECT * FROM events WHERE entity_type = ? AND vendor = ? AND external_id = ? ORDER BY seq DESC LIMIT 1');
  // entity_type and vendor lead the events_record index, so this reads that vendor's leasing events only.
  const selectAtStage = db.prepare("SELECT * FROM events WHERE entity_type = 'LEASING_EVENT' AND vendor = ? AND stage = ? ORDER BY seq");

  const appendAll = db.transaction((deliveries: readonly Delivery[], also: (() => void) | undefined): AppendResult[] => {
    const receivedAt = now();
    const results = deliveries.map((delivery): AppendResult => {
      if (claimKey.run(delivery.dedupeKey, receivedAt).changes === 0) return { duplicate: true, events: [] };
      const events = delivery.events.map((event): StoredEvent => {
        const stage = stageOf(event.node);
        const seq = Number(
          insert.run({
            vendor: event.vendor,
            entityType: event.entityType,
            change: event.change,
            externalId: event.externalId,
            unitRef: event.unitRef === null ? null : refKey(event.unitRef),
            prospectRef: event.prospectRef === null ? null : refKey(event.prospectRef),
            stage,
            node: event.node === null ? null : JSON.stringify(event.node),
            previous: event.previous === null || event.previous === undefined ? null : JSON.stringify(event.previous),
            receivedAt,
            dedupeKey: delivery.dedupeKey,
          }).lastInsertRowid,
        );
        return { ...event, seq, stage, receivedAt: new Date(receivedAt).toISOString(), dedupeKey: delivery.dedupeKey };
      });
      if (events.length > 0) setKeySeq.run(events[0]!.seq, delivery.dedupeKey);
      return { duplicate: false, events };
    });
    also?.();
    return results;
  });

  const parkOnce = db.transaction((entry: ParkedWebhook): boolean => {
    const receivedAt = now();
    if (claimKey.run(entry.dedupeKey, receivedAt).changes === 0) return false;
    insertParked.run(entry.vendor, entry.reason, entry.dedupeKey, entry.body, receivedAt);
    return true;
  });

  const pruneAll = db.transaction((retentionMillis: number, dedupeMillis: number): PruneResult => {
    const cutoff = now() - retentionMillis;
    const edge = selectPruneEdge.get(cutoff) as number | null;
    let events = 0;
    if (edge !== null) {
      events = deleteThrough.run(edge).changes;
      if (edge > prunedThrough()) upsertMeta.run(PRUNED_THROUGH, String(edge));
    }
    const dedupeKeys = deleteKeys.run(now() - dedupeMillis).changes;
    const parked = deleteParked.run(cutoff).changes;
    return { events, dedupeKeys, parked };
  });

  function prunedThrough(): number {
    const value = selectMeta.get(PRUNED_THROUGH) as string | undefined;
    return value === undefined ? 0 : Number(value);
  }

  return {
    append: (deliveries, alsoInTransaction) => appendAll(deliveries, alsoInTransaction),
    park: (entry) => parkOnce(entry),
    after: (afterSeq, limit) => (selectAfter.all(afterSeq, limit) as Row[]).map(toStored),
    lastSeq: () => (selectLastSeq.get() as number | undefined) ?? 0,
    prunedThrough,
    prune: (retentionMillis, dedupeMillis) => pruneAll(retentionMillis, dedupeMillis),
    parkedCount: () => countParked.get() as number,
    byRef(entityType, column, refs) {
      const keys = [...new Set(refs.map(refKey))];
      const rows: Row[] = [];
      for (let i = 0; i < keys.length; i += REF_CHUNK) {
        const chunk = keys.slice(i, i + REF_CHUNK);
        const sql = `SELECT * FROM events WHERE ${column}_ref IN (${chunk.map(() => '?').join(',')}) AND entity_type = ? ORDER BY seq`;
        rows.push(...(db.prepare(sql).all(...chunk, entityType) as Row[]));
      }
      return rows.sort((a, b) => a.seq - b.seq).map(toStored);
    },
    latestOf(entityType, ref) {
      const row = selectLatest.get(entityType, ref.vendor, ref.externalId) as Row | undefined;
      return row === undefined ? null : toStored(row);
    },
    leasingEventsAtStage: (vendor, stage) => (selectAtStage.all(vendor, stage) as Row[]).map(toStored),
  };
}
