/**
 * Schema migrations, applied in order, each once, by migrate.ts. Append only: never edit
 * or reorder a migration that has shipped; add a new one. Each is written for both
 * engines, so that a query means the same on both: flags are 0/1 integers, times epoch
 * milliseconds (BIGINT on Postgres) or ISO 8601 text, JSON is text, and text that is
 * sorted or compared for order uses byte order (Postgres `COLLATE "C"`, SQLite's default).
 */
export interface Migration {
  id: string;
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: '0001-meta',
    sqlite: `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
    postgres: `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  },
  {
    // The unit identity index (src/identity/index-store.ts). A record belongs to exactly one
    // unit, so membership is a column. No foreign key: the sync derives units from records
    // and writes both in one transaction, and checking each row tripled the first write.
    id: '0002-identity-index',
    sqlite: `
      CREATE TABLE identity_units (
        unit_key TEXT PRIMARY KEY,
        position TEXT NOT NULL UNIQUE,
        active INTEGER,
        created_at TEXT NOT NULL
      );
      CREATE TABLE identity_records (
        vendor TEXT NOT NULL,
        external_id TEXT NOT NULL,
        unit_key TEXT NOT NULL,
        match_keys TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        country TEXT,
        city TEXT,
        postal_code TEXT,
        active INTEGER,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (vendor, external_id)
      ) WITHOUT ROWID;
      CREATE INDEX identity_records_unit ON identity_records (unit_key, vendor);
      CREATE INDEX identity_records_city ON identity_records (city, unit_key);
      CREATE INDEX identity_records_postal ON identity_records (postal_code, unit_key);
      CREATE TABLE identity_sync_state (
        vendor TEXT PRIMARY KEY,
        watermark TEXT,
        last_read_at TEXT,
        last_full_read_at TEXT,
        last_success_at TEXT,
        last_error TEXT,
        last_read_count INTEGER NOT NULL DEFAULT 0,
        records INTEGER NOT NULL DEFAULT 0
      );
    `,
    postgres: `
      CREATE TABLE identity_units (
        unit_key TEXT COLLATE "C" PRIMARY KEY,
        position TEXT COLLATE "C" NOT NULL UNIQUE,
        active SMALLINT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE identity_records (
        vendor TEXT COLLATE "C" NOT NULL,
        external_id TEXT COLLATE "C" NOT NULL,
        unit_key TEXT COLLATE "C" NOT NULL,
        match_keys TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        country TEXT COLLATE "C",
        city TEXT COLLATE "C",
        postal_code TEXT COLLATE "C",
        active SMALLINT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (vendor, external_id)
      );
      CREATE INDEX identity_records_unit ON identity_records (unit_key, vendor);
      CREATE INDEX identity_records_city ON identity_records (city, unit_key);
      CREATE INDEX identity_records_postal ON identity_records (postal_code, unit_key);
      CREATE TABLE identity_sync_state (
        vendor TEXT PRIMARY KEY,
        watermark TEXT,
        last_read_at TEXT,
        last_full_read_at TEXT,
        last_success_at TEXT,
        last_error TEXT,
        last_read_count INTEGER NOT NULL DEFAULT 0,
        records INTEGER NOT NULL DEFAULT 0
      );
    `,
  },
  {
    // The event log (src/events/log.ts). AUTOINCREMENT so a seq is never reused, even
    // after retention deleted the newest rows: cursors are seqs. Times are epoch millis.
    id: '0003-events',
    sqlite: `
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        vendor TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        change_kind TEXT NOT NULL,
        external_id TEXT NOT NULL,
        unit_ref TEXT,
        prospect_ref TEXT,
        stage TEXT,
        node TEXT,
        previous TEXT,
        received_at INTEGER NOT NULL,
        dedupe_key TEXT NOT NULL
      );
      CREATE INDEX events_received ON events (received_at);
      CREATE INDEX events_unit ON events (unit_ref, seq) WHERE unit_ref IS NOT NULL;
      CREATE INDEX events_prospect ON events (prospect_ref, seq) WHERE prospect_ref IS NOT NULL;
      CREATE INDEX events_record ON events (entity_type, vendor, external_id, seq);
      CREATE TABLE event_dedupe (key TEXT PRIMARY KEY, seq INTEGER, received_at INTEGER NOT NULL);
      CREATE INDEX event_dedupe_received ON event_dedupe (received_at);
      CREATE TABLE parked_webhooks (
        id INTEGER PRIMARY KEY,
        vendor TEXT NOT NULL,
        reason TEXT NOT NULL,
        dedupe_key TEXT NOT NULL,
        body TEXT NOT NULL,
        received_at INTEGER NOT NULL
      );
      CREATE INDEX parked_webhooks_received ON parked_webhooks (received_at);
      CREATE TABLE poll_snapshots (source TEXT NOT NULL, key TEXT NOT NULL, hash TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (source, key)) WITHOUT ROWID;
      CREATE TABLE poll_sources (source TEXT PRIMARY KEY, baseline_at INTEGER NOT NULL);
    `,
    // No sequence for seq: 0005-event-counter gives seqs on both engines.
    postgres: `
      CREATE TABLE events (
        seq BIGINT PRIMARY KEY,
        vendor TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        change_kind TEXT NOT NULL,
        external_id TEXT NOT NULL,
        unit_ref TEXT,
        prospect_ref TEXT,
        stage TEXT,
        node TEXT,
        previous TEXT,
        received_at BIGINT NOT NULL,
        dedupe_key TEXT NOT NULL
      );
      CREATE INDEX events_received ON events (received_at);
      CREATE INDEX events_unit ON events (unit_ref, seq) WHERE unit_ref IS NOT NULL;
      CREATE INDEX events_prospect ON events (prospect_ref, seq) WHERE prospect_ref IS NOT NULL;
      CREATE INDEX events_record ON events (entity_type, vendor, external_id, seq);
      CREATE TABLE event_dedupe (key TEXT PRIMARY KEY, seq BIGINT, received_at BIGINT NOT NULL);
      CREATE INDEX event_dedupe_received ON event_dedupe (received_at);
      CREATE TABLE parked_webhooks (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        vendor TEXT NOT NULL,
        reason TEXT NOT NULL,
        dedupe_key TEXT NOT NULL,
        body TEXT NOT NULL,
        received_at BIGINT NOT NULL
      );
      CREATE INDEX parked_webhooks_received ON parked_webhooks (received_at);
      CREATE TABLE poll_snapshots (source TEXT NOT NULL, key TEXT NOT NULL, hash TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (source, key));
      CREATE TABLE poll_sources (source TEXT PRIMARY KEY, baseline_at BIGINT NOT NULL);
    `,
  },
  {
    // Idempotent writes (src/idempotency/store.ts): one row per (client key, mutation field),
    // kept 24 hours. `fingerprint` is a hash of the field name and its arguments, so a key
    // reused for a different request is refused. Times are epoch millis.
    // Leasey's write UUIDs (src/resolvers/mutations/listings.ts): its reports know a property
    // only by the integer Property_ID, while PUT /properties/{id} is documented for the UUID
    // POST returned; the gateway keeps the pair for the properties it created.
    id: '0004-writes',
    sqlite: `
      CREATE TABLE idempotency_records (
        key TEXT NOT NULL,
        field TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        result TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (key, field)
      ) WITHOUT ROWID;
      CREATE INDEX idempotency_records_created ON idempotency_records (created_at);
      CREATE TABLE leasey_property_uuids (
        property_id TEXT PRIMARY KEY,
        uuid TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
    postgres: `
      CREATE TABLE idempotency_records (
        key TEXT NOT NULL,
        field TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        result TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (key, field)
      );
      CREATE INDEX idempotency_records_created ON idempotency_records (created_at);
      CREATE TABLE leasey_property_uuids (
        property_id TEXT PRIMARY KEY,
        uuid TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
    `,
  },
  {
    // Identity index: the rule that joined each record to its unit (SourceRecord.matchedBy) and
    // whether the record's country was stated by its vendor or inferred by the identity rules.
    id: '0005-identity-matched-by',
    sqlite: `
      ALTER TABLE identity_records ADD COLUMN matched_by TEXT;
      ALTER TABLE identity_records ADD COLUMN country_source TEXT;
    `,
    postgres: `
      ALTER TABLE identity_records ADD COLUMN matched_by TEXT;
      ALTER TABLE identity_records ADD COLUMN country_source TEXT;
    `,
  },
  {
    // Seqs come from one counter row. An append takes its seqs with
    // `UPDATE event_counter SET last_seq = last_seq + n ... RETURNING` and holds that row's
    // lock until it commits, so appends commit in seq order on every engine. Without it
    // (a Postgres sequence, SQLite AUTOINCREMENT across processes) a seq taken by one
    // transaction can commit after a higher one is already visible, and a reader that
    // follows `seq > last seen` would skip it for ever. The counter starts where
    // AUTOINCREMENT left off, so existing cursors stay valid.
    id: '0006-event-counter',
    sqlite: `
      CREATE TABLE event_counter (id INTEGER PRIMARY KEY CHECK (id = 1), last_seq INTEGER NOT NULL);
      INSERT INTO event_counter (id, last_seq) VALUES (1, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0));
    `,
    postgres: `
      CREATE TABLE event_counter (id SMALLINT PRIMARY KEY CHECK (id = 1), last_seq BIGINT NOT NULL);
      INSERT INTO event_counter (id, last_seq) VALUES (1, 0);
    `,
  },
  {
    // The audit log (src/access/audit-log.ts): every mutation and identity change, whatever
    // its outcome. Append-only: a trigger refuses every UPDATE, and rows leave only by
    // retention (RENTGRAPH_AUDIT_DAYS). Pages run newest first by id; `at` is epoch millis.
    id: '0007-audit-log',
    sqlite: `
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        client TEXT NOT NULL,
        operation TEXT NOT NULL,
        input TEXT,
        outcome TEXT NOT NULL,
        vendor TEXT,
        vendor_status INTEGER,
        idempotency_key TEXT
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE INDEX audit_log_client ON audit_log (client, id);
      CREATE INDEX audit_log_operation ON audit_log (operation, id);
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: its rows are never changed'); END;
    `,
    postgres: `
      CREATE TABLE audit_log (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at BIGINT NOT NULL,
        client TEXT COLLATE "C" NOT NULL,
        operation TEXT COLLATE "C" NOT NULL,
        input TEXT,
        outcome TEXT NOT NULL,
        vendor TEXT,
        vendor_status INTEGER,
        idempotency_key TEXT
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE INDEX audit_log_client ON audit_log (client, id);
      CREATE INDEX audit_log_operation ON audit_log (operation, id);
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only: its rows are never changed'; END $$;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    `,
  },
  {
    // The read model (src/readmodel/): every vendor record the gateway lists, as its mapped
    // model and its raw payload, with where it belongs (unit_ref, parent_ref), which vendor
    // resource wrote it and which sync run last saw it (a complete read sweeps the rest).
    // record_links holds the many-to-many ones (a lease's tenants). vendor_status says when
    // each vendor was last refreshed and last failed, which is what `stale` means.
    // leasing_history keeps leasing events for RENTGRAPH_HISTORY_DAYS, apart from the event log.
    id: '0008-read-model',
    sqlite: `
      CREATE TABLE records (
        kind TEXT NOT NULL,
        vendor TEXT NOT NULL,
        external_id TEXT NOT NULL,
        model TEXT NOT NULL,
        raw TEXT,
        hash TEXT NOT NULL,
        unit_ref TEXT,
        parent_ref TEXT,
        resource TEXT NOT NULL,
        seen_run INTEGER NOT NULL,
        synced_at INTEGER NOT NULL,
        changed_at INTEGER NOT NULL,
        vendor_updated_at TEXT,
        PRIMARY KEY (kind, vendor, external_id)
      ) WITHOUT ROWID;
      CREATE INDEX records_unit ON records (kind, unit_ref) WHERE unit_ref IS NOT NULL;
      CREATE INDEX records_parent ON records (kind, parent_ref) WHERE parent_ref IS NOT NULL;
      CREATE INDEX records_resource ON records (resource, seen_run);
      CREATE TABLE record_links (
        link TEXT NOT NULL,
        from_ref TEXT NOT NULL,
        to_ref TEXT NOT NULL,
        PRIMARY KEY (link, from_ref, to_ref)
      ) WITHOUT ROWID;
      CREATE INDEX record_links_to ON record_links (link, to_ref);
      CREATE TABLE vendor_status (
        vendor TEXT PRIMARY KEY,
        last_success_at INTEGER,
        last_failure_at INTEGER,
        last_error TEXT,
        last_full_sync_at INTEGER
      );
      CREATE TABLE leasing_history (
        vendor TEXT NOT NULL,
        external_id TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        stage TEXT NOT NULL,
        prospect_ref TEXT,
        unit_ref TEXT,
        model TEXT NOT NULL,
        recorded_at INTEGER NOT NULL,
        PRIMARY KEY (vendor, external_id)
      ) WITHOUT ROWID;
      CREATE INDEX leasing_history_occurred ON leasing_history (occurred_at, vendor, external_id);
      CREATE INDEX leasing_history_unit ON leasing_history (unit_ref, occurred_at) WHERE unit_ref IS NOT NULL;
      CREATE INDEX leasing_history_prospect ON leasing_history (prospect_ref, occurred_at) WHERE prospect_ref IS NOT NULL;
      CREATE TABLE read_model_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE unit_facts (
        unit_key TEXT PRIMARY KEY,
        country TEXT,
        city TEXT,
        postal_code TEXT,
        bedrooms REAL,
        square_feet INTEGER,
        rent_monthly REAL,
        rent_currency TEXT,
        occupied INTEGER,
        listed INTEGER NOT NULL,
        active INTEGER,
        address_sort TEXT NOT NULL,
        city_sort TEXT,
        updated_at INTEGER NOT NULL,
        search TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX unit_facts_rent ON unit_facts (rent_monthly, unit_key);
      CREATE INDEX unit_facts_address ON unit_facts (address_sort, unit_key);
      CREATE INDEX unit_facts_updated ON unit_facts (updated_at, unit_key);
      CREATE VIRTUAL TABLE unit_search USING fts5(unit_key UNINDEXED, search, tokenize = 'unicode61 remove_diacritics 2');
      CREATE TABLE lease_facts (
        vendor TEXT NOT NULL,
        external_id TEXT NOT NULL,
        unit_ref TEXT,
        starts_at TEXT,
        ends_at TEXT,
        move_in_at TEXT,
        move_out_at TEXT,
        status TEXT,
        PRIMARY KEY (vendor, external_id)
      ) WITHOUT ROWID;
      CREATE INDEX lease_facts_unit ON lease_facts (unit_ref);
      CREATE INDEX lease_facts_starts ON lease_facts (starts_at);
      CREATE INDEX lease_facts_ends ON lease_facts (ends_at);
      CREATE TABLE person_facts (
        kind TEXT NOT NULL,
        vendor TEXT NOT NULL,
        external_id TEXT NOT NULL,
        unit_ref TEXT,
        name TEXT,
        email TEXT,
        phone TEXT,
        created_at TEXT,
        stage TEXT,
        stage_at TEXT,
        PRIMARY KEY (kind, vendor, external_id)
      ) WITHOUT ROWID;
      CREATE INDEX person_facts_email ON person_facts (email, kind);
      CREATE INDEX person_facts_phone ON person_facts (phone, kind);
      CREATE INDEX person_facts_created ON person_facts (kind, created_at);
    `,
    postgres: `
      CREATE TABLE records (
        kind TEXT COLLATE "C" NOT NULL,
        vendor TEXT COLLATE "C" NOT NULL,
        external_id TEXT COLLATE "C" NOT NULL,
        model TEXT NOT NULL,
        raw TEXT,
        hash TEXT NOT NULL,
        unit_ref TEXT COLLATE "C",
        parent_ref TEXT COLLATE "C",
        resource TEXT COLLATE "C" NOT NULL,
        seen_run BIGINT NOT NULL,
        synced_at BIGINT NOT NULL,
        changed_at BIGINT NOT NULL,
        vendor_updated_at TEXT,
        PRIMARY KEY (kind, vendor, external_id)
      );
      CREATE INDEX records_unit ON records (kind, unit_ref) WHERE unit_ref IS NOT NULL;
      CREATE INDEX records_parent ON records (kind, parent_ref) WHERE parent_ref IS NOT NULL;
      CREATE INDEX records_resource ON records (resource, seen_run);
      CREATE TABLE record_links (
        link TEXT COLLATE "C" NOT NULL,
        from_ref TEXT COLLATE "C" NOT NULL,
        to_ref TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (link, from_ref, to_ref)
      );
      CREATE INDEX record_links_to ON record_links (link, to_ref);
      CREATE TABLE vendor_status (
        vendor TEXT PRIMARY KEY,
        last_success_at BIGINT,
        last_failure_at BIGINT,
        last_error TEXT,
        last_full_sync_at BIGINT
      );
      CREATE TABLE leasing_history (
        vendor TEXT COLLATE "C" NOT NULL,
        external_id TEXT COLLATE "C" NOT NULL,
        occurred_at TEXT COLLATE "C" NOT NULL,
        stage TEXT NOT NULL,
        prospect_ref TEXT COLLATE "C",
        unit_ref TEXT COLLATE "C",
        model TEXT NOT NULL,
        recorded_at BIGINT NOT NULL,
        PRIMARY KEY (vendor, external_id)
      );
      CREATE INDEX leasing_history_occurred ON leasing_history (occurred_at, vendor, external_id);
      CREATE INDEX leasing_history_unit ON leasing_history (unit_ref, occurred_at) WHERE unit_ref IS NOT NULL;
      CREATE INDEX leasing_history_prospect ON leasing_history (prospect_ref, occurred_at) WHERE prospect_ref IS NOT NULL;
      CREATE TABLE read_model_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE unit_facts (
        unit_key TEXT COLLATE "C" PRIMARY KEY,
        country TEXT COLLATE "C",
        city TEXT COLLATE "C",
        postal_code TEXT COLLATE "C",
        bedrooms DOUBLE PRECISION,
        square_feet INTEGER,
        rent_monthly DOUBLE PRECISION,
        rent_currency TEXT,
        occupied SMALLINT,
        listed SMALLINT NOT NULL,
        active SMALLINT,
        address_sort TEXT COLLATE "C" NOT NULL,
        city_sort TEXT COLLATE "C",
        updated_at BIGINT NOT NULL,
        search TEXT NOT NULL,
        search_tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', search)) STORED
      );
      CREATE INDEX unit_facts_rent ON unit_facts (rent_monthly, unit_key);
      CREATE INDEX unit_facts_address ON unit_facts (address_sort, unit_key);
      CREATE INDEX unit_facts_updated ON unit_facts (updated_at, unit_key);
      CREATE INDEX unit_facts_search ON unit_facts USING GIN (search_tsv);
      CREATE TABLE lease_facts (
        vendor TEXT COLLATE "C" NOT NULL,
        external_id TEXT COLLATE "C" NOT NULL,
        unit_ref TEXT COLLATE "C",
        starts_at TEXT COLLATE "C",
        ends_at TEXT COLLATE "C",
        move_in_at TEXT COLLATE "C",
        move_out_at TEXT COLLATE "C",
        status TEXT,
        PRIMARY KEY (vendor, external_id)
      );
      CREATE INDEX lease_facts_unit ON lease_facts (unit_ref);
      CREATE INDEX lease_facts_starts ON lease_facts (starts_at);
      CREATE INDEX lease_facts_ends ON lease_facts (ends_at);
      CREATE TABLE person_facts (
        kind TEXT COLLATE "C" NOT NULL,
        vendor TEXT COLLATE "C" NOT NULL,
        external_id TEXT COLLATE "C" NOT NULL,
        unit_ref TEXT COLLATE "C",
        name TEXT COLLATE "C",
        email TEXT COLLATE "C",
        phone TEXT COLLATE "C",
        created_at TEXT COLLATE "C",
        stage TEXT,
        stage_at TEXT COLLATE "C",
        PRIMARY KEY (kind, vendor, external_id)
      );
      CREATE INDEX person_facts_email ON person_facts (email, kind);
      CREATE INDEX person_facts_phone ON person_facts (phone, kind);
      CREATE INDEX person_facts_created ON person_facts (kind, created_at);
    `,
  },
  {
    // Vendor rate limits shared by every process on the store (src/store/shared-window.ts):
    // one row per request started in a vendor's window, so that several replicas together
    // never start more than the vendor allows.
    id: '0009-shared-rate-limits',
    sqlite: `
      CREATE TABLE rate_limit_log (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX rate_limit_log_name ON rate_limit_log (name, at);
    `,
    postgres: `
      CREATE TABLE rate_limit_log (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name TEXT NOT NULL,
        at BIGINT NOT NULL
      );
      CREATE INDEX rate_limit_log_name ON rate_limit_log (name, at);
    `,
  },
  {
    // Identity overrides made through the graph (src/identity/stored-overrides.ts): one row
    // per record, a link (with the group of records it is one unit with) or an unlink,
    // written in the transaction that re-clusters the index. identity_retired_units keeps
    // the keys of units merged away, each with the key of the unit that holds their
    // records now, so their global ids still resolve (src/identity/index-directory.ts).
    id: '0010-identity-overrides',
    sqlite: `
      CREATE TABLE identity_overrides (
        vendor TEXT NOT NULL,
        external_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('link', 'unlink')),
        link_group TEXT,
        client TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (vendor, external_id)
      );
      CREATE TABLE identity_retired_units (
        unit_key TEXT PRIMARY KEY,
        surviving_key TEXT NOT NULL,
        retired_at TEXT NOT NULL
      );
      CREATE INDEX identity_retired_units_surviving ON identity_retired_units (surviving_key);
    `,
    postgres: `
      CREATE TABLE identity_overrides (
        vendor TEXT COLLATE "C" NOT NULL,
        external_id TEXT COLLATE "C" NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('link', 'unlink')),
        link_group TEXT COLLATE "C",
        client TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (vendor, external_id)
      );
      CREATE TABLE identity_retired_units (
        unit_key TEXT COLLATE "C" PRIMARY KEY,
        surviving_key TEXT COLLATE "C" NOT NULL,
        retired_at TEXT NOT NULL
      );
      CREATE INDEX identity_retired_units_surviving ON identity_retired_units (surviving_key);
    `,
  },
  {
    // lease_facts.status held the status the dates gave when the lease was written, which
    // the clock overtakes; it now holds only a status the vendor states (none does yet), and
    // the rest is derived from the dates when read. Every stored value was derived.
    id: '0011-lease-status-stated',
    sqlite: `UPDATE lease_facts SET status = NULL;`,
    postgres: `UPDATE lease_facts SET status = NULL;`,
  },
  {
    // SQLite: records becomes a rowid table with its small columns first and the model and
    // raw payload last. A WITHOUT ROWID table keeps whole rows in its key's b-tree, where a
    // row over about 1 KB spills into overflow pages; and a column after the payloads can
    // be read only by walking their overflow pages. Now a hash lookup or a sweep reads no
    // payload, and a read of the model stops before the raw payload (Postgres keeps large
    // values out of line, TOAST). On both, the unit and parent indexes end in vendor and id,
    // so records by unit or parent come in the order asked for without a sort (without
    // them SQLite answered by reading every record of the kind).
    id: '0012-records-payloads-last',
    sqlite: `
      CREATE TABLE records_next (
        kind TEXT NOT NULL,
        vendor TEXT NOT NULL,
        external_id TEXT NOT NULL,
        hash TEXT NOT NULL,
        unit_ref TEXT,
        parent_ref TEXT,
        resource TEXT NOT NULL,
        seen_run INTEGER NOT NULL,
        synced_at INTEGER NOT NULL,
        changed_at INTEGER NOT NULL,
        vendor_updated_at TEXT,
        model TEXT NOT NULL,
        raw TEXT,
        PRIMARY KEY (kind, vendor, external_id)
      );
      INSERT INTO records_next (kind, vendor, external_id, hash, unit_ref, parent_ref, resource, seen_run, synced_at, changed_at, vendor_updated_at, model, raw)
        SELECT kind, vendor, external_id, hash, unit_ref, parent_ref, resource, seen_run, synced_at, changed_at, vendor_updated_at, model, raw FROM records;
      DROP TABLE records;
      ALTER TABLE records_next RENAME TO records;
      CREATE INDEX records_unit ON records (kind, unit_ref, vendor, external_id) WHERE unit_ref IS NOT NULL;
      CREATE INDEX records_parent ON records (kind, parent_ref, vendor, external_id) WHERE parent_ref IS NOT NULL;
      CREATE INDEX records_resource ON records (resource, seen_run);
    `,
    postgres: `
      DROP INDEX records_unit;
      DROP INDEX records_parent;
      CREATE INDEX records_unit ON records (kind, unit_ref, vendor, external_id) WHERE unit_ref IS NOT NULL;
      CREATE INDEX records_parent ON records (kind, parent_ref, vendor, external_id) WHERE parent_ref IS NOT NULL;
    `,
  },
  {
    // Units ordered by rent put the units without one last, ORDER BY (rent_monthly IS NULL),
    // rent_monthly, unit_key (keyset.ts), which unit_facts_rent cannot give: every match was
    // sorted. Indexed on the same expressions, a page walks units in rent order and stops
    // after its 51st match; a search probes each unit against its matches as it goes.
    // SQLite: a count of a search looks up each match's facts by key, in rows that hold the
    // search text; unit_facts_key_rent answers a rent filter from a narrow index instead.
    id: '0013-unit-facts-rent-order',
    sqlite: `
      CREATE INDEX unit_facts_rent_order ON unit_facts ((rent_monthly IS NULL), rent_monthly, unit_key);
      CREATE INDEX unit_facts_key_rent ON unit_facts (unit_key, rent_monthly);
    `,
    postgres: `CREATE INDEX unit_facts_rent_order ON unit_facts ((rent_monthly IS NULL), rent_monthly, unit_key);`,
  },
];
