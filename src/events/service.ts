import type { Logger } from 'pino';
import type { VendorCache } from '../ports/cache.js';
import type { Store, StoreTx } from '../store/store.js';
import { createEventBus, type EventBus } from './bus.js';
import { createEventLog, type AppendResult, type EventLog, type ParkedWebhook } from './log.js';
import { createLogTail, type LogTail } from './tail.js';
import type { Delivery, StoredEvent } from './types.js';

/**
 * The gateway's events: the durable log, the live bus fed by the log's tail, and the
 * one path that writes to them. `record` appends; once the commit is made it drops the
 * vendors' cached reads (so a query after an event never shows the state before it),
 * publishes to this process's subscribers and wakes the other processes on the store.
 *
 * Appends that arrive while one is being written are written together in the next
 * transaction (group commit): one commit for many webhooks, which is what the
 * acknowledgement latency under load is made of. A batch that fails is written again
 * one delivery at a time, so one bad delivery fails only its own sender.
 * Retention (`prune`) is not scheduled here: it is a leader duty (app.ts), so replicas
 * sharing a store do not all delete the same rows.
 */
export interface EventServiceOptions {
  store: Store;
  logger: Logger;
  cache: VendorCache;
  retentionDays: number;
  dedupeHours: number;
  /** Live notices a subscriber may fall behind by. */
  subscriptionBuffer: number;
  now?: () => number;
}

/**
 * More writes made in the same transaction as an append (a poller's snapshot, the read
 * model), made before the events are appended: a function of the transaction, or an item
 * for a `BatchedWrites` (`batched(writes, item)`), written with the items of every other
 * call in the same commit that names the same `BatchedWrites`.
 */
export type AlsoInTransaction = ((tx: StoreTx) => Promise<void>) | { readonly writes: BatchedWrites<never>; readonly item: unknown };

/** Writes of many calls made at once: one `write` per commit with the items of all calls in it, in call order. */
export interface BatchedWrites<T> {
  write(tx: StoreTx, items: readonly T[]): Promise<void>;
}

export function batched<T>(writes: BatchedWrites<T>, item: T): AlsoInTransaction {
  return { writes: writes as BatchedWrites<never>, item };
}

/** Runs what the calls of one commit write beside their events: functions in call order, then each `BatchedWrites` once. */
async function writeAlso(tx: StoreTx, alsos: readonly (AlsoInTransaction | undefined)[]): Promise<void> {
  const groups = new Map<BatchedWrites<never>, unknown[]>();
  for (const also of alsos) {
    if (also === undefined) continue;
    if (typeof also === 'function') {
      await also(tx);
      continue;
    }
    let items = groups.get(also.writes);
    if (items === undefined) groups.set(also.writes, (items = []));
    items.push(also.item);
  }
  for (const [writes, items] of groups) await (writes as BatchedWrites<unknown>).write(tx, items);
}

export interface EventService {
  log: EventLog;
  bus: EventBus;
  subscriptionBuffer: number;
  /**
   * Appends deliveries (each once) together with `alsoInTransaction`, then invalidates
   * caches and publishes; resolves once this process's subscribers have been handed the
   * events. Rejects when the store cannot write or `alsoInTransaction` throws: nothing
   * of this call was recorded (other calls written in the same commit are unaffected).
   */
  record(deliveries: readonly Delivery[], alsoInTransaction?: AlsoInTransaction): Promise<AppendResult[]>;
  /** Keeps a delivery the gateway cannot interpret; false for a redelivery. */
  park(entry: ParkedWebhook): Promise<boolean>;
  /** Resolves once every event committed so far is published here. */
  settle(): Promise<void>;
  /** Deletes what is past retention (events, dedupe keys, parked deliveries); logs, never rejects. */
  prune(): Promise<void>;
  close(): void;
}

const HOUR_MILLIS = 3_600_000;

interface Pending {
  deliveries: readonly Delivery[];
  also: AlsoInTransaction | undefined;
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

export async function createEventService(options: EventServiceOptions): Promise<EventService> {
  const { logger, cache, store } = options;
  const log = createEventLog(store, options.now === undefined ? {} : { now: options.now });
  const bus = createEventBus(logger, await log.lastSeq());
  // Events from other processes drop this process's cached reads too, before any subscriber hears of them.
  // Not a bus listener: the bus counts its listeners as subscribers (/metrics).
  const invalidating: EventBus = {
    ...bus,
    publish(events) {
      for (const vendor of new Set(events.map((event) => event.vendor))) cache.invalidate(vendor);
      bus.publish(events);
    },
  };
  const tail: LogTail = createLogTail({ log, bus: invalidating, logger });
  /**
   * Notification payloads (the last seq) of this process's own commits: the commit path
   * publishes those itself, so their notification need not read the log. A notification
   * can arrive before that path runs (SQLite notifies in the commit's own turn, a Postgres
   * listener connection may be quicker than the committing one); reading then would
   * publish them a read later than they could be.
   */
  const own = new Set<string>();
  const stopListening = store.listen('rentgraph_events', (payload) => {
    if (own.delete(payload)) return;
    // A commit already published (ours, heard late) has nothing left to read; '' (a listener reconnected) always reads.
    if (payload !== '' && Number(payload) <= bus.publishedThrough()) return;
    tail.wake();
  });
  const retentionMillis = options.retentionDays * 24 * HOUR_MILLIS;
  const dedupeMillis = options.dedupeHours * HOUR_MILLIS;

  /**
   * Writes a batch in one transaction. Resolves with each entry's results, in order, and
   * a promise that settles once its events are published here.
   */
  const write = async (batch: readonly Pending[]): Promise<{ results: AppendResult[][]; published: Promise<void> }> => {
    const sent: { payload: string | null } = { payload: null };
    try {
      const results = await store.transaction(async (tx) => {
        // What each call writes beside its events first, then one append for the whole
        // batch (its statements are per batch, not per call). The append takes the log's
        // counter lock, which every appending transaction of every replica waits for until
        // this one commits: taken last, it is held for the append and the commit alone.
        await writeAlso(tx, batch.map((entry) => entry.also));
        const appended = await log.append(tx, batch.flatMap((entry) => entry.deliveries));
        const all: AppendResult[][] = [];
        let at = 0;
        for (const entry of batch) {
          all.push(appended.slice(at, (at += entry.deliveries.length)));
        }
        const last = all.flat().flatMap((result) => result.events).at(-1);
        if (last !== undefined) {
          sent.payload = String(last.seq);
          own.add(sent.payload);
          tx.notify('rentgraph_events', sent.payload);
        }
        return all;
      });
      const appended: StoredEvent[] = results.flat().flatMap((result) => result.events);
      for (const vendor of new Set(appended.map((event) => event.vendor))) cache.invalidate(vendor);
      const published = tail.committed(appended);
      // Its notification may come later (or never, across a listener reconnect); it is then ignored as published.
      if (sent.payload !== null) own.delete(sent.payload);
      return { results, published };
    } catch (error) {
      if (sent.payload !== null) own.delete(sent.payload);
      throw error;
    }
  };

  let queue: Pending[] = [];
  let writing = false;
  const flush = async (): Promise<void> => {
    writing = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      // Callers hear back once their events are published here; the next batch need not wait for that.
      try {
        const { results, published } = await write(batch);
        void published.then(() => batch.forEach((entry, i) => entry.resolve(results[i]!)));
      } catch (error) {
        if (batch.length === 1) {
          batch[0]!.reject(error);
          continue;
        }
        for (const entry of batch) {
          try {
            const { results, published } = await write([entry]);
            void published.then(() => entry.resolve(results[0]!));
          } catch (single) {
            entry.reject(single);
          }
        }
      }
    }
    writing = false;
  };

  const prune = async () => {
    try {
      const result = await log.prune(retentionMillis, dedupeMillis);
      if (result.events + result.dedupeKeys + result.parked > 0) logger.info({ pruned: result }, 'event log retention ran');
    } catch (error) {
      logger.error({ err: error }, 'event log retention failed; it runs again later');
    }
  };

  return {
    log,
    bus,
    subscriptionBuffer: options.subscriptionBuffer,
    record(deliveries, alsoInTransaction) {
      return new Promise<AppendResult[]>((resolve, reject) => {
        queue.push({ deliveries, also: alsoInTransaction, resolve, reject });
        // Calls made in the same turn of the event loop are written together (the requests
        // read in one poll of the sockets), and so are those that arrive while a write is in
        // flight. On SQLite a write never waits on I/O, so without waiting for the turn to end
        // every batch would hold one call.
        if (!writing) {
          writing = true;
          setImmediate(() => void flush());
        }
      });
    },
    park: (entry) => log.park(entry),
    settle: () => tail.settle(),
    prune,
    close() {
      stopListening();
      tail.close();
    },
  };
}
