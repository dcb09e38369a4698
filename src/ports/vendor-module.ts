import type { Logger } from 'pino';
import type { Vendor } from '../domain/vendor.js';
import type { SharedWindow, Store } from '../store/store.js';
import type { LoaderOptions } from './batching.js';
import type { VendorCache } from './cache.js';
import type { VendorConfig, VendorSettings } from './config.js';
import type { VendorLink } from './health.js';
import type { EventHistory } from './history.js';
import type { PollContext, PollGroup } from './polling.js';
import type { ResourceSource } from './read-model.js';
import type { VendorReads } from './reads.js';
import type { WebhookReceiver } from './webhooks.js';
import type { VendorWrites } from './writes.js';

/**
 * One vendor, whole: everything the gateway knows of a vendor is reached through its
 * module (src/vendors/<vendor>/index.ts), and the registry (src/vendors/registry.ts) is
 * the one list of them. A module declares its variables, connects a client when it is
 * configured, and offers what it has: reads by domain, its unit records for the identity
 * index, a webhook receiver, change pollers, writes.
 *
 * `S` is its settings, `C` its client (what its writes and tests use). Members taking
 * them are methods, so a module fits the registry's list of modules over any settings
 * and client; the registry only hands a module its own settings and connection.
 */
export interface VendorModule<S extends VendorSettings = VendorSettings, C = unknown> {
  readonly vendor: Vendor;
  readonly config: VendorConfig<S>;
  /** Connects a configured vendor (its settings carry a base URL: the vendor's, or its simulator's). */
  connect(settings: S & { baseUrl: string }, deps: VendorDeps): VendorConnection<C>;
  /**
   * Its webhook route (/webhooks/<path>), from its settings alone: the route answers
   * whether or not the vendor is connected, and refuses every delivery while no secret is set.
   */
  webhook?(settings: S): WebhookReceiver;
  readonly writes?: VendorWrites<C>;
}

export type VendorMode = 'LIVE' | 'SIMULATED';

/** What the gateway hands a module when it connects it. */
export interface VendorDeps {
  mode: VendorMode;
  logger: Logger;
  /** Every configured secret, never to appear in a log line or an error. */
  secrets: readonly string[];
  /** False only for a benchmark baseline: nothing is shared, so the N+1 cost reaches the vendor. */
  batching: boolean;
  /** The cross-request cache events invalidate, for reads a vendor asks clients to keep. */
  cache: VendorCache;
  /** The event log, for records a vendor announces only by webhook. */
  history: EventHistory;
  store: Store;
  /** With a store shared by replicas, where vendor rate limits are counted for all of them; null = each process counts its own. */
  sharedWindow: SharedWindow | null;
}

/**
 * A connected vendor.
 *
 * Its records: `resources`, every list the vendor offers, which the read model's sync
 * reads into the store (each the whole set or, where the vendor can, what changed since
 * a watermark); the identity index reads the unit records among them from the store.
 */
export interface VendorConnection<C = unknown> {
  readonly vendor: Vendor;
  readonly mode: VendorMode;
  readonly link: VendorLink;
  readonly client: C;
  /** Fresh per-request loaders over this vendor, within `options.deadline`. */
  reads(options: LoaderOptions): VendorReads;
  /** Every listable resource of the vendor, in the order a sync reads them (ports/read-model.ts). */
  readonly resources: readonly ResourceSource[];
  /** Change polling for what the vendor announces by no webhook (or to back its webhooks up). */
  pollers?(context: PollContext): PollGroup[];
}
