import type { Logger } from 'pino';
import type { AuditLog } from '../access/audit-log.js';
import type { LeasingEventModel, SourceRef, UnitRecord } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';
import type { StoredEvent } from '../events/types.js';
import type { IdempotencyStore } from '../idempotency/store.js';
import type { IdentityEdit } from '../identity/edits.js';
import type { VendorCache } from '../ports/cache.js';
import type { UnitDirectory } from '../ports/directory.js';
import type { CircuitStateName } from '../ports/health.js';
import type { RecordWrite } from '../ports/read-model.js';
import type { VendorConnection, VendorMode } from '../ports/vendor-module.js';
import type { VendorWrites } from '../ports/writes.js';
import type { Store } from '../store/store.js';
import type { ReadModelReads } from '../readmodel/reads.js';

/**
 * What a request sees of the gateway: narrow ports, one per need, built once by app.ts
 * (the composition root) and shared by every request scope. Resolvers reach the gateway
 * only through these and their request's scope (scope.ts), never through the services.
 */
export interface GatewayPorts {
  /** Per-request loaders, the deadline and degrading: settings every scope reads. */
  readonly requestTimeoutMillis: number;
  readonly batching: boolean;
  /** Connected vendors, in precedence order. */
  readonly vendors: readonly VendorConnection[];
  /** Every vendor module's writes, whether or not it is connected (an unconnected one answers FORBIDDEN). */
  readonly writers: readonly Writer[];
  /** The cross-request cache; a write drops its vendor's entries. */
  readonly cache: VendorCache;
  readonly identity: IdentityPort;
  readonly leasingEvents: LeasingEventReads;
  readonly feed: EventFeed;
  readonly idempotency: IdempotencyStore;
  /** Where every mutation is recorded (request/writes.ts) and auditLog reads. */
  readonly audit: AuditLog;
  /** The read model: stored vendor records, their facts and queries over them. */
  readonly readModel: ReadModelReads;
  /** For what vendor writes must remember (ports/writes.ts). */
  readonly store: Store;
  /** Writes record changes a mutation's answer carries into the read model, in one transaction. */
  readonly records: { write(writes: readonly RecordWrite[]): Promise<void> };
  readonly logger: Logger;
}

/** A vendor module's writes, and its connection when it has one. */
export interface Writer {
  readonly vendor: Vendor;
  /** The variable that connects it, for FORBIDDEN messages. */
  readonly baseUrlVariable: string;
  readonly writes: VendorWrites<unknown>;
  readonly connection: VendorConnection | null;
}

/** The identity index as requests use it. */
export interface IdentityPort {
  /** The index directory, once the index holds a completed sync; null before (a vendor's interim directory serves then). */
  directory(): UnitDirectory | null;
  /** Resolves once the index holds a completed sync (joining the one in flight, or starting one). */
  ready(): Promise<void>;
  /** Adds records a write just made (ports/writes.ts, `index`). */
  upsert(records: readonly UnitRecord[]): Promise<void>;
  /**
   * Stores an identity change and re-clusters the index with it at once (identity/edits.ts);
   * resolves with the record whose unit answers it, rejects with a client error when refused.
   */
  edit(edit: IdentityEdit, client: string): Promise<SourceRef>;
}

/** Leasing events as the log keeps them: the graph's only source of them. */
export interface LeasingEventReads {
  /** A prospect's leasing events, oldest first. */
  ofProspect(prospect: SourceRef): Promise<LeasingEventModel[]>;
  /** The latest version of one leasing event; null when the log has none (or it was deleted). */
  byRef(ref: SourceRef): Promise<LeasingEventModel | null>;
}

/** Subscriptions' view of the event log and bus. */
export interface EventFeed {
  /** Days of events kept, for messages about expired cursors. */
  readonly retentionDays: number;
  /** Notices a subscriber may fall behind by before it is closed. */
  readonly bufferLimit: number;
  /** Cursors at or below this seq point into what retention deleted. */
  prunedThrough(): Promise<number>;
  lastSeq(): Promise<number>;
  /** Replays after `afterSeq` (null: live only), then follows live events; see events/stream.ts. */
  open(options: FeedOptions): AsyncIterableIterator<StoredEvent>;
}

export interface FeedOptions {
  afterSeq: number | null;
  matches: (event: StoredEvent) => boolean;
  unitRefs: readonly SourceRef[] | null;
  onOverflow: () => void;
}

/** One vendor as Query.vendors shows it. */
export interface VendorStatus {
  vendor: Vendor;
  mode: VendorMode;
  circuit: CircuitStateName;
  healthy: boolean;
}
