import type { Logger } from 'pino';
import type { AuditEntryModel } from '../domain/models.js';
import { encodeId } from '../domain/ids.js';
import { isVendor, type Vendor } from '../domain/vendor.js';
import type { Store } from '../store/store.js';

/**
 * The audit log: one row per mutation and identity change, whatever its outcome, kept in
 * the store beside the rest of the state (table `audit_log`, append-only) for
 * RENTGRAPH_AUDIT_DAYS. Writing an entry never fails the operation it records: a failed
 * write is logged (without the entry's input) and the operation goes on.
 */
export type AuditOutcome =
  /** The operation did what was asked. */
  | 'OK'
  /** The client key lacks the scope the operation needs; nothing was sent to a vendor. */
  | 'FORBIDDEN'
  /** The gateway refused the input (or the operation) before any vendor write. */
  | 'REJECTED'
  /** The vendor refused the write (its validation, a record it does not know). */
  | 'VENDOR_REJECTED'
  /** The vendor failed, timed out or answered something unusable, or the gateway failed while the write was under way: the write may or may not have happened. */
  | 'VENDOR_FAILED';

export interface AuditRecord {
  /** The client key's name. */
  client: string;
  /** The mutation field's name (never its alias), e.g. "installLockbox". */
  operation: string;
  /** The arguments, already redacted (redaction.ts); null when they could not be read. */
  input: unknown;
  outcome: AuditOutcome;
  vendor: Vendor | null;
  vendorStatus: number | null;
  idempotencyKey: string | null;
}

export interface AuditFilter {
  client?: string | undefined;
  operation?: string | undefined;
  /** Entries at or after this instant (epoch millis). */
  fromMillis?: number | undefined;
  /** Entries before this instant (epoch millis). */
  toMillis?: number | undefined;
}

export interface AuditPage {
  entries: { position: number; entry: AuditEntryModel }[];
  hasNextPage: boolean;
}

export interface AuditLog {
  /** Appends an entry; resolves once it is stored or its failure logged, never rejects. */
  record(record: AuditRecord): Promise<void>;
  /** Newest first; `afterId` continues after that entry. */
  page(first: number, afterId: number | null, filter: AuditFilter): Promise<AuditPage>;
  count(filter: AuditFilter): Promise<number>;
  byId(id: number): Promise<AuditEntryModel | null>;
  /** Deletes entries older than the retention; returns how many. */
  prune(): Promise<number>;
  /**
   * prune, logging what it did or why it failed; never rejects. Retention is a leader
   * duty (app.ts), not scheduled here, so replicas sharing a store do not all run it.
   */
  pruneLogged(): Promise<void>;
}

export interface AuditLogOptions {
  store: Store;
  logger: Logger;
  retentionDays: number;
  now?: () => number;
}

const DAY_MILLIS = 86_400_000;

type Row = { id: number; at: number; client: string; operation: string; input: string | null; outcome: string; vendor: string | null; vendor_status: number | null; idempotency_key: string | null };

function modelOf(row: Row): AuditEntryModel {
  return {
    __typename: 'AuditEntry',
    id: encodeId('AuditEntry', String(row.id)),
    at: new Date(row.at).toISOString(),
    client: row.client,
    operation: row.operation,
    input: row.input === null ? null : (JSON.parse(row.input) as unknown),
    outcome: row.outcome,
    vendor: row.vendor !== null && isVendor(row.vendor) ? row.vendor : null,
    vendorStatus: row.vendor_status,
    idempotencyKey: row.idempotency_key,
  };
}

export async function createAuditLog(options: AuditLogOptions): Promise<AuditLog> {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const retentionMillis = options.retentionDays * DAY_MILLIS;

  const filtered = (filter: AuditFilter) => {
    let query = store.read.selectFrom('audit_log');
    if (filter.client !== undefined) query = query.where('client', '=', filter.client);
    if (filter.operation !== undefined) query = query.where('operation', '=', filter.operation);
    if (filter.fromMillis !== undefined) query = query.where('at', '>=', filter.fromMillis);
    if (filter.toMillis !== undefined) query = query.where('at', '<', filter.toMillis);
    return query;
  };

  const prune = async () => Number((await store.write.deleteFrom('audit_log').where('at', '<', now() - retentionMillis).executeTakeFirst()).numDeletedRows);
  const pruneLogged = async () => {
    try {
      const pruned = await prune();
      if (pruned > 0) logger.info({ pruned }, 'audit log retention ran');
    } catch (error) {
      logger.error({ err: error }, 'audit log retention failed; it runs again later');
    }
  };

  return {
    async record(record) {
      try {
        await store.write
          .insertInto('audit_log')
          .values({
            at: now(),
            client: record.client,
            operation: record.operation,
            input: record.input === null || record.input === undefined ? null : JSON.stringify(record.input),
            outcome: record.outcome,
            vendor: record.vendor,
            vendor_status: record.vendorStatus,
            idempotency_key: record.idempotencyKey,
          })
          .execute();
      } catch (error) {
        // The input stays out of the log line: redacted or not, it belongs in the audit log only.
        logger.error({ err: error, client: record.client, operation: record.operation, outcome: record.outcome }, 'could not write an audit log entry; the operation it records went on');
      }
    },
    async page(first, afterId, filter) {
      let query = filtered(filter).selectAll();
      if (afterId !== null) query = query.where('id', '<', afterId);
      const rows = (await query.orderBy('id', 'desc').limit(first + 1).execute()) as Row[];
      return { entries: rows.slice(0, first).map((row) => ({ position: row.id, entry: modelOf(row) })), hasNextPage: rows.length > first };
    },
    async count(filter) {
      const row = await filtered(filter).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async byId(id) {
      const row = (await store.read.selectFrom('audit_log').selectAll().where('id', '=', id).executeTakeFirst()) as Row | undefined;
      return row === undefined ? null : modelOf(row);
    },
    prune,
    pruneLogged,
  };
}
