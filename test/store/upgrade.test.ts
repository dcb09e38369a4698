import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openEventStream } from '../../src/events/stream.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { createRecordStore } from '../../src/readmodel/records.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { leasingEvent, openEvents } from '../events/events.fixture.js';

/**
 * A database made by the releases before the asynchronous store: migrations 0001–0004
 * applied one transaction each by the synchronous better-sqlite3 store (their SQL is
 * the `sqlite` text of those migrations, unchanged since), events appended with
 * AUTOINCREMENT seqs, and retention already run once.
 */
function previousReleaseDatabase(path: string): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = MIGRATIONS.slice(0, 4);
  expect(applied.map((m) => m.id)).toEqual(['0001-meta', '0002-identity-index', '0003-events', '0004-writes']);
  for (const migration of applied) {
    db.transaction(() => {
      db.exec(migration.sqlite);
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(migration.id, '2026-11-01T00:00:00.000Z');
    })();
  }
  const insert = db.prepare(`INSERT INTO events (vendor, entity_type, change_kind, external_id, unit_ref, prospect_ref, stage, node, previous, received_at, dedupe_key)
    VALUES ('RENTENGINE', 'LEASING_EVENT', 'CREATED', ?, 'RENTENGINE:3318', 'RENTENGINE:55', 'NEW', ?, NULL, ?, ?)`);
  for (let id = 1; id <= 5; id++) {
    const { lastInsertRowid } = insert.run(String(id), JSON.stringify(leasingEvent(id).node), Date.now(), `old-${id}`);
    db.prepare('INSERT INTO event_dedupe (key, seq, received_at) VALUES (?, ?, ?)').run(`old-${id}`, lastInsertRowid, Date.now());
  }
  // Retention deleted seqs 1 and 2; then the newest two went too, so the highest seq left
  // (3) is below the highest ever given (5), which only sqlite_sequence remembers.
  db.prepare('DELETE FROM events WHERE seq <= 2').run();
  db.prepare("INSERT INTO meta (key, value) VALUES ('events.pruned_through', '2')").run();
  db.prepare('DELETE FROM events WHERE seq >= 4').run();
  db.close();
}

describe('a SQLite database made by the previous release', () => {
  const dirs: string[] = [];
  const opened: Store[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('upgrades in place: seqs continue after the highest ever given, old cursors and dedupe keys stay valid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rentgraph-upgrade-'));
    dirs.push(dir);
    const path = join(dir, 'rentgraph.sqlite');
    previousReleaseDatabase(path);

    const store = await openSqliteStore({ path });
    opened.push(store);
    const { rows } = await sql<{ id: string }>`SELECT id FROM schema_migrations ORDER BY id`.execute(store.read);
    expect(rows.map((row) => row.id)).toEqual(MIGRATIONS.map((m) => m.id));
    const events = await openEvents(store);
    try {
      expect(await events.log.lastSeq()).toBe(5);
      expect(await events.log.prunedThrough()).toBe(2);
      // A webhook redelivered after the upgrade is still known.
      expect(await events.record([{ dedupeKey: 'old-3', events: [leasingEvent(3)] }])).toEqual([{ duplicate: true, events: [] }]);
      const [fresh] = await events.record([{ dedupeKey: 'new-1', events: [leasingEvent(6), leasingEvent(7)] }]);
      expect(fresh!.events.map((e) => e.seq)).toEqual([6, 7]);

      // A subscriber's cursor from before the upgrade (seq 2) resumes where it was.
      const stream = openEventStream({ log: events.log, bus: events.bus, afterSeq: 2, matches: () => true });
      const seqs: number[] = [];
      for (let i = 0; i < 3; i++) seqs.push((await stream.next()).value!.seq);
      await stream.return!();
      expect(seqs).toEqual([3, 6, 7]);
    } finally {
      events.close();
    }
  });

  it('opens again unchanged once upgraded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rentgraph-upgrade-'));
    dirs.push(dir);
    const path = join(dir, 'rentgraph.sqlite');
    previousReleaseDatabase(path);
    await (await openSqliteStore({ path })).close();
    const store = await openSqliteStore({ path });
    opened.push(store);
    expect(await store.read.selectFrom('event_counter').selectAll().execute()).toEqual([{ id: 1, last_seq: 5 }]);
  });
});

describe('a SQLite database whose records table keeps whole rows in its key (before 0012)', () => {
  const dirs: string[] = [];
  const opened: Store[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every record, column for column, and answers records by unit from the unit index instead of reading every record of the kind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rentgraph-upgrade-'));
    dirs.push(dir);
    const path = join(dir, 'rentgraph.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    const before = MIGRATIONS.slice(0, MIGRATIONS.findIndex((m) => m.id === '0012-records-payloads-last'));
    for (const migration of before) {
      db.exec(migration.sqlite);
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(migration.id, '2026-12-01T00:00:00.000Z');
    }
    const insert = db.prepare(`INSERT INTO records (kind, vendor, external_id, model, raw, hash, unit_ref, parent_ref, resource, seen_run, synced_at, changed_at, vendor_updated_at)
      VALUES (?, 'RENTROLL', ?, ?, ?, ?, ?, NULL, 'rentroll:leases', 3, 1000, 900, ?)`);
    insert.run('LEASE', 'L2', '{"id":"L2"}', JSON.stringify({ notes: 'x'.repeat(5000) }), 'h2', 'RENTROLL:U1', '2026-11-02T00:00:00.000Z');
    insert.run('LEASE', 'L1', '{"id":"L1"}', null, 'h1', 'RENTROLL:U1', null);
    insert.run('LEASE', 'L3', '{"id":"L3"}', '{}', 'h3', 'RENTROLL:U2', null);
    const rows = db.prepare('SELECT * FROM records ORDER BY external_id').all();
    db.close();

    const store = await openSqliteStore({ path });
    opened.push(store);
    expect(await store.read.selectFrom('records').selectAll().orderBy('external_id').execute()).toEqual(rows);
    const byUnit = await createRecordStore(store).byUnitRef<{ id: string; raw: unknown }>('LEASE', ['RENTROLL:U1']);
    expect(byUnit.get('RENTROLL:U1')!.map((r) => [r.externalId, r.model.id, r.model.raw === null])).toEqual([['L1', 'L1', true], ['L2', 'L2', false]]);
    const plan = await sql<{ detail: string }>`EXPLAIN QUERY PLAN SELECT model FROM records WHERE kind = 'LEASE' AND unit_ref IN ('RENTROLL:U1', 'RENTROLL:U2') ORDER BY unit_ref, vendor, external_id`.execute(store.read);
    expect(plan.rows.map((row) => row.detail)).toEqual(['SEARCH records USING INDEX records_unit (kind=? AND unit_ref=?)']);
  });
});
