import { hash as hashText } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';
import { utcIsoOrNull } from '../domain/dates.js';
import { parseRefKey, refKey } from '../domain/ids.js';
import type { SourceRef } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';
import { sql, type Kysely } from 'kysely';
import { reusableQuery, rowParams, rowValues } from '../store/reusable-query.js';
import type { Store, StoreTx } from '../store/store.js';
import type { RecordsTable, Tables } from '../store/tables.js';
import { linksFrom, type RecordChanges, type RecordDelete, type RecordDraft, type RecordKey, type RecordKind, type RecordLinkKind } from '../ports/read-model.js';

export type { RecordChanges, RecordDraft, RecordKey } from '../ports/read-model.js';
import { announceChanges } from './changes.js';
import { createRecordFacts } from './record-facts.js';

/**
 * The read model's records: every vendor record the gateway lists, kept as its mapped
 * model and its raw payload (table `records`, migration 0008-read-model). Writers hand
 * drafts to `apply` inside their own transaction (a sync page, a webhook with its events,
 * a poll, a mutation's answer); readers ask by ref, by the unit a record belongs to, by
 * its parent, or by link, one query per batch.
 *
 * A record is written only when it changed (its hash differs); an unchanged one just
 * records that it was seen (`seen_run`, `synced_at`), which is what a complete read's
 * sweep and `freshness.syncedAt` go by.
 */
export interface StoredRecord<M extends object = object> extends RecordKey {
  /** The model with its raw payload (parsed on first use). */
  model: M;
  unitRef: SourceRef | null;
  parentRef: SourceRef | null;
  /** Epoch milliseconds: when this copy was last confirmed with its vendor. */
  syncedAt: number;
  /** Epoch milliseconds: when the gateway last learned of a change to it. */
  changedAt: number;
  vendorUpdatedAt: string | null;
}

/** A stored record read without its raw payload (what the unit facts are computed from). */
export type StoredModel<M extends object> = Omit<StoredRecord<M>, 'model'> & { model: Omit<M, 'raw'> };

export interface ApplyOptions {
  /** The vendor resource the records come from ("<vendor>:units"); a complete read of it sweeps what it did not see. */
  resource: string;
  /** The sync run these records were seen in; 0 for writes outside a run (webhooks, polls, mutations). */
  run?: number;
  /** Epoch milliseconds; default now. */
  now?: number;
}

/** What an apply or a sweep changed: what queries, facts and caches that depend on it must follow. */
export interface ApplyResult {
  /** Records created or changed. */
  written: RecordKey[];
  /** Records not replaced: the stored copy is newer by the vendor's own clock than the one given. */
  kept: RecordKey[];
  deleted: RecordKey[];
  /** Unit refs ("VENDOR:id") whose records changed, before and after: their units' facts are out of date. */
  unitRefs: Set<string>;
  kinds: Set<RecordKind>;
}

export interface RecordStore {
  apply(tx: StoreTx, changes: RecordChanges, options: ApplyOptions): Promise<ApplyResult>;
  /** Deletes the records of `resource` that run `run` did not see (after a complete read). */
  sweep(tx: StoreTx, resource: string, run: number): Promise<ApplyResult>;
  get<M extends object>(kind: RecordKind, refs: readonly SourceRef[]): Promise<Map<string, StoredRecord<M>>>;
  /** `get` inside a transaction, seeing what it wrote, without the raw payloads. */
  modelsIn<M extends object>(tx: StoreTx, kind: RecordKind, refs: readonly SourceRef[]): Promise<Map<string, StoredModel<M>>>;
  byUnitRef<M extends object>(kind: RecordKind, unitRefs: readonly string[]): Promise<Map<string, StoredRecord<M>[]>>;
  /** `byUnitRef` inside a transaction, seeing what it wrote, without the raw payloads. */
  modelsByUnitRefIn<M extends object>(tx: StoreTx, kind: RecordKind, unitRefs: readonly string[]): Promise<Map<string, StoredModel<M>[]>>;
  byParentRef<M extends object>(kind: RecordKind, parentRefs: readonly string[]): Promise<Map<string, StoredRecord<M>[]>>;
  /** The records of one kind and vendor whose vendor id starts with `prefix` (exactly: no pattern characters). */
  withIdPrefix<M extends object>(kind: RecordKind, vendor: Vendor, prefix: string): Promise<StoredRecord<M>[]>;
  /** The refs each of `fromRefs` links to (`link` order is insertion order). */
  linked(link: RecordLinkKind, fromRefs: readonly string[]): Promise<Map<string, SourceRef[]>>;
  /** The refs linking to each of `toRefs`. */
  linkedFrom(link: RecordLinkKind, toRefs: readonly string[]): Promise<Map<string, SourceRef[]>>;
  count(kind: RecordKind, vendor?: Vendor): Promise<number>;
  /** Records per vendor, for VendorStatus.records. */
  countsByVendor(): Promise<Map<Vendor, number>>;
}

/** Rows per statement: well under both engines' bound-parameter limits (12 columns a row). */
const CHUNK = 400;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const keyOf = (record: RecordKey): string => `${record.kind}|${record.vendor}:${record.externalId}`;

/** Groups keys by (kind, vendor), the leading columns of the primary key. */
function byKindAndVendor<T extends RecordKey>(items: readonly T[]): Map<string, { kind: RecordKind; vendor: Vendor; items: T[] }> {
  const groups = new Map<string, { kind: RecordKind; vendor: Vendor; items: T[] }>();
  for (const item of items) {
    const group = `${item.kind}|${item.vendor}`;
    let entry = groups.get(group);
    if (entry === undefined) groups.set(group, (entry = { kind: item.kind, vendor: item.vendor, items: [] }));
    entry.items.push(item);
  }
  return groups;
}

interface Split {
  model: string;
  raw: string | null;
  hash: string;
}

/** The model apart from its raw payload, both as stored, and the hash of everything stored about the record. */
function split(draft: RecordDraft): Split {
  const { raw, ...rest } = draft.model as { raw?: unknown };
  const model = JSON.stringify(rest);
  const rawJson = raw === undefined || raw === null ? null : JSON.stringify(raw);
  const links = draft.links === undefined ? '' : stringify(draft.links.map((l) => [l.link, refKey(l.to)]));
  // One text hashed at once (crypto.hash): a hasher fed part by part costs more than the hashing.
  const hash = hashText('sha1', [
    model, rawJson ?? '',
    draft.unitRef === null || draft.unitRef === undefined ? '' : refKey(draft.unitRef),
    draft.parentRef === null || draft.parentRef === undefined ? '' : refKey(draft.parentRef),
    links ?? '', draft.vendorUpdatedAt ?? '',
  ].join('\u0000'), 'base64url');
  return { model, raw: rawJson, hash };
}

/**
 * The model with its raw payload attached. Raw payloads are parsed only when something
 * reads them (SourceRecord.raw), since a page of a hundred units rarely asks for them,
 * and the identity index, which reads every unit, never does.
 */
export function modelOf<M extends object>(row: Pick<RecordsTable, 'model' | 'raw'>): M {
  const model = JSON.parse(row.model) as M & { raw?: unknown };
  const rawJson = row.raw;
  let parsed: unknown;
  let done = false;
  Object.defineProperty(model, 'raw', {
    enumerable: true,
    configurable: true,
    get() {
      if (!done) {
        parsed = rawJson === null ? null : JSON.parse(rawJson);
        done = true;
      }
      return parsed;
    },
    set(value: unknown) {
      parsed = value;
      done = true;
    },
  });
  return model;
}

const refOrNull = (key: string | null): SourceRef | null => (key === null ? null : parseRefKey(key));

/** The columns a stored record is read from, without or with its raw payload. */
const MODEL_COLUMNS = ['kind', 'vendor', 'external_id', 'model', 'unit_ref', 'parent_ref', 'synced_at', 'changed_at', 'vendor_updated_at'] as const;
const RECORD_COLUMNS = [...MODEL_COLUMNS, 'raw'] as const;
type ModelRow = Pick<RecordsTable, (typeof MODEL_COLUMNS)[number]>;
type RecordRow = Pick<RecordsTable, (typeof RECORD_COLUMNS)[number]>;

function storedOf<M extends object>(row: RecordRow): StoredRecord<M>;
function storedOf<M extends object>(row: ModelRow): StoredModel<M>;
function storedOf<M extends object>(row: ModelRow & { raw?: string | null }): StoredRecord<M> | StoredModel<M> {
  return {
    kind: row.kind as RecordKind,
    vendor: row.vendor as Vendor,
    externalId: row.external_id,
    model: row.raw === undefined ? (JSON.parse(row.model) as Omit<M, 'raw'>) : modelOf<M>({ model: row.model, raw: row.raw }),
    unitRef: refOrNull(row.unit_ref),
    parentRef: refOrNull(row.parent_ref),
    syncedAt: row.synced_at,
    changedAt: row.changed_at,
    vendorUpdatedAt: row.vendor_updated_at,
  };
}

const emptyResult = (): ApplyResult => ({ written: [], kept: [], deleted: [], unitRefs: new Set(), kinds: new Set() });

/**
 * Rows of `kind` by ref, keyed "VENDOR:id". Without the raw payloads (`columns`
 * MODEL_COLUMNS) a read of the model stops before them (migration 0012).
 */
async function rowsByRef<R extends ModelRow>(db: Kysely<Tables>, kind: RecordKind, refs: readonly SourceRef[], columns: readonly (keyof R & keyof RecordsTable)[]): Promise<Map<string, R>> {
  const found = new Map<string, R>();
  const keys = refs.map((ref) => ({ kind, vendor: ref.vendor, externalId: ref.externalId }));
  for (const group of byKindAndVendor(keys).values()) {
    for (const ids of chunks([...new Set(group.items.map((item) => item.externalId))])) {
      const rows = (await db.selectFrom('records').select(columns).where('kind', '=', kind).where('vendor', '=', group.vendor).where('external_id', 'in', ids).execute()) as R[];
      for (const row of rows) found.set(`${row.vendor}:${row.external_id}`, row);
    }
  }
  return found;
}

/**
 * Rows of `kind` by the unit they belong to, in vendor and id order, one list per unit ref
 * asked for. Ordered by unit ref first, so the index (kind, unit_ref, vendor, external_id)
 * answers in order: ordered by vendor and id alone, SQLite reads every record of the kind
 * along the primary key to spare a sort.
 */
async function rowsByUnitRef<R extends ModelRow>(db: Kysely<Tables>, kind: RecordKind, unitRefs: readonly string[], columns: readonly (keyof R & keyof RecordsTable)[]): Promise<Map<string, R[]>> {
  const found = new Map<string, R[]>(unitRefs.map((ref) => [ref, []]));
  for (const part of chunks([...new Set(unitRefs)])) {
    const rows = (await db.selectFrom('records').select(columns).where('kind', '=', kind).where('unit_ref', 'in', part)
      .orderBy('unit_ref').orderBy('vendor').orderBy('external_id').execute()) as R[];
    for (const row of rows) found.get(row.unit_ref!)?.push(row);
  }
  return found;
}

const mapValues = <K, V, W>(map: Map<K, V>, f: (value: V) => W): Map<K, W> => new Map([...map].map(([key, value]) => [key, f(value)]));

async function getFrom<M extends object>(db: Kysely<Tables>, kind: RecordKind, refs: readonly SourceRef[]): Promise<Map<string, StoredRecord<M>>> {
  return mapValues(await rowsByRef<RecordRow>(db, kind, refs, RECORD_COLUMNS), (row) => storedOf<M>(row));
}

async function byUnitRefFrom<M extends object>(db: Kysely<Tables>, kind: RecordKind, unitRefs: readonly string[]): Promise<Map<string, StoredRecord<M>[]>> {
  return mapValues(await rowsByUnitRef<RecordRow>(db, kind, unitRefs, RECORD_COLUMNS), (rows) => rows.map((row) => storedOf<M>(row)));
}

interface StoredHash {
  hash: string;
  unitRef: string | null;
  vendorUpdatedAt: string | null;
}

/** Every column of a records row, in the order a written row binds them. */
const RECORD_ROW_COLUMNS = ['kind', 'vendor', 'external_id', 'model', 'raw', 'hash', 'unit_ref', 'parent_ref', 'resource', 'seen_run', 'synced_at', 'changed_at', 'vendor_updated_at'] as const satisfies readonly (keyof RecordsTable)[];

export function createRecordStore(store: Store): RecordStore {
  const { read } = store;
  const facts = createRecordFacts();
  // Built once for each number of rows or ids (up to CHUNK), as every webhook, poll and sync page runs them.
  const selectHashes = reusableQuery((db, p, ids) => db.selectFrom('records')
    .select(['external_id', 'hash', 'unit_ref', 'vendor_updated_at'])
    .where('kind', '=', p<string>('kind'))
    .where('vendor', '=', p<string>('vendor'))
    .where('external_id', 'in', rowParams(p, ['id'], ids).map((row) => row.id as string)));
  // The store decides, row by row, whether a draft is older than the copy it holds by the
  // vendor's clock, so that of two writers racing on Postgres the older never lands last.
  // Both times are UTC ISO of one shape, so text order is time order under any collation.
  // RETURNING names the rows replaced; the rest were kept.
  const upsertRecords = reusableQuery((db, p, rows) => db.insertInto('records')
    .values(rowParams(p, RECORD_ROW_COLUMNS, rows) as RecordsTable[])
    .onConflict((oc) => oc.columns(['kind', 'vendor', 'external_id']).doUpdateSet((eb) => ({
      model: eb.ref('excluded.model'), raw: eb.ref('excluded.raw'), hash: eb.ref('excluded.hash'),
      unit_ref: eb.ref('excluded.unit_ref'), parent_ref: eb.ref('excluded.parent_ref'), resource: eb.ref('excluded.resource'),
      seen_run: eb.ref('excluded.seen_run'), synced_at: eb.ref('excluded.synced_at'), changed_at: eb.ref('excluded.changed_at'),
      vendor_updated_at: eb.ref('excluded.vendor_updated_at'),
    })).where((eb) => eb.or([
      eb('records.vendor_updated_at', 'is', null),
      eb('excluded.vendor_updated_at', 'is', null),
      eb('excluded.vendor_updated_at', '>=', eb.ref('records.vendor_updated_at')),
    ])))
    .returning(['kind', 'vendor', 'external_id']));

  /** Hash, unit and vendor time of each stored record among `keys`, by keyOf. */
  const storedHashes = async (tx: StoreTx, keys: readonly RecordKey[]): Promise<Map<string, StoredHash>> => {
    const found = new Map<string, StoredHash>();
    for (const group of byKindAndVendor(keys).values()) {
      for (const ids of chunks(group.items.map((item) => item.externalId))) {
        const { rows } = await selectHashes(tx.db, { kind: group.kind, vendor: group.vendor, ...rowValues(['id'], ids.map((id) => ({ id }))) }, ids.length);
        for (const row of rows) found.set(`${group.kind}|${group.vendor}:${row.external_id}`, { hash: row.hash, unitRef: row.unit_ref, vendorUpdatedAt: row.vendor_updated_at });
      }
    }
    return found;
  };

  /** Notes that records were seen (one statement per (kind, vendor) chunk). */
  const markSeen = async (tx: StoreTx, keys: readonly RecordKey[], seen: Pick<RecordsTable, 'seen_run'> & Partial<Pick<RecordsTable, 'synced_at' | 'resource'>>): Promise<void> => {
    for (const group of byKindAndVendor(keys).values()) {
      for (const ids of chunks(group.items.map((item) => item.externalId))) {
        await tx.db.updateTable('records').set(seen).where('kind', '=', group.kind).where('vendor', '=', group.vendor).where('external_id', 'in', ids).execute();
      }
    }
  };

  /**
   * The stored records among `deletes`, with their units, less those the vendor changed
   * after the deletion it reports (by its own clock; either time missing: deleted).
   */
  const unlessNewer = async (tx: StoreTx, deletes: readonly RecordDelete[]): Promise<(RecordKey & { unitRef: string | null })[]> => {
    const before = await storedHashes(tx, deletes);
    return deletes.flatMap((key) => {
      const found = before.get(keyOf(key));
      const at = utcIsoOrNull(key.vendorUpdatedAt);
      if (found === undefined || (at !== null && found.vendorUpdatedAt !== null && at < found.vendorUpdatedAt)) return [];
      return [{ kind: key.kind, vendor: key.vendor, externalId: key.externalId, unitRef: found.unitRef }];
    });
  };

  const deleteRecords = async (tx: StoreTx, keys: readonly (RecordKey & { unitRef: string | null })[], result: ApplyResult): Promise<void> => {
    for (const group of byKindAndVendor(keys).values()) {
      for (const part of chunks(group.items)) {
        const ids = part.map((item) => item.externalId);
        await tx.db.deleteFrom('records').where('kind', '=', group.kind).where('vendor', '=', group.vendor).where('external_id', 'in', ids).execute();
        const links = linksFrom(group.kind);
        if (links.length > 0) await tx.db.deleteFrom('record_links').where('link', 'in', links).where('from_ref', 'in', ids.map((id) => `${group.vendor}:${id}`)).execute();
      }
      result.kinds.add(group.kind);
    }
    await facts.delete(tx, keys);
    for (const key of keys) {
      result.deleted.push({ kind: key.kind, vendor: key.vendor, externalId: key.externalId });
      if (key.unitRef !== null) result.unitRefs.add(key.unitRef);
      if (key.kind === 'UNIT') result.unitRefs.add(`${key.vendor}:${key.externalId}`);
    }
  };

  /**
   * On Postgres, transactions that write records take turns: a sync page, a webhook batch
   * and a poll can name some of the same records in different statements, and holding
   * their row locks in different orders they deadlocked (Postgres then aborts one: a sync
   * page lost, or a batch written again one by one). Taken before the first record is
   * written and held to the commit; taking it again in the same transaction is free.
   * SQLite has one writer already.
   */
  const writeTurn = reusableQuery((db) => db.selectNoFrom(sql<number>`pg_advisory_xact_lock(hashtextextended('rentgraph:records', 0))`.as('locked')));
  const takeWriteTurn = async (tx: StoreTx): Promise<void> => {
    if (store.dialect === 'postgres') await writeTurn(tx.db, {});
  };

  return {
    async apply(tx, changes, options) {
      await takeWriteTurn(tx);
      const result = emptyResult();
      const run = options.run ?? 0;
      const now = options.now ?? Date.now();
      // One draft per record: the last one given wins, as if applied in order.
      const drafts = new Map<string, RecordDraft>();
      for (const draft of changes.upserts ?? []) drafts.set(keyOf(draft), draft);
      const stored = await storedHashes(tx, [...drafts.values()]);
      const unchanged: RecordDraft[] = [];
      const candidates = new Map<string, { draft: RecordDraft; row: RecordsTable }>();
      for (const [key, draft] of drafts) {
        const { model, raw, hash } = split(draft);
        if (stored.get(key)?.hash === hash) {
          unchanged.push(draft);
          continue;
        }
        candidates.set(key, {
          draft,
          row: {
            kind: draft.kind, vendor: draft.vendor, external_id: draft.externalId, model, raw, hash,
            unit_ref: draft.unitRef === null || draft.unitRef === undefined ? null : refKey(draft.unitRef),
            parent_ref: draft.parentRef === null || draft.parentRef === undefined ? null : refKey(draft.parentRef),
            resource: options.resource, seen_run: run, synced_at: now, changed_at: now, vendor_updated_at: utcIsoOrNull(draft.vendorUpdatedAt),
          },
        });
      }
      // upsertRecords keeps a stored copy newer by the vendor's clock; RETURNING names the rows replaced.
      const replaced = new Set<string>();
      // In key order: two Postgres transactions upserting some of the same records (one
      // delivery taken by two replicas) then lock them in one order and wait, not deadlock.
      const ordered = [...candidates.keys()].sort().map((key) => candidates.get(key)!);
      for (const part of chunks(ordered)) {
        const { rows } = await upsertRecords(tx.db, rowValues(RECORD_ROW_COLUMNS, part.map(({ row }) => row)), part.length);
        for (const row of rows) replaced.add(`${row.kind}|${row.vendor}:${row.external_id}`);
      }
      const changed: RecordDraft[] = [];
      const older: RecordDraft[] = [];
      for (const [key, { draft, row }] of candidates) {
        if (!replaced.has(key)) {
          older.push(draft);
          result.kept.push({ kind: draft.kind, vendor: draft.vendor, externalId: draft.externalId });
          continue;
        }
        changed.push(draft);
        result.written.push({ kind: draft.kind, vendor: draft.vendor, externalId: draft.externalId });
        result.kinds.add(draft.kind);
        const before = stored.get(key)?.unitRef ?? null;
        if (before !== null) result.unitRefs.add(before);
        if (row.unit_ref !== null) result.unitRefs.add(row.unit_ref);
        if (draft.kind === 'UNIT') result.unitRefs.add(`${draft.vendor}:${draft.externalId}`);
      }
      // A record's links are replaced whole, for the link kinds that start at its kind.
      for (const group of byKindAndVendor(changed.filter((draft) => draft.links !== undefined)).values()) {
        const linkKinds = linksFrom(group.kind);
        for (const part of chunks(group.items)) {
          if (linkKinds.length > 0) await tx.db.deleteFrom('record_links').where('link', 'in', linkKinds).where('from_ref', 'in', part.map((draft) => `${draft.vendor}:${draft.externalId}`)).execute();
          const links = part.flatMap((draft) => draft.links!.map((l) => ({ link: l.link, from_ref: `${draft.vendor}:${draft.externalId}`, to_ref: refKey(l.to) })));
          for (const linkPart of chunks(links)) {
            await tx.db.insertInto('record_links').values(linkPart).onConflict((oc) => oc.columns(['link', 'from_ref', 'to_ref']).doNothing()).execute();
          }
        }
      }
      await facts.write(tx, changed);
      // Unchanged records were seen and confirmed now; records the vendor sent older than the
      // stored copy were seen (so a sweep keeps them) but confirm nothing about that copy.
      await markSeen(tx, unchanged, { seen_run: run, synced_at: now, resource: options.resource });
      await markSeen(tx, older, { seen_run: run });
      const deletes = changes.deletes ?? [];
      if (deletes.length > 0) await deleteRecords(tx, await unlessNewer(tx, deletes), result);
      const moves = changes.moves ?? [];
      if (moves.length > 0) {
        const before = await storedHashes(tx, moves.map((move) => move.key));
        for (const { key, unitRef } of moves) {
          const stored = before.get(keyOf(key));
          const to = unitRef === null ? null : refKey(unitRef);
          if (stored === undefined || stored.unitRef === to) continue;
          // The hash no longer stands for what is stored, so the next read of the record rewrites it whatever it says.
          await tx.db.updateTable('records').set({ unit_ref: to, hash: '', seen_run: run, changed_at: now })
            .where('kind', '=', key.kind).where('vendor', '=', key.vendor).where('external_id', '=', key.externalId).execute();
          result.written.push(key);
          result.kinds.add(key.kind);
          if (stored.unitRef !== null) result.unitRefs.add(stored.unitRef);
          if (to !== null) result.unitRefs.add(to);
        }
      }
      for (const end of changes.spanEnds ?? []) {
        const open = await tx.db.selectFrom('records').select(['external_id', 'model', 'unit_ref'])
          .where('kind', '=', end.kind).where('vendor', '=', end.parentRef.vendor).where('parent_ref', '=', refKey(end.parentRef)).execute();
        for (const row of open) {
          const model = JSON.parse(row.model) as Record<string, unknown>;
          if (model[end.field] !== null) continue;
          await tx.db.updateTable('records').set({ model: JSON.stringify({ ...model, [end.field]: end.at }), hash: '', seen_run: run, changed_at: now })
            .where('kind', '=', end.kind).where('vendor', '=', end.parentRef.vendor).where('external_id', '=', row.external_id).execute();
          result.written.push({ kind: end.kind, vendor: end.parentRef.vendor, externalId: row.external_id });
          result.kinds.add(end.kind);
          if (row.unit_ref !== null) result.unitRefs.add(row.unit_ref);
        }
      }
      // Confirming unchanged records moves their synced_at, which `freshness` shows.
      announceChanges(tx, [...result.kinds, ...(drafts.size > 0 ? ['SYNC_TIMES' as const] : [])]);
      return result;
    },

    async sweep(tx, resource, run) {
      await takeWriteTurn(tx);
      const result = emptyResult();
      const rows = await tx.db.selectFrom('records').select(['kind', 'vendor', 'external_id', 'unit_ref']).where('resource', '=', resource).where('seen_run', '<', run).execute();
      await deleteRecords(tx, rows.map((row) => ({ kind: row.kind as RecordKind, vendor: row.vendor as Vendor, externalId: row.external_id, unitRef: row.unit_ref })), result);
      announceChanges(tx, result.kinds);
      return result;
    },

    get: (kind, refs) => getFrom(read, kind, refs),
    modelsIn: async <M extends object>(tx: StoreTx, kind: RecordKind, refs: readonly SourceRef[]) =>
      mapValues(await rowsByRef<ModelRow>(tx.db, kind, refs, MODEL_COLUMNS), (row) => storedOf<M>(row)),
    byUnitRef: (kind, unitRefs) => byUnitRefFrom(read, kind, unitRefs),
    modelsByUnitRefIn: async <M extends object>(tx: StoreTx, kind: RecordKind, unitRefs: readonly string[]) =>
      mapValues(await rowsByUnitRef<ModelRow>(tx.db, kind, unitRefs, MODEL_COLUMNS), (rows) => rows.map((row) => storedOf<M>(row))),

    async withIdPrefix<M extends object>(kind: RecordKind, vendor: Vendor, prefix: string) {
      const rows = await read.selectFrom('records').selectAll().where('kind', '=', kind).where('vendor', '=', vendor)
        .where(sql<string>`substr(external_id, 1, ${sql.lit(prefix.length)})`, '=', prefix).orderBy('external_id').execute();
      return rows.map((row) => storedOf<M>(row));
    },

    async byParentRef<M extends object>(kind: RecordKind, parentRefs: readonly string[]) {
      const found = new Map<string, StoredRecord<M>[]>(parentRefs.map((ref) => [ref, []]));
      for (const part of chunks([...new Set(parentRefs)])) {
        const rows = await read.selectFrom('records').select(RECORD_COLUMNS).where('kind', '=', kind).where('parent_ref', 'in', part)
          .orderBy('parent_ref').orderBy('vendor').orderBy('external_id').execute();
        for (const row of rows) found.get(row.parent_ref!)?.push(storedOf<M>(row));
      }
      return found;
    },

    async linked(link, fromRefs) {
      const found = new Map<string, SourceRef[]>(fromRefs.map((ref) => [ref, []]));
      for (const part of chunks([...new Set(fromRefs)])) {
        const rows = await read.selectFrom('record_links').select(['from_ref', 'to_ref']).where('link', '=', link).where('from_ref', 'in', part).orderBy('from_ref').orderBy('to_ref').execute();
        for (const row of rows) found.get(row.from_ref)?.push(parseRefKey(row.to_ref));
      }
      return found;
    },

    async linkedFrom(link, toRefs) {
      const found = new Map<string, SourceRef[]>(toRefs.map((ref) => [ref, []]));
      for (const part of chunks([...new Set(toRefs)])) {
        const rows = await read.selectFrom('record_links').select(['from_ref', 'to_ref']).where('link', '=', link).where('to_ref', 'in', part).orderBy('to_ref').orderBy('from_ref').execute();
        for (const row of rows) found.get(row.to_ref)?.push(parseRefKey(row.from_ref));
      }
      return found;
    },

    async count(kind, vendor) {
      let query = read.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('count')).where('kind', '=', kind);
      if (vendor !== undefined) query = query.where('vendor', '=', vendor);
      return Number((await query.executeTakeFirstOrThrow()).count);
    },

    async countsByVendor() {
      const rows = await read.selectFrom('records').select(['vendor', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('vendor').execute();
      return new Map(rows.map((row) => [row.vendor as Vendor, Number(row.count)]));
    },
  };
}
