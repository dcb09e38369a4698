import { sql, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { LeasingEventModel, LeasingStage, SourceRef } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';
import type { Store } from '../store/store.js';
import type { Tables } from '../store/tables.js';
import type { RecordKind } from '../ports/read-model.js';
import { keysetPage, QueryInputError, type SortKey } from './keyset.js';
import { normalizeEmail, normalizeName, normalizePhone } from './record-facts.js';

/**
 * Leases, tenants, prospects and leasing history from the read model's fact tables:
 * filtered, ordered and counted in the store, one statement a page (keyset pagination,
 * keyset.ts), so that a count is the same WHERE as the pages it counts.
 */

export type OrderDirection = 'ASC' | 'DESC';
export interface FactOrder<F extends string> {
  field: F;
  direction: OrderDirection;
}

/** A page of records, by ref, in order. */
export interface RefPage {
  refs: SourceRef[];
  /** Each record's cursor position. */
  positions: string[];
  hasNextPage: boolean;
}

export interface PageArgs<Filter, Order = never> {
  first: number;
  after: string | null;
  filter: Filter;
  orderBy?: readonly Order[];
}

export interface FactQueries<Filter, Order = never> {
  page(args: PageArgs<Filter, Order>): Promise<RefPage>;
  count(filter: Filter): Promise<number>;
}

const given = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

/** A client's date-time as stored (UTC ISO 8601, whose text order is time order). */
function utcOf(value: string, field: string): string {
  const millis = Date.parse(value);
  if (Number.isNaN(millis)) throw new QueryInputError(`expected ${field} to be an ISO 8601 date-time, got ${JSON.stringify(value.slice(0, 60))}`, field);
  return new Date(millis).toISOString();
}

/** Conditions for [after, before) on a UTC ISO column: `after` inclusive, `before` exclusive. */
function timeRange(
  column: string, after: string | null | undefined, before: string | null | undefined, names: [string, string],
): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  const from = given(after) ? utcOf(after, names[0]) : null;
  const to = given(before) ? utcOf(before, names[1]) : null;
  if (from !== null && to !== null && from > to) throw new QueryInputError(`expected ${names[0]} at or before ${names[1]}, got ${from} > ${to}`, names[0]);
  if (from !== null) conditions.push(sql<SqlBool>`${sql.ref(column)} >= ${from}`);
  if (to !== null) conditions.push(sql<SqlBool>`${sql.ref(column)} < ${to}`);
  return conditions;
}

/** "VENDOR:id" of a fact row's record, in SQL (both engines concatenate with ||). */
const refOfRow = (alias: string) => sql<string>`${sql.ref(`${alias}.vendor`)} || ':' || ${sql.ref(`${alias}.external_id`)}`;

/** The last sort key before the id, when none of the query's own decides: by vendor, then the vendor's id. */
const BY_VENDOR: SortKey = { column: 'vendor', direction: 'asc' };

const refsOf = (rows: readonly Record<string, unknown>[]): SourceRef[] =>
  rows.map((row) => ({ vendor: row['vendor'] as Vendor, externalId: row['external_id'] as string }));

/** A query's FROM and WHERE, as factQueries takes it (its tables are the caller's, aliased). */
type Filtered = SelectQueryBuilder<Tables, keyof Tables, object>;

/**
 * Page and count over one filtered query: `filtered` gives the FROM and WHERE of a filter,
 * `keysOf` the order of a page (before `unique`, the id column); a page selects `columns`
 * (the record's vendor and id).
 */
function factQueries<Filter, Order = never>(
  filtered: (filter: Filter) => unknown,
  columns: readonly [string, string],
  keysOf: (orderBy: readonly Order[]) => SortKey[],
  unique: string,
): FactQueries<Filter, Order> {
  const query = (filter: Filter) => filtered(filter) as Filtered;
  return {
    async page({ first, after, filter, orderBy = [] }) {
      const page = await keysetPage(query(filter).select(columns as never) as never, keysOf(orderBy), unique, first, after);
      return { refs: refsOf(page.rows), positions: page.positions, hasNextPage: page.hasNextPage };
    },
    async count(filter) {
      return Number((await query(filter).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()).count);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Records of one kind (records), by vendor then id

export interface RecordListFilter {
  vendor?: Vendor | null | undefined;
}

export function createRecordListQueries(store: Store, kind: RecordKind): FactQueries<RecordListFilter> {
  const filtered = (filter: RecordListFilter) => {
    const query = store.read.selectFrom('records as r').where('r.kind', '=', kind);
    return given(filter.vendor) ? query.where('r.vendor', '=', filter.vendor) : query;
  };
  return factQueries(filtered, ['r.vendor', 'r.external_id'], () => [{ ...BY_VENDOR, column: 'r.vendor' }], 'r.external_id');
}

// ---------------------------------------------------------------------------------------------
// Leases (lease_facts)

export interface LeaseQueryFilter {
  /** Not PAST (CURRENT, FUTURE or no status) at `at`; false: PAST. */
  active?: boolean | null | undefined;
  /** The status at `at`. */
  status?: string | null | undefined;
  /** The instant `status` and `active` are judged at; default now. Give a page and its count the same one. */
  at?: Date | undefined;
  /** Leases of any of these unit-like records ("VENDOR:id"); an empty list matches none. */
  unitRefs?: readonly string[] | null | undefined;
  /** Leases this tenant record ("VENDOR:id") is a tenant of. */
  tenantRef?: string | null | undefined;
  startsAfter?: string | null | undefined;
  startsBefore?: string | null | undefined;
  endsAfter?: string | null | undefined;
  endsBefore?: string | null | undefined;
}
export type LeaseOrderField = 'START' | 'END' | 'MOVE_IN' | 'MOVE_OUT';

const LEASE_COLUMNS: Readonly<Record<LeaseOrderField, string>> = { START: 'l.starts_at', END: 'l.ends_at', MOVE_IN: 'l.move_in_at', MOVE_OUT: 'l.move_out_at' };


type LeaseScope = ExpressionBuilder<Tables & { l: Tables['lease_facts'] }, 'l'>;

/**
 * A lease's status at `at`: the one its vendor states, else the one its dates give
 * (leaseStatusAt in domain/leases.ts, the same rule: ended before `at` is PAST, starting
 * after it FUTURE, neither date none, else CURRENT). Dates are UTC ISO text, compared as text.
 */
function leaseStatusSql(at: Date): Expression<string | null> {
  const now = at.toISOString();
  return sql<string | null>`coalesce(l.status, case
    when l.ends_at < ${now} then 'PAST'
    when l.starts_at > ${now} then 'FUTURE'
    when l.starts_at is null and l.ends_at is null then null
    else 'CURRENT' end)`;
}

function leaseConditions(eb: LeaseScope, filter: LeaseQueryFilter): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  const status = leaseStatusSql(filter.at ?? new Date());
  if (given(filter.active)) conditions.push(filter.active ? eb.or([eb(status, 'is', null), eb(status, '!=', 'PAST')]) : eb(status, '=', 'PAST'));
  if (given(filter.status)) conditions.push(eb(status, '=', filter.status));
  if (given(filter.unitRefs)) conditions.push(filter.unitRefs.length === 0 ? sql<SqlBool>`1 = 0` : eb('l.unit_ref', 'in', [...filter.unitRefs]));
  if (given(filter.tenantRef)) {
    conditions.push(eb.exists(eb.selectFrom('record_links as t').select(sql<number>`1`.as('one'))
      .where('t.link', '=', 'lease_tenant').where('t.to_ref', '=', filter.tenantRef).where(sql<SqlBool>`t.from_ref = ${refOfRow('l')}`)));
  }
  conditions.push(...timeRange('l.starts_at', filter.startsAfter, filter.startsBefore, ['filter.startsAfter', 'filter.startsBefore']));
  conditions.push(...timeRange('l.ends_at', filter.endsAfter, filter.endsBefore, ['filter.endsAfter', 'filter.endsBefore']));
  return conditions;
}

/** The cursor ordering of a lease order (a cursor of one ordering is refused by another). */
export function leaseOrderingOf(orderBy: readonly FactOrder<LeaseOrderField>[]): string {
  return `leases:${orderBy.map((o) => `${o.field}_${o.direction}`).join(',')}`;
}

export function createLeaseQueries(store: Store): FactQueries<LeaseQueryFilter, FactOrder<LeaseOrderField>> {
  const filtered = (filter: LeaseQueryFilter) => store.read.selectFrom('lease_facts as l').where((eb) => eb.and(leaseConditions(eb, filter)));
  const keysOf = (orderBy: readonly FactOrder<LeaseOrderField>[]): SortKey[] => [
    ...orderBy.map((o): SortKey => ({ column: LEASE_COLUMNS[o.field], direction: o.direction === 'ASC' ? 'asc' : 'desc' })),
    { ...BY_VENDOR, column: 'l.vendor' },
  ];
  return factQueries(filtered, ['l.vendor', 'l.external_id'], keysOf, 'l.external_id');
}

// ---------------------------------------------------------------------------------------------
// Tenants and prospects (person_facts)

export interface PersonQueryFilter {
  /** Words of a name, an email or a phone number: each word must be in one of them. */
  search?: string | null | undefined;
  email?: string | null | undefined;
  /** Words of the name, each of them in it. */
  name?: string | null | undefined;
  phone?: string | null | undefined;
  vendor?: Vendor | null | undefined;
  createdAfter?: string | null | undefined;
  createdBefore?: string | null | undefined;
  /** The stage of the prospect's latest leasing event is one of these. */
  stages?: readonly LeasingStage[] | null | undefined;
}

type PersonScope = ExpressionBuilder<Tables & { p: Tables['person_facts'] }, 'p'>;

/** At most this many words of a search or name; more narrows nothing a person would type. */
const MAX_WORDS = 8;

function wordsOf(text: string, field: string): string[] {
  const found = (normalizeName(text) ?? '').split(' ').filter((word) => word !== '');
  if (found.length === 0) throw new QueryInputError(`expected ${field} with at least one letter or digit, got ${JSON.stringify(text.slice(0, 60))}`, field);
  return found.slice(0, MAX_WORDS);
}

/** `column` contains `word` (words are letters and digits only, so nothing in them is a LIKE wildcard). */
const contains = (eb: PersonScope, column: 'p.name' | 'p.email' | 'p.phone', word: string) => eb(column, 'like', `%${word}%`);

function personConditions(eb: PersonScope, kind: 'TENANT' | 'PROSPECT', filter: PersonQueryFilter): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [eb('p.kind', '=', kind)];
  if (given(filter.search)) {
    for (const word of wordsOf(filter.search, 'filter.search')) {
      const digits = /^\d+$/.test(word) ? [contains(eb, 'p.phone', word)] : [];
      conditions.push(eb.or([contains(eb, 'p.name', word), contains(eb, 'p.email', word), ...digits]));
    }
  }
  if (given(filter.email)) {
    const email = normalizeEmail(filter.email);
    if (email === null) throw new QueryInputError('expected filter.email to be an email address, got an empty one', 'filter.email');
    conditions.push(eb('p.email', '=', email));
  }
  if (given(filter.name)) for (const word of wordsOf(filter.name, 'filter.name')) conditions.push(contains(eb, 'p.name', word));
  if (given(filter.phone)) {
    const phone = normalizePhone(filter.phone);
    if (phone === null) throw new QueryInputError(`expected filter.phone to be a phone number (7 digits or more), got ${JSON.stringify(filter.phone.slice(0, 40))}`, 'filter.phone');
    conditions.push(eb('p.phone', '=', phone));
  }
  if (given(filter.vendor)) conditions.push(eb('p.vendor', '=', filter.vendor));
  conditions.push(...timeRange('p.created_at', filter.createdAfter, filter.createdBefore, ['filter.createdAfter', 'filter.createdBefore']));
  if (given(filter.stages)) conditions.push(filter.stages.length === 0 ? sql<SqlBool>`1 = 0` : eb('p.stage', 'in', [...filter.stages]));
  return conditions;
}

/** Tenants by name (A to Z, without a name last), prospects newest first; then vendor and id. */
const PERSON_ORDER: Readonly<Record<'TENANT' | 'PROSPECT', SortKey>> = {
  TENANT: { column: 'p.name', direction: 'asc' },
  PROSPECT: { column: 'p.created_at', direction: 'desc' },
};

export function createPersonQueries(store: Store, kind: 'TENANT' | 'PROSPECT'): FactQueries<PersonQueryFilter> {
  const filtered = (filter: PersonQueryFilter) => store.read.selectFrom('person_facts as p').where((eb) => eb.and(personConditions(eb, kind, filter)));
  return factQueries(filtered, ['p.vendor', 'p.external_id'], () => [PERSON_ORDER[kind], { ...BY_VENDOR, column: 'p.vendor' }], 'p.external_id');
}

// ---------------------------------------------------------------------------------------------
// Leasing history (leasing_history)

export interface HistoryQueryFilter {
  /** Events at any of these unit-like records ("VENDOR:id"); an empty list matches none. */
  unitRefs?: readonly string[] | null | undefined;
  /** Events of any of these prospect records ("VENDOR:id"). */
  prospectRefs?: readonly string[] | null | undefined;
  stages?: readonly LeasingStage[] | null | undefined;
  /** occurredAt at or after. */
  from?: string | null | undefined;
  /** occurredAt before. */
  to?: string | null | undefined;
}

export interface HistoryPage {
  events: LeasingEventModel[];
  positions: string[];
  hasNextPage: boolean;
}

export interface HistoryQueries {
  page(args: PageArgs<HistoryQueryFilter>): Promise<HistoryPage>;
  count(filter: HistoryQueryFilter): Promise<number>;
}

type HistoryScope = ExpressionBuilder<Tables & { h: Tables['leasing_history'] }, 'h'>;

function historyConditions(eb: HistoryScope, filter: HistoryQueryFilter): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  const within = (column: 'h.unit_ref' | 'h.prospect_ref', refs: readonly string[] | null | undefined) => {
    if (given(refs)) conditions.push(refs.length === 0 ? sql<SqlBool>`1 = 0` : eb(column, 'in', [...refs]));
  };
  within('h.unit_ref', filter.unitRefs);
  within('h.prospect_ref', filter.prospectRefs);
  if (given(filter.stages)) conditions.push(filter.stages.length === 0 ? sql<SqlBool>`1 = 0` : eb('h.stage', 'in', [...filter.stages]));
  conditions.push(...timeRange('h.occurred_at', filter.from, filter.to, ['filter.from', 'filter.to']));
  return conditions;
}

/** Newest first; events of one instant by vendor, then id. */
const HISTORY_ORDER: readonly SortKey[] = [{ column: 'h.occurred_at', direction: 'desc' }, { column: 'h.vendor', direction: 'asc' }];

export function createHistoryQueries(store: Store): HistoryQueries {
  const filtered = (filter: HistoryQueryFilter) => store.read.selectFrom('leasing_history as h').where((eb) => eb.and(historyConditions(eb, filter)));
  return {
    async page({ first, after, filter }) {
      const page = await keysetPage(filtered(filter).select(['h.model']) as never, HISTORY_ORDER, 'h.external_id', first, after);
      return { events: page.rows.map((row) => JSON.parse(row['model'] as string) as LeasingEventModel), positions: page.positions, hasNextPage: page.hasNextPage };
    },
    async count(filter) {
      return Number((await filtered(filter).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()).count);
    },
  };
}
