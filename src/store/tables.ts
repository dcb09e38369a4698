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
  rate_limit_log: RateLimitLogTable;
  meta: MetaTable;
  identity_units: IdentityUnitsTable;
  identity_records: IdentityRecordsTable;
  identity_sync_state: IdentitySyncStateTable;
  identity_overrides: IdentityOverridesTable;
  identity_retired_units: IdentityRetiredUnitsTable;
  events: EventsTable;
  event_counter: EventCounterTable;
  event_dedupe: EventDedupeTable;
  parked_webhooks: ParkedWebhooksTable;
  poll_snapshots: PollSnapshotsTable;
  poll_sources: PollSourcesTable;
  idempotency_records: IdempotencyRecordsTable;
  audit_log: AuditLogTable;
  records: RecordsTable;
  record_links: RecordLinksTable;
  vendor_status: VendorStatusTable;
  leasing_history: LeasingHistoryTable;
  read_model_meta: MetaTable;
  unit_facts: UnitFactsTable;
  unit_search: UnitSearchTable;
  lease_facts: LeaseFactsTable;
  person_facts: PersonFactsTable;
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

export interface IdentityOverridesTable {
  vendor: string;
  external_id: string;
  /** 'link' or 'unlink' (src/identity/stored-overrides.ts). */
  kind: string;
  /** For a link: the group of records that are one unit. */
  link_group: string | null;
  /** The client key's name that made the change. */
  client: string;
  created_at: string;
}

export interface IdentityRetiredUnitsTable {
  /** A unit key no unit has any more: it was merged into `surviving_key`'s unit. */
  unit_key: string;
  surviving_key: string;
  retired_at: string;
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

/** Every vendor record the read model keeps (src/readmodel/records.ts). */
export interface RecordsTable {
  kind: string;
  vendor: string;
  external_id: string;
  model: string;
  raw: string | null;
  hash: string;
  unit_ref: string | null;
  parent_ref: string | null;
  resource: string;
  seen_run: number;
  synced_at: number;
  /** Epoch milliseconds: when this record last changed (its hash), as far as the gateway learned. */
  changed_at: number;
  vendor_updated_at: string | null;
}

export interface RecordLinksTable {
  link: string;
  from_ref: string;
  to_ref: string;
}

export interface VendorStatusTable {
  vendor: string;
  last_success_at: number | null;
  last_failure_at: number | null;
  last_error: string | null;
  last_full_sync_at: number | null;
}

export interface LeasingHistoryTable {
  vendor: string;
  external_id: string;
  occurred_at: string;
  stage: string;
  prospect_ref: string | null;
  unit_ref: string | null;
  model: string;
  recorded_at: number;
}

/** One row per unit: what units are filtered, ordered, counted and searched by (src/readmodel/unit-facts.ts). */
export interface UnitFactsTable {
  unit_key: string;
  country: string | null;
  city: string | null;
  postal_code: string | null;
  bedrooms: number | null;
  square_feet: number | null;
  rent_monthly: number | null;
  rent_currency: string | null;
  occupied: number | null;
  listed: number;
  active: number | null;
  address_sort: string;
  city_sort: string | null;
  updated_at: number;
  search: string;
}

/** SQLite only: the FTS5 index over unit_facts.search (Postgres indexes a tsvector column instead). */
export interface UnitSearchTable {
  unit_key: string;
  search: string;
}

/**
 * A lease's dates, for lease filters and orders (times in UTC ISO 8601, so text order is
 * time order), and the status its vendor states, if any: a status derived from the dates
 * is computed when read, against the clock (readmodel/fact-queries.ts).
 */
export interface LeaseFactsTable {
  vendor: string;
  external_id: string;
  unit_ref: string | null;
  starts_at: string | null;
  ends_at: string | null;
  move_in_at: string | null;
  move_out_at: string | null;
  status: string | null;
}

/** Tenants and prospects, normalized for lookups: name folded, email lower case, phone digits. */
export interface PersonFactsTable {
  kind: string;
  vendor: string;
  external_id: string;
  unit_ref: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  created_at: string | null;
  /** A prospect's stage: that of its latest leasing event, and when that happened. */
  stage: string | null;
  stage_at: string | null;
}

/** Requests started in a shared vendor window (src/store/shared-window.ts). */
export interface RateLimitLogTable {
  id: Generated<number>;
  name: string;
  at: number;
}
