import type { LeasingStage, SourceRef } from '../domain/models.js';
import { parseRefKey, refKey } from '../domain/ids.js';
import type { Vendor } from '../domain/vendor.js';
import type { Store, StoreTx } from '../store/store.js';
import type { EventsTable } from '../store/tables.js';
import { sql } from 'kysely';
import { reusableQuery, rowParams, rowValues, writeRows } from '../store/reusable-query.js';
import type { ChangeKind, Delivery, EntityType, EventNode, StoredEvent } from './types.js';

/**
 * The durable event log. A delivery's events and its dedupe key are written in one
 * transaction, so a delivery is either fully recorded once or not at all; callers
 * acknowledge only after `append` resolved. Seqs come from one counter row whose lock
 * an append holds until it commits (migration 0006): appends commit in seq order, on
 * SQLite and across Postgres replicas alike, so a reader following `seq > last seen`
 * never skips one that commits late. Seqs only grow and are never reused. Retention
 * deletes a prefix of the log and remembers how far it went, which is how an expired
 * cursor is told from a quiet log.
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
  /**
   * Appends each delivery once, inside `tx` (the caller's transaction, which may write
   * more: a poller's snapshot, the read model). The events become visible when `tx`
   * commits.
   */
  append(tx: StoreTx, deliveries: readonly Delivery[]): Promise<AppendResult[]>;
  /** Keeps a webhook the gateway cannot interpret yet; false when its dedupe key was seen before. */
  park(entry: ParkedWebhook): Promise<boolean>;
  /** Committed events with seq > `afterSeq`, oldest first. */
  after(afterSeq: number, limit: number): Promise<StoredEvent[]>;
  /** The highest seq ever given (0 for a new log), whether or not it was pruned since. */
  lastSeq(): Promise<number>;
  /** The highest seq retention deleted (0 when nothing was): cursors below it are expired. */
  prunedThrough(): Promise<number>;
  /** Deletes events older than `retentionMillis` and dedupe keys older than `dedupeMillis`. */
  prune(retentionMillis: number, dedupeMillis: number): Promise<PruneResult>;
  parkedCount(): Promise<number>;
  /** Events of one entity type touching a unit ref or a prospect ref, oldest first. */
  byRef(entityType: EntityType, column: 'unit' | 'prospect', refs: readonly SourceRef[]): Promise<StoredEvent[]>;
  /** The latest event about one vendor record. */
  latestOf(entityType: EntityType, ref: SourceRef): Promise<StoredEvent | null>;
  /** One vendor's leasing events at one stage, oldest first (e.g. every showing scheduled). */
  leasingEventsAtStage(vendor: Vendor, stage: LeasingStage): Promise<StoredEvent[]>;
}

const PRUNED_THROUGH = 'events.pruned_through';

/** Both engines cap bound parameters per statement; ref lists are read in chunks below it. */
const REF_CHUNK = 500;

const EVENT_COLUMNS = ['seq', 'vendor', 'entity_type', 'change_kind', 'external_id', 'unit_ref', 'prospect_ref', 'stage', 'node', 'previous', 'received_at', 'dedupe_key'] as const satisfies readonly (keyof EventsTable)[];
/** Rows (events, dedupe keys) per statement: a batch is written in few statements, and few forms of each are compiled (reusable-query.ts). */
const ROWS_PER_STATEMENT = 32;

function toStored(row: EventsTable): StoredEvent {
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
  return node?.__typename === 'LeasingEvent' ? node.stage : null;
}

export function createEventLog(store: Store, options: { now?: () => number } = {}): EventLog {
  const now = options.now ?? Date.now;
  const { read } = store;

  /**
   * Locks the counter row until the transaction ends and reads it: every appending
   * transaction takes it before any dedupe key, so all take their locks in one order and
   * two replicas given the same deliveries in different batches wait for each other
   * instead of deadlocking on each other's keys.
   */
  const lockCounter = reusableQuery((db) =>
    db.updateTable('event_counter').set((eb) => ({ last_seq: eb.ref('last_seq') })).where('id', '=', 1).returning('last_seq'));
  const setCounter = reusableQuery((db, p) => db.updateTable('event_counter').set({ last_seq: p('lastSeq') }).where('id', '=', 1));
  /** Claims keys (the same receipt time for all); RETURNING names those that were new. */
  const claimKeys = reusableQuery((db, p, keys) => db.insertInto('event_dedupe')
    .values(Array.from({ length: keys }, (_, i) => ({ key: p<string>(`key${i}`), seq: null, received_at: p<number>('receivedAt') })))
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key'));
  /** Notes each claimed key's first seq. CAST: Postgres would take an untyped parameter of CASE for text. */
  const setFirstSeqs = reusableQuery((db, p, keys) => {
    const indexes = Array.from({ length: keys }, (_, i) => i);
    const cases = indexes.map((i) => sql`when ${sql.ref('key')} = ${p<string>(`key${i}`)} then cast(${p<number>(`seq${i}`)} as bigint)`);
    return db.updateTable('event_dedupe')
      .set({ seq: sql<number>`case ${sql.join(cases, sql` `)} end` })
      .where('key', 'in', indexes.map((i) => p<string>(`key${i}`)));
  });
  const insertEvents = reusableQuery((db, p, rows) =>
    db.insertInto('events').values(rowParams(p, EVENT_COLUMNS, rows) as EventsTable[]));

  /** The keys among `keys` that were new and are now claimed; the others were seen before. */
  const claim = async (tx: StoreTx, keys: readonly string[], receivedAt: number): Promise<Set<string>> => {
    const claimed = new Set<string>();
    // Sorted, so that appends claiming some of the same keys lock them in one order.
    const unique = [...new Set(keys)].sort();
    for (let i = 0; i < unique.length; i += ROWS_PER_STATEMENT) {
      const part = unique.slice(i, i + ROWS_PER_STATEMENT);
      const { rows } = await claimKeys(tx.db, { receivedAt, ...rowValues(['key'], part.map((key) => ({ key }))) }, part.length);
      for (const row of rows) claimed.add(row.key);
    }
    return claimed;
  };

  const prunedThrough = async (): Promise<number> => {
    const row = await read.selectFrom('meta').select('value').where('key', '=', PRUNED_THROUGH).executeTakeFirst();
    return row === undefined ? 0 : Number(row.value);
  };

  return {
    async append(tx, deliveries) {
      const receivedAt = now();
      const results: AppendResult[] = [];
      const { rows: [counter] } = await lockCounter(tx.db, {});
      if (counter === undefined) throw new Error('expected the event counter row (migration 0006), found none');
      let next = counter.last_seq + 1;
      const claimed = await claim(tx, deliveries.map((delivery) => delivery.dedupeKey), receivedAt);
      const rows: EventsTable[] = [];
      const firstSeqs: { key: string; seq: number }[] = [];
      for (const delivery of deliveries) {
        // A key given twice in one batch is new for its first delivery only.
        if (!claimed.delete(delivery.dedupeKey)) {
          results.push({ duplicate: true, events: [] });
          continue;
        }
        if (delivery.events.length > 0) firstSeqs.push({ key: delivery.dedupeKey, seq: next });
        const events = delivery.events.map((event, i): StoredEvent => ({
          ...event,
          seq: next + i,
          stage: stageOf(event.node),
          receivedAt: new Date(receivedAt).toISOString(),
          dedupeKey: delivery.dedupeKey,
        }));
        next += events.length;
        for (const event of events) {
          rows.push({
            seq: event.seq,
            vendor: event.vendor,
            entity_type: event.entityType,
            change_kind: event.change,
            external_id: event.externalId,
            unit_ref: event.unitRef === null ? null : refKey(event.unitRef),
            prospect_ref: event.prospectRef === null ? null : refKey(event.prospectRef),
            stage: event.stage,
            node: event.node === null ? null : JSON.stringify(event.node),
            previous: event.previous === null || event.previous === undefined ? null : JSON.stringify(event.previous),
            received_at: receivedAt,
            dedupe_key: delivery.dedupeKey,
          });
        }
        results.push({ duplicate: false, events });
      }
      await writeRows(setFirstSeqs, tx.db, ['key', 'seq'], firstSeqs, ROWS_PER_STATEMENT);
      await writeRows(insertEvents, tx.db, EVENT_COLUMNS, rows, ROWS_PER_STATEMENT);
      if (rows.length > 0) await setCounter(tx.db, { lastSeq: next - 1 });
      return results;
    },

    park: (entry) =>
      store.transaction(async (tx) => {
        const receivedAt = now();
        if (!(await claim(tx, [entry.dedupeKey], receivedAt)).has(entry.dedupeKey)) return false;
        await tx.db
          .insertInto('parked_webhooks')
          .values({ vendor: entry.vendor, reason: entry.reason, dedupe_key: entry.dedupeKey, body: entry.body, received_at: receivedAt })
          .execute();
        return true;
      }),

    async after(afterSeq, limit) {
      const rows = await read.selectFrom('events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
      return rows.map(toStored);
    },

    async lastSeq() {
      const row = await read.selectFrom('event_counter').select('last_seq').where('id', '=', 1).executeTakeFirst();
      return row?.last_seq ?? 0;
    },

    prunedThrough,

    prune: (retentionMillis, dedupeMillis) =>
      store.transaction(async (tx) => {
        const cutoff = now() - retentionMillis;
        const edge = (await tx.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).where('received_at', '<', cutoff).executeTakeFirst())?.seq ?? null;
        let events = 0;
        if (edge !== null) {
          events = Number((await tx.db.deleteFrom('events').where('seq', '<=', edge).executeTakeFirst()).numDeletedRows);
          const through = await tx.db.selectFrom('meta').select('value').where('key', '=', PRUNED_THROUGH).executeTakeFirst();
          if (edge > Number(through?.value ?? 0)) {
            await tx.db
              .insertInto('meta')
              .values({ key: PRUNED_THROUGH, value: String(edge) })
              .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(edge) }))
              .execute();
          }
        }
        const dedupeKeys = Number((await tx.db.deleteFrom('event_dedupe').where('received_at', '<', now() - dedupeMillis).executeTakeFirst()).numDeletedRows);
        const parked = Number((await tx.db.deleteFrom('parked_webhooks').where('received_at', '<', cutoff).executeTakeFirst()).numDeletedRows);
        return { events, dedupeKeys, parked };
      }),

    async parkedCount() {
      const row = await read.selectFrom('parked_webhooks').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      return Number(row.count);
    },

    async byRef(entityType, column, refs) {
      const keys = [...new Set(refs.map(refKey))];
      const rows: EventsTable[] = [];
      const refColumn = column === 'unit' ? 'unit_ref' : 'prospect_ref';
      for (let i = 0; i < keys.length; i += REF_CHUNK) {
        const chunk = keys.slice(i, i + REF_CHUNK);
        rows.push(...(await read.selectFrom('events').selectAll().where(refColumn, 'in', chunk).where('entity_type', '=', entityType).orderBy('seq').execute()));
      }
      return rows.sort((a, b) => a.seq - b.seq).map(toStored);
    },

    async latestOf(entityType, ref) {
      const row = await read
        .selectFrom('events')
        .selectAll()
        .where('entity_type', '=', entityType)
        .where('vendor', '=', ref.vendor)
        .where('external_id', '=', ref.externalId)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? null : toStored(row);
    },

    async leasingEventsAtStage(vendor, stage) {
      // entity_type and vendor lead the events_record index, so this reads that vendor's leasing events only.
      const rows = await read.selectFrom('events').selectAll().where('entity_type', '=', 'LEASING_EVENT').where('vendor', '=', vendor).where('stage', '=', stage).orderBy('seq').execute();
      return rows.map(toStored);
    },
  };
}
