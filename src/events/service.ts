import type { Logger } from 'pino';
import type { VendorCache } from '../cache/ttl-cache.js';
import type { Vendor } from '../domain/vendor.js';
import type { Store } from '../store/sqlite.js';
import { createEventBus, type EventBus } from './bus.js';
import { createEventLog, type AppendResult, type EventLog, type ParkedWebhook } from './log.js';
import type { Delivery } from './types.js';

/**
 * The gateway's events: the durable log, the live bus, and the one path that writes
 * to them. `record` appends, and only after the commit drops the vendor's cached reads
 * (so a query after an event never shows the state before it) and publishes to
 * subscribers. Retention runs at start and then every `pruneEveryMillis`.
 */
export type WebhookOutcome = 'accepted' | 'duplicate' | 'parked' | 'rejected' | 'malformed' | 'unavailable';
export const WEBHOOK_OUTCOMES: readonly WebhookOutcome[] = ['accepted', 'duplicate', 'parked', 'rejected', 'malformed', 'unavailable'];

export interface EventServiceOptions {
  store: Store;
  logger: Logger;
  cache: VendorCache;
  retentionDays: number;
  dedupeHours: number;
  /** Live notices a subscriber may fall behind by. */
  subscriptionBuffer: number;
  /** Default one hour; 0 = only at start. */
  pruneEveryMillis?: number;
  now?: () => number;
}

export interface EventService {
  log: EventLog;
  bus: EventBus;
  subscriptionBuffer: number;
  /** Appends deliveries (each once), then invalidates caches and publishes. Throws when the store cannot write. */
  record(deliveries: readonly Delivery[], alsoInTransaction?: () => void): AppendResult[];
  /** Keeps a delivery the gateway cannot interpret; false for a redelivery. */
  park(entry: ParkedWebhook): boolean;
  /** Counts a webhook outcome for /metrics. */
  count(vendor: Vendor, outcome: WebhookOutcome): void;
  /** Webhook outcomes by vendor since start. */
  counts(): ReadonlyMap<Vendor, Readonly<Record<WebhookOutcome, number>>>;
  prune(): void;
  close(): void;
}

const HOUR_MILLIS = 3_600_000;

export function createEventService(options: EventServiceOptions): EventService {
  const { logger, cache } = options;
  const log = createEventLog(options.store, options.now === undefined ? {} : { now: options.now });
  const bus = createEventBus(logger);
  const counts = new Map<Vendor, Record<WebhookOutcome, number>>();
  const retentionMillis = options.retentionDays * 24 * HOUR_MILLIS;
  const dedupeMillis = options.dedupeHours * HOUR_MILLIS;

  const prune = () => {
    try {
      const result = log.prune(retentionMillis, dedupeMillis);
      if (result.events + result.dedupeKeys + result.parked > 0) logger.info({ pruned: result }, 'event log retention ran');
    } catch (error) {
      logger.error({ err: error }, 'event log retention failed; it runs again later');
    }
  };
  prune();
  const pruneEvery = options.pruneEveryMillis ?? HOUR_MILLIS;
  const timer = pruneEvery > 0 ? setInterval(prune, pruneEvery) : null;
  timer?.unref();

  return {
    log,
    bus,
    subscriptionBuffer: options.subscriptionBuffer,
    record(deliveries, alsoInTransaction) {
      const results = log.append(deliveries, alsoInTransaction);
      const appended = results.flatMap((result) => result.events);
      for (const vendor of new Set(appended.map((event) => event.vendor))) cache.invalidate(vendor);
      bus.publish(appended);
      return results;
    },
    park: (entry) => log.park(entry),
    count(vendor, outcome) {
      let byOutcome = counts.get(vendor);
      if (byOutcome === undefined) {
        byOutcome = { accepted: 0, duplicate: 0, parked: 0, rejected: 0, malformed: 0, unavailable: 0 };
        counts.set(vendor, byOutcome);
      }
      byOutcome[outcome]++;
    },
    counts: () => counts,
    prune,
    close() {
      if (timer !== null) clearInterval(timer);
    },
  };
}
