import type { LeaseModel, LeasingEventModel, ProspectModel, TenantModel } from '../domain/models.js';
import { utcIsoOrNull } from '../domain/dates.js';
import { refKey } from '../domain/ids.js';
import { fold, foldGermanDigraphs, words } from '../domain/text.js';
import { sql, type RawBuilder } from 'kysely';
import { reusableQuery, writeRows, type ReusableQuery } from '../store/reusable-query.js';
import type { StoreTx } from '../store/store.js';
import type { LeaseFactsTable, PersonFactsTable } from '../store/tables.js';
import type { RecordDraft, RecordKey, RecordKind } from '../ports/read-model.js';

/**
 * Facts of single records, kept beside them in the transaction that writes them: a
 * lease's dates (lease_facts) and a tenant's or prospect's name, email and phone in the
 * form lookups compare (person_facts). A prospect's stage is that of its latest leasing
 * event, kept as events arrive (and looked up when the prospect itself arrives later).
 */

/** "  Ann.Lee@Example.COM " → "ann.lee@example.com"; null when empty. */
export function normalizeEmail(email: string | null | undefined): string | null {
  const value = email?.trim().toLowerCase() ?? '';
  return value === '' ? null : value;
}

/**
 * The last ten digits of a phone number, so that "+1 (555) 123-4567" and "555.123.4567"
 * agree; null for fewer than seven digits (no phone number).
 */
export function normalizePhone(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits.length < 7 ? null : digits.slice(-10);
}

/** "Jürgen  Müller" → "jurgen muller" (folded like addresses: "Juergen Mueller" too). */
export function normalizeName(name: string | null | undefined): string | null {
  const value = words(foldGermanDigraphs(fold(name ?? ''))).join(' ');
  return value === '' ? null : value;
}

const utc = utcIsoOrNull;

const refOrNull = (draft: RecordDraft): string | null => (draft.unitRef === null || draft.unitRef === undefined ? null : refKey(draft.unitRef));

/** The kinds that have facts here. */
const WITH_FACTS: ReadonlySet<RecordKind> = new Set(['LEASE', 'TENANT', 'PROSPECT', 'LEASING_EVENT']);

const CHUNK = 400;
/** Prospects per stage update: few forms of it are compiled. */
const CHUNK_STAGES = 32;
const chunks = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
};

export interface RecordFacts {
  /** Writes the facts of records `apply` just wrote (new or changed). */
  write(tx: StoreTx, drafts: readonly RecordDraft[]): Promise<void>;
  /** Deletes the facts of records `apply` or a sweep just deleted. */
  delete(tx: StoreTx, keys: readonly RecordKey[]): Promise<void>;
}

/** The record facts of one store (its queries are built for that store's dialect). */
export function createRecordFacts(): RecordFacts {
  // Built once per number of prospects: every leasing event moves its prospect's stage
  // (reusable-query.ts). One statement for many prospects: each row takes the values given
  // for it, and only when they are not older than its stage (CASE by vendor and id).
  const moveStages = reusableQuery((db, p, prospects) => {
    const indexes = Array.from({ length: prospects }, (_, i) => i);
    const byProspect = (value: (i: number) => RawBuilder<unknown>) =>
      sql`case ${sql.join(indexes.map((i) => sql`when ${sql.ref('vendor')} = ${p<string>(`vendor${i}`)} and ${sql.ref('external_id')} = ${p<string>(`externalId${i}`)} then ${value(i)}`), sql` `)} end`;
    return db.updateTable('person_facts')
      .set({ stage: byProspect((i) => sql`${p<string>(`stage${i}`)}`) as RawBuilder<string>, stage_at: byProspect((i) => sql`${p<string>(`at${i}`)}`) as RawBuilder<string> })
      .where('kind', '=', 'PROSPECT')
      .where('external_id', 'in', indexes.map((i) => p<string>(`externalId${i}`)))
      .where(byProspect((i) => sql`(${sql.ref('stage_at')} is null or ${sql.ref('stage_at')} <= ${p<string>(`at${i}`)})`) as RawBuilder<boolean>);
  });
  return {
    write: (tx, drafts) => writeRecordFacts(tx, drafts, moveStages),
    delete: deleteRecordFacts,
  };
}

async function writeRecordFacts(tx: StoreTx, drafts: readonly RecordDraft[], moveStages: ReusableQuery<unknown>): Promise<void> {
  const relevant = drafts.filter((draft) => WITH_FACTS.has(draft.kind));
  if (relevant.length === 0) return;
  const leases: LeaseFactsTable[] = [];
  const people: PersonFactsTable[] = [];
  const events: LeasingEventModel[] = [];
  for (const draft of relevant) {
    switch (draft.kind) {
      case 'LEASE': {
        const lease = draft.model as LeaseModel;
        leases.push({
          vendor: draft.vendor, external_id: draft.externalId, unit_ref: refOrNull(draft),
          starts_at: utc(lease.start), ends_at: utc(lease.end), move_in_at: utc(lease.moveIn), move_out_at: utc(lease.moveOut), status: lease.statedStatus ?? null,
        });
        break;
      }
      case 'TENANT': {
        const tenant = draft.model as TenantModel;
        people.push({
          kind: 'TENANT', vendor: draft.vendor, external_id: draft.externalId, unit_ref: refOrNull(draft),
          name: normalizeName(tenant.name), email: normalizeEmail(tenant.email), phone: normalizePhone(tenant.phone), created_at: null, stage: null, stage_at: null,
        });
        break;
      }
      case 'PROSPECT': {
        const prospect = draft.model as ProspectModel;
        people.push({
          kind: 'PROSPECT', vendor: draft.vendor, external_id: draft.externalId, unit_ref: refOrNull(draft),
          name: normalizeName(prospect.name), email: normalizeEmail(prospect.email), phone: normalizePhone(prospect.phone), created_at: utc(prospect.createdAt), stage: null, stage_at: null,
        });
        break;
      }
      case 'LEASING_EVENT':
        events.push(draft.model as LeasingEventModel);
        break;
      default:
        break;
    }
  }
  for (const part of chunks(leases)) {
    await tx.db.insertInto('lease_facts').values(part).onConflict((oc) => oc.columns(['vendor', 'external_id']).doUpdateSet((eb) => ({
      unit_ref: eb.ref('excluded.unit_ref'), starts_at: eb.ref('excluded.starts_at'), ends_at: eb.ref('excluded.ends_at'),
      move_in_at: eb.ref('excluded.move_in_at'), move_out_at: eb.ref('excluded.move_out_at'), status: eb.ref('excluded.status'),
    }))).execute();
  }
  // A prospect that arrives after its leasing events takes its stage from the latest of them.
  const prospects = people.filter((person) => person.kind === 'PROSPECT');
  for (const part of chunks(prospects)) {
    const rows = await tx.db
      .selectFrom('records')
      .select(['parent_ref', 'model'])
      .where('kind', '=', 'LEASING_EVENT')
      .where('parent_ref', 'in', part.map((p) => `${p.vendor}:${p.external_id}`))
      .execute();
    const latest = new Map<string, { stage: string; at: string }>();
    for (const row of rows) {
      const event = JSON.parse(row.model) as LeasingEventModel;
      const at = utc(event.occurredAt);
      const known = latest.get(row.parent_ref!);
      if (at !== null && (known === undefined || at >= known.at)) latest.set(row.parent_ref!, { stage: event.stage, at });
    }
    for (const person of part) {
      const found = latest.get(`${person.vendor}:${person.external_id}`);
      if (found !== undefined) {
        person.stage = found.stage;
        person.stage_at = found.at;
      }
    }
  }
  for (const part of chunks(people)) {
    await tx.db.insertInto('person_facts').values(part).onConflict((oc) => oc.columns(['kind', 'vendor', 'external_id']).doUpdateSet((eb) => ({
      unit_ref: eb.ref('excluded.unit_ref'), name: eb.ref('excluded.name'), email: eb.ref('excluded.email'), phone: eb.ref('excluded.phone'),
      created_at: eb.ref('excluded.created_at'), stage: eb.ref('excluded.stage'), stage_at: eb.ref('excluded.stage_at'),
    }))).execute();
  }
  // A prospect takes the stage of its latest event (the last given of equal times, as if
  // written one by one): one update per prospect, however many of its events came together.
  const latest = new Map<string, { stage: string; at: string; vendor: string; externalId: string }>();
  for (const event of events) {
    const at = utc(event.occurredAt);
    if (event.prospect === null || at === null) continue;
    const key = refKey(event.prospect);
    const known = latest.get(key);
    if (known === undefined || at >= known.at) latest.set(key, { stage: event.stage, at, vendor: event.prospect.vendor, externalId: event.prospect.externalId });
  }
  await writeRows(moveStages, tx.db, ['stage', 'at', 'vendor', 'externalId'], [...latest.values()], CHUNK_STAGES);
}

async function deleteRecordFacts(tx: StoreTx, keys: readonly RecordKey[]): Promise<void> {
  const leases = keys.filter((key) => key.kind === 'LEASE');
  const people = keys.filter((key) => key.kind === 'TENANT' || key.kind === 'PROSPECT');
  for (const part of chunks(leases)) {
    await tx.db.deleteFrom('lease_facts').where((eb) => eb.or(part.map((key) => eb.and([eb('vendor', '=', key.vendor), eb('external_id', '=', key.externalId)])))).execute();
  }
  for (const part of chunks(people)) {
    await tx.db.deleteFrom('person_facts').where((eb) => eb.or(part.map((key) => eb.and([eb('kind', '=', key.kind), eb('vendor', '=', key.vendor), eb('external_id', '=', key.externalId)])))).execute();
  }
}
