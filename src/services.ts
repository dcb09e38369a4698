import type { Logger } from 'pino';
import type { Access } from './access/index.js';
import type { Config } from './config.js';
import type { Vendor } from './domain/vendor.js';
import type { EventService } from './events/service.js';
import type { IdentitySync } from './identity/sync.js';
import type { IdempotencyStore } from './idempotency/store.js';
import type { ReadModelSync } from './readmodel/read-model-sync.js';
import type { RecordWriter } from './readmodel/write-through.js';
import type { VendorCache } from './ports/cache.js';
import type { VendorSettings } from './ports/config.js';
import type { VendorConnection, VendorModule } from './ports/vendor-module.js';
import type { WebhookReceiver } from './ports/webhooks.js';
import type { GatewayPorts } from './request/ports.js';
import type { ReplicaRole } from './replicas/role.js';
import type { ResponseCache } from './cache/index.js';
import type { Store, StoreDialect } from './store/store.js';
import type { WebhookCounts } from './webhooks/outcomes.js';

/**
 * App-wide singletons shared by every request, built once at start by app.ts (the
 * composition root) and closed at stop. Requests never see this: they get the narrow
 * ports in `ports` through their scope (request/).
 */
export interface Services {
  config: Config;
  logger: Logger;
  store: Store;
  vendors: ConnectedVendors;
  /** Every vendor module's webhook receiver, connected or not (each refuses everything without its secret). */
  webhooks: readonly WebhookReceiver[];
  /** Cross-request cache of vendor reads; events invalidate it. */
  cache: VendorCache;
  /** The event log and live bus behind webhooks, polling and subscriptions. */
  events: EventService;
  /** Webhook deliveries by vendor and outcome, for /metrics. */
  webhookCounts: WebhookCounts;
  /** The unit identity index's sync (the read-model sync runs it after the records). */
  identity: IdentitySync;
  /**
   * The read-model sync (records → identity index → unit facts): startApp schedules it,
   * `npm run sync` runs it once.
   */
  readModel: ReadModelSync;
  /** Writes record changes learned outside a sync (webhooks, polls, mutations) in the caller's transaction. */
  records: RecordWriter;
  /** Idempotent writes: one store for every request, so concurrent duplicates make one vendor call. */
  idempotency: IdempotencyStore;
  /** Client keys and scopes, the audit log, client rate limits, trusted documents. */
  access: Access;
  /** What a request scope sees of all this. */
  ports: GatewayPorts;
  /** This replica's id and whether it leads the shared duties. */
  replica: ReplicaRole;
  /** Whole responses kept until something they read changes (src/cache/); null when RENTGRAPH_RESPONSE_CACHE_MB is 0. */
  responseCache: ResponseCache | null;
  /** What /readyz reports. */
  readiness(): Promise<Readiness>;
  close(): Promise<void>;
}

export interface Readiness {
  /** The checks: every one true = ready; a string says what is still to come. */
  checks: Record<string, boolean | string>;
  database: { engine: StoreDialect; reachable: boolean };
  /** This replica, and whether it runs the shared duties now (either way it serves). */
  replica: { id: string; leader: boolean };
}

/** The connected vendors, in precedence order. */
export interface ConnectedVendors {
  all(): readonly VendorConnection[];
  get(vendor: Vendor): VendorConnection | null;
  /** A module's own connection, with its client's type; null when that vendor is not connected. */
  of<C>(module: VendorModule<VendorSettings, C>): VendorConnection<C> | null;
  close(): Promise<void>;
}
