import type { Kysely } from 'kysely';
import { compareRefs, formatRef, type RecordRef } from '../domain/refs.js';
import type { Vendor } from '../domain/vendor.js';
import type { Tables } from '../store/tables.js';
import type { Overrides, RefPair } from './overrides.js';

/**
 * Identity overrides made through the graph (`linkRecords`, `unlinkRecord`,
 * `clearIdentityOverride`), kept in the store (table `identity_overrides`, migration
 * 0010-identity-overrides) beside the index they shape. A record has at most one:
 *
 * - `link`: the record is one unit with every record of its link group;
 * - `unlink`: the record is its own unit, whatever a rule, the overrides file or a link says.
 *
 * They apply after the overrides file (RENTGRAPH_OVERRIDES): the file's links and the
 * stored links all join, the file's unlink pairs part what they name, and a stored unlink
 * keeps its record apart from everything (combineOverrides). An override naming a record
 * the index no longer holds stays stored and applies again if the record comes back.
 */
export interface StoredOverride {
  vendor: Vendor;
  externalId: string;
  kind: 'link' | 'unlink';
  /** For a link: the group's id, shared by the records that are one unit; null for an unlink. */
  group: string | null;
  /** The client key's name that made the change that wrote this row. */
  client: string;
  /** When that change was made (ISO 8601). */
  createdAt: string;
}

/** Rows an identity change writes, in the same transaction as the index it re-clusters. */
export interface OverrideChanges {
  upsert: readonly StoredOverride[];
  delete: readonly RecordRef[];
}

export async function readStoredOverrides(db: Kysely<Tables>): Promise<StoredOverride[]> {
  const rows = await db.selectFrom('identity_overrides').selectAll().execute();
  return rows.map((row) => ({
    vendor: row.vendor as Vendor,
    externalId: row.external_id,
    kind: row.kind === 'unlink' ? 'unlink' : 'link',
    group: row.link_group,
    client: row.client,
    createdAt: row.created_at,
  }));
}

export async function writeStoredOverrides(db: Kysely<Tables>, changes: OverrideChanges): Promise<void> {
  for (const ref of changes.delete) {
    await db.deleteFrom('identity_overrides').where('vendor', '=', ref.vendor).where('external_id', '=', ref.externalId).execute();
  }
  for (const row of changes.upsert) {
    const values = { kind: row.kind, link_group: row.group, client: row.client, created_at: row.createdAt };
    await db
      .insertInto('identity_overrides')
      .values({ vendor: row.vendor, external_id: row.externalId, ...values })
      .onConflict((oc) => oc.columns(['vendor', 'external_id']).doUpdateSet(values))
      .execute();
  }
}

/**
 * The overrides clustering applies: the file's, then the stored ones. Each stored link
 * group becomes pairs joining its best-ranked record to every other; each stored unlink
 * a record that stays alone. Ordered, so the same rows always give the same digest.
 */
export function combineOverrides(file: Overrides, stored: readonly StoredOverride[]): Overrides {
  const groups = new Map<string, string[]>();
  const alone: string[] = [];
  for (const row of stored) {
    const ref = formatRef(row);
    if (row.kind === 'unlink' || row.group === null) alone.push(ref);
    else groups.set(row.group, [...(groups.get(row.group) ?? []), ref]);
  }
  const link: RefPair[] = [...file.link];
  const ordered = [...groups.values()].map((refs) => refs.sort(compareRefs)).sort((a, b) => compareRefs(a[0]!, b[0]!));
  for (const [first, ...rest] of ordered) for (const ref of rest) link.push([first!, ref]);
  return { link, unlink: file.unlink, alone: alone.sort(compareRefs) };
}
