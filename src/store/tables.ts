import type { Generated } from 'kysely';

/**
 * The store's tables as Kysely sees them: one interface per table, columns typed as
 * both engines return them. Flags are 0/1 integers and times epoch milliseconds or ISO
 * 8601 text in both engines, and JSON is text, so a query means the same on SQLite and
 * Postgres (BIGINT columns come back as numbers: see postgres-store.ts).
 * Kept in step with migrations.ts; a column added there is added here. A table only
 * one vendor module uses is declared by that module (augmenting this interface), so the
 * store names no vendor.
 */
export interface Tables {
  meta: MetaTable;
  identity_units: IdentityUnitsTable;
  identity_records: IdentityRecordsTable;
  identity_sync_state: IdentitySyncStateTable;
  events: EventsTable;
  event_counter: EventCounterTable;
  event_dedupe: EventDedupeTable;
  parked_webhooks: ParkedWebhooksTable;
  poll_snapshots: PollSnapshotsTable;
  poll_sources: PollSourcesTable;
  idempotency_records: IdempotencyRecordsTable;
  audit_log: AuditLogTable;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface IdentityUnitsTable {
  unit_key: string;
  position: string;
  active: number | null;
  created_at: string;
}

export interface IdentityRecordsTable {
  vendor: string;
  external_id: string;
  unit_key: string;
  match_keys: string;
  fingerprint: string;
  country: string | null;
  /** 'stated' by the vendor or 'inferred' by the rules (src/identity/country.ts). */
  country_source: string | null;
  /** The identity rule or override that joined this record to its unit. */
  matched_by: string | null;
  city: string | null;
  postal_code: string | null;
  active: number | null;
  updated_at: string;
}

export interface IdentitySyncStateTable {
  vendor: string;
  watermark: string | null;
  last_read_at: string | null;
  last_full_read_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_read_count: number;
  records: number;
}

export interface EventsTable {
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

/** One row: the last seq given. Taking seqs from it is what orders appends (see migrations.ts). */
export interface EventCounterTable {
  id: number;
  last_seq: number;
}

export interface EventDedupeTable {
  key: string;
  seq: number | null;
  received_at: number;
}

export interface ParkedWebhooksTable {
  id: Generated<number>;
  vendor: string;
  reason: string;
  dedupe_key: string;
  body: string;
  received_at: number;
}

export interface PollSnapshotsTable {
  source: string;
  key: string;
  hash: string;
  record: string;
}

export interface PollSourcesTable {
  source: string;
  baseline_at: number;
}

export interface IdempotencyRecordsTable {
  key: string;
  field: string;
  fingerprint: string;
  result: string;
  created_at: number;
}

/** Append-only (an UPDATE is refused by a trigger); see src/access/audit-log.ts. */
export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  /** The client key's name, never the key. */
  client: string;
  operation: string;
  /** JSON of the redacted arguments; null when they could not be read. */
  input: string | null;
  outcome: string;
  vendor: string | null;
  vendor_status: number | null;
  idempotency_key: string | null;
}
