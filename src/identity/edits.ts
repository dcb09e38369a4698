import { randomUUID } from 'node:crypto';
import { formatRef, parseRef, type RecordRef } from '../domain/refs.js';
import { badInput, userError } from '../errors.js';
import { retryConflicts, type IndexStore } from './index-store.js';
import type { Overrides } from './overrides.js';
import { combineOverrides, type OverrideChanges, type StoredOverride } from './stored-overrides.js';
import { offSyncChanges, planIndex } from './sync-plan.js';

/**
 * Identity changes made through the graph, each stored (stored-overrides.ts) and applied
 * to the index in one transaction, so the answer and every later query show it:
 *
 * - `link`: the records are one unit (with every record a stored link already joins
 *   them to). Refused while one of them has a stored unlink (clear it first), or while
 *   an unlink pair of the overrides file would part the unit the link makes.
 * - `unlink`: the record is its own unit; it leaves any stored link group.
 * - `clear`: the record's stored link or unlink is forgotten; the rules and the file
 *   place it again.
 *
 * Repeating a change that already holds writes nothing. Every record named must be in
 * the index (NOT_FOUND otherwise): an override of a record no vendor has would wait
 * unseen for one that may never come.
 */
export type IdentityEdit =
  | { kind: 'link'; records: readonly RecordRef[] }
  | { kind: 'unlink'; record: RecordRef }
  | { kind: 'clear'; record: RecordRef };

/** At most this many records in one link: a unit, not a portfolio. */
export const MAX_LINKED_RECORDS = 100;

/** What an edit is checked against: the index's records, the stored overrides, the file's. */
export interface EditState {
  holds(ref: string): boolean;
  stored: readonly StoredOverride[];
  file: Overrides;
}

export interface PlannedEdit {
  changes: OverrideChanges;
  /** The stored overrides once the changes are written. */
  next: StoredOverride[];
  /** The record whose unit answers the change. */
  anchor: RecordRef;
}

/** The stored rows an edit writes, or a client error (BAD_USER_INPUT, NOT_FOUND) naming the field. */
export function planEdit(edit: IdentityEdit, state: EditState, by: { client: string; now: string }): PlannedEdit {
  const rows = new Map(state.stored.map((row) => [formatRef(row), row]));
  const apply = (changes: OverrideChanges, anchor: RecordRef): PlannedEdit => {
    const gone = new Set([...changes.delete, ...changes.upsert].map(formatRef));
    return { changes, anchor, next: [...state.stored.filter((row) => !gone.has(formatRef(row))), ...changes.upsert] };
  };
  const row = (ref: RecordRef, kind: StoredOverride['kind'], group: string | null): StoredOverride =>
    ({ vendor: ref.vendor, externalId: ref.externalId, kind, group, client: by.client, createdAt: by.now });

  switch (edit.kind) {
    case 'link': {
      const refs = checkLinked(edit.records, state);
      refs.forEach((ref, i) => {
        const held = rows.get(ref);
        if (held?.kind === 'unlink') {
          const record = edit.records[i]!;
          throw badInput(
            `records[${i}]: ${ref} was made its own unit by unlinkRecord (client "${held.client}", ${held.createdAt}), so it cannot be linked while that stands; `
            + `clear it first with clearIdentityOverride(record: {vendor: ${record.vendor}, externalId: ${JSON.stringify(record.externalId)}}), then link again`,
            `records[${i}]`,
          );
        }
      });
      const groups = new Set(refs.map((ref) => rows.get(ref)?.group ?? null));
      const members = new Set(refs);
      for (const held of state.stored) if (held.group !== null && groups.has(held.group)) members.add(formatRef(held));
      // Every record named already in one stored group, and nothing else joining: it holds.
      if (groups.size === 1 && !groups.has(null)) return apply({ upsert: [], delete: [] }, edit.records[0]!);
      const group = randomUUID();
      const planned = apply({ upsert: [...members].map((ref) => row(parseRef(ref)!, 'link', group)), delete: [] }, edit.records[0]!);
      checkFileUnlinks(refs[0]!, combineOverrides(state.file, planned.next));
      return planned;
    }
    case 'unlink': {
      const ref = checkHeld(edit.record, 'record', state);
      const held = rows.get(ref);
      if (held?.kind === 'unlink') return apply({ upsert: [], delete: [] }, edit.record);
      return apply({ upsert: [row(edit.record, 'unlink', null)], delete: leavingGroup(held, state.stored) }, edit.record);
    }
    case 'clear': {
      const ref = checkHeld(edit.record, 'record', state);
      const held = rows.get(ref);
      if (held === undefined) return apply({ upsert: [], delete: [] }, edit.record);
      return apply({ upsert: [], delete: [edit.record, ...leavingGroup(held, state.stored)] }, edit.record);
    }
    default: {
      const unreachable: never = edit;
      throw new Error(`unknown identity edit ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The records of a link, checked: two or more, each once, each in the index. Returns their refs. */
function checkLinked(records: readonly RecordRef[], state: EditState): string[] {
  if (records.length < 2) throw badInput(`records: expected at least two records to make one unit, got ${records.length}`, 'records');
  if (records.length > MAX_LINKED_RECORDS) throw badInput(`records: expected at most ${MAX_LINKED_RECORDS} records in one link, got ${records.length}`, 'records');
  const seen = new Map<string, number>();
  return records.map((record, i) => {
    const ref = checkHeld(record, `records[${i}]`, state);
    const first = seen.get(ref);
    if (first !== undefined) throw badInput(`records[${i}]: expected each record once, got ${ref} again (it is records[${first}] too)`, `records[${i}]`);
    seen.set(ref, i);
    return ref;
  });
}

function checkHeld(record: RecordRef, field: string, state: EditState): string {
  if (record.externalId.trim().length === 0) throw badInput(`${field}.externalId: expected the vendor's id of a unit record, got an empty id`, `${field}.externalId`);
  const ref = formatRef(record);
  if (!state.holds(ref)) {
    throw userError('NOT_FOUND', `${field}: no vendor has the unit record ${ref} (expected a record the identity index holds, as a unit's sources list it)`, { field, record: ref });
  }
  return ref;
}

/** The rows that go with a record leaving its link group: the last other member, since a group of one links nothing. */
function leavingGroup(held: StoredOverride | undefined, stored: readonly StoredOverride[]): RecordRef[] {
  if (held?.kind !== 'link' || held.group === null) return [];
  const others = stored.filter((row) => row.group === held.group && formatRef(row) !== formatRef(held));
  return others.length === 1 ? [others[0]!] : [];
}

/**
 * Refuses a link whose unit an unlink pair of the overrides file would part: every
 * record the links (the file's and the stored ones, the new one among them) put in one
 * unit with `anchor`, except records a stored unlink keeps alone, must hold no such pair.
 */
function checkFileUnlinks(anchor: string, overrides: Overrides): void {
  const alone = new Set(overrides.alone ?? []);
  const parent = new Map<string, string>();
  const find = (ref: string): string => {
    let root = ref;
    while (parent.has(root)) root = parent.get(root)!;
    return root;
  };
  for (const [a, b] of overrides.link) {
    if (alone.has(a) || alone.has(b)) continue;
    const [x, y] = [find(a), find(b)];
    if (x !== y) parent.set(x, y);
  }
  const unit = find(anchor);
  for (const [a, b] of overrides.unlink) {
    if (find(a) !== unit || find(b) !== unit) continue;
    throw badInput(
      `records: linking them would make one unit of ${a} and ${b}, which the overrides file (RENTGRAPH_OVERRIDES) keeps apart with its unlink ${JSON.stringify([a, b])}; `
      + 'remove that pair from the file first (it is read again before every sync and identity change), then link again',
      'records',
    );
  }
}

/**
 * Makes an edit: reads the index, its stored overrides and the file's, plans the edit,
 * re-clusters every record under the overrides it leaves, and writes the rows and the
 * index in one transaction whose compare-and-set on the index's generation refuses it
 * if anything wrote meanwhile (a sync, an upsert, another edit, here or in another
 * process); it is then planned again on what that wrote. Resolves with the record whose
 * unit answers the change.
 */
export async function applyEdit(index: IndexStore, fileOverrides: () => Promise<Overrides>, edit: IdentityEdit, client: string): Promise<RecordRef> {
  return retryConflicts(async () => {
    // The generation first: whatever is read after it and changed meanwhile makes the write fail and run again.
    const readGeneration = await index.generation();
    const records = await index.records();
    const stored = await index.overrides();
    const file = await fileOverrides();
    const now = new Date().toISOString();
    const planned = planEdit(edit, { holds: (ref) => records.has(ref), stored, file }, { client, now });
    if (planned.changes.upsert.length === 0 && planned.changes.delete.length === 0) return planned.anchor;
    const overrides = combineOverrides(file, planned.next);
    const plan = planIndex({ next: records, stored: records, storedUnits: await index.units(), overrides, now });
    await index.write(offSyncChanges(plan, overrides, planned.changes), readGeneration);
    return planned.anchor;
  });
}
