import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Vendor } from '../domain/vendor.js';
import { countryCodeOf } from '../domain/country.js';
import { normalizeCity } from '../identity/address.js';
import { normalizePostalCode } from '../identity/postal.js';
import type { Store } from '../store/store.js';
import type { Tables } from '../store/tables.js';
import { afterSql, orderSql, positionOf, QueryInputError, valuesOf, type KeyValue, type SortKey } from './keyset.js';
import { postgresTsQueryOf, queryWords, sqliteMatchOf } from './search.js';

/**
 * Units from the read model: filtered, ordered, counted and searched in the store, one
 * statement a page (keyset pagination, see keyset.ts; on SQLite a rent-ordered search
 * first counts its matches in the FTS index to choose its plan, see SearchPlan). A filter
 * on a city, postal code or vendor matches a unit when any of its records does (vendors
 * spell one unit differently); the rest match the unit's facts (unit-facts.ts), as the
 * graph shows the unit.
 */
export interface UnitQueryFilter {
  active?: boolean | null | undefined;
  city?: string | null | undefined;
  postalCode?: string | null | undefined;
  vendor?: Vendor | null | undefined;
  search?: string | null | undefined;
  country?: string | null | undefined;
  bedroomsMin?: number | null | undefined;
  bedroomsMax?: number | null | undefined;
  occupied?: boolean | null | undefined;
  listed?: boolean | null | undefined;
  rentMin?: number | null | undefined;
  rentMax?: number | null | undefined;
}

export type UnitOrderField = 'ADDRESS' | 'CITY' | 'POSTAL_CODE' | 'BEDROOMS' | 'SQUARE_FEET' | 'RENT' | 'UPDATED_AT';
export interface UnitOrder {
  field: UnitOrderField;
  direction: 'ASC' | 'DESC';
}

/** A units filter the store cannot answer as asked; the message is for the client. */
export class UnitQueryError extends QueryInputError {
  override readonly name = 'UnitQueryError';
}

const ORDER_COLUMNS: Readonly<Record<UnitOrderField, string>> = {
  ADDRESS: 'f.address_sort',
  CITY: 'f.city_sort',
  POSTAL_CODE: 'f.postal_code',
  BEDROOMS: 'f.bedrooms',
  SQUARE_FEET: 'f.square_feet',
  RENT: 'f.rent_monthly',
  UPDATED_AT: 'f.updated_at',
};

/** Without an order, units come in their index position: stable across syncs, and the cursors of earlier releases stay valid. */
const POSITION_ORDERING = 'units';

/** The cursor ordering for an order: a cursor from one ordering is refused by another. */
export function orderingOf(orderBy: readonly UnitOrder[]): string {
  return orderBy.length === 0 ? POSITION_ORDERING : `units:${orderBy.map((o) => `${o.field}_${o.direction}`).join(',')}`;
}

export interface UnitQueryPage {
  unitKeys: string[];
  /** Each unit's cursor position (for encodeCursor with orderingOf). */
  positions: string[];
  hasNextPage: boolean;
}

type Scope = ExpressionBuilder<Tables & { u: Tables['identity_units']; f: Tables['unit_facts'] }, 'u' | 'f'>;

export interface UnitQueries {
  page(args: { first: number; after: string | null; filter: UnitQueryFilter; orderBy: readonly UnitOrder[] }): Promise<UnitQueryPage>;
  count(filter: UnitQueryFilter): Promise<number>;
}

export interface UnitQueryOptions {
  /** Matches from which a rent-ordered search page walks the rent order (SQLite); default ORDER_FIRST_MATCHES. */
  orderFirstMatches?: number;
}

export function createUnitQueries(store: Store, options: UnitQueryOptions = {}): UnitQueries {
  const orderFirstMatches = options.orderFirstMatches ?? ORDER_FIRST_MATCHES;
  const base = () =>
    store.read
      .selectFrom('identity_units as u')
      .leftJoin('unit_facts as f', 'f.unit_key', 'u.unit_key');

  const where = (filter: UnitQueryFilter, plan: SearchPlan = 'matches first') => (eb: Scope): Expression<SqlBool> => eb.and(conditionsOf(eb, filter, store.dialect, plan));

  /** 'order first' for a rent-ordered page on SQLite whose search matches many units (see SearchPlan). */
  const searchPlanOf = async (filter: UnitQueryFilter, orderBy: readonly UnitOrder[]): Promise<SearchPlan> => {
    if (store.dialect !== 'sqlite' || !given(filter.search) || orderBy[0]?.field !== 'RENT' || orderBy[0].direction !== 'ASC') return 'matches first';
    const words = queryWords(filter.search);
    if (words.length === 0) return 'matches first';
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM unit_search WHERE unit_search MATCH ${sqliteMatchOf(words)}`.execute(store.read);
    return (rows[0]?.n ?? 0) >= orderFirstMatches ? 'order first' : 'matches first';
  };

  return {
    async page({ first, after, filter, orderBy }) {
      if (orderBy.length === 0) {
        let query = base().select(['u.unit_key', 'u.position']).where(where(filter));
        if (after !== null) query = query.where('u.position', '>', after);
        const rows = await query.orderBy('u.position').limit(first + 1).execute();
        return {
          unitKeys: rows.slice(0, first).map((row) => row.unit_key),
          positions: rows.slice(0, first).map((row) => row.position),
          hasNextPage: rows.length > first,
        };
      }
      const keys: SortKey[] = orderBy.map((order) => ({ column: ORDER_COLUMNS[order.field], direction: order.direction === 'ASC' ? 'asc' : 'desc' }));
      let query = base()
        .select((eb) => ['u.unit_key', ...keys.map((key, i) => eb.ref(key.column as 'f.rent_monthly').as(`k${i}`))])
        .where(where(filter, await searchPlanOf(filter, orderBy)));
      if (after !== null) {
        let values: KeyValue[];
        try {
          values = valuesOf(after, keys.length + 1);
        } catch (error) {
          throw new UnitQueryError((error as Error).message, 'after');
        }
        query = query.where(afterSql(keys, 'u.unit_key', values));
      }
      const rows = (await query.orderBy(orderSql(keys, 'u.unit_key')).limit(first + 1).execute()) as unknown as Record<string, KeyValue>[];
      const page = rows.slice(0, first);
      return {
        unitKeys: page.map((row) => row['unit_key'] as string),
        positions: page.map((row) => positionOf([...keys.map((_, i) => row[`k${i}`] ?? null), row['unit_key'] as string])),
        hasNextPage: rows.length > first,
      };
    },
    async count(filter) {
      const row = await base().select((eb) => eb.fn.countAll<number>().as('count')).where(where(filter)).executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}

const given = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

/**
 * How SQLite joins a search to the units (Postgres plans it from the GIN index's figures).
 * 'matches first': each unit the search matches is looked up, the least work for a count or
 * a rare word. 'order first': units are walked in rent order (unit_facts_rent_order, the
 * only order with an index on its expressions), each probed against the matches (one list,
 * built once), so a page stops after its last unit however many units match. The unary +
 * keeps SQLite from turning the probe into a lookup per match; f.unit_key rather than
 * u.unit_key lets the probe run before the index row is read. Both mean the same: a unit
 * has search text exactly when it has facts (unit-facts.ts writes both in one transaction).
 */
type SearchPlan = 'matches first' | 'order first';

/**
 * Matches from which a rent-ordered page walks the order: below, looking each match up
 * costs less than the walk to the page's end. Counting the matches alone reads only the
 * FTS index (1 to 2 ms for 15,000 matches). At 100,000 units, 15,000 matches took 38 ms
 * matches first and 14 ms order first; a word matching none under the ceiling walks every
 * unit, which is why a few matches stay matches first.
 */
const ORDER_FIRST_MATCHES = 1_000;

function conditionsOf(eb: Scope, filter: UnitQueryFilter, dialect: Store['dialect'], plan: SearchPlan): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  const member = (condition: (r: ExpressionBuilder<Tables & { r: Tables['identity_records'] }, 'r'>) => Expression<SqlBool>) =>
    eb.exists(eb.selectFrom('identity_records as r').select(sql<number>`1`.as('one')).whereRef('r.unit_key', '=', 'u.unit_key').where((r) => condition(r)));
  // The index's merged flag, as the directory filters it, so a count agrees with its pages before facts exist.
  if (given(filter.active)) conditions.push(eb('u.active', '=', filter.active ? 1 : 0));
  const { vendor, city, postalCode, search, country } = filter;
  if (given(vendor)) conditions.push(member((r) => r('r.vendor', '=', vendor)));
  if (given(city)) {
    // German cities fold "ue" to "u" ("Muenchen" = "München"); the stored form depends on the record's country.
    const forms = [normalizeCity(city, null) ?? '', normalizeCity(city, 'DE') ?? ''];
    conditions.push(member((r) => r('r.city', 'in', forms)));
  }
  if (given(postalCode)) {
    // A prefix: "LS6" finds "LS6 1AB". Normalized like the stored codes (no spaces, upper case), then a range on the byte-ordered column.
    const prefix = (normalizePostalCode(postalCode, null) ?? '').replace(/[^A-Z0-9]/g, '');
    conditions.push(member((r) => r.and([r('r.postal_code', '>=', prefix), r('r.postal_code', '<', `${prefix}\u{10FFFF}`)])));
  }
  if (given(search)) {
    const words = queryWords(search);
    if (words.length === 0) throw new UnitQueryError(`expected a search with at least one letter or digit, got ${JSON.stringify(search.slice(0, 60))}`, 'filter.search');
    const matches = sql<string>`(SELECT unit_key FROM unit_search WHERE unit_search MATCH ${sqliteMatchOf(words)})`;
    conditions.push(dialect === 'postgres'
      ? sql<SqlBool>`f.search_tsv @@ to_tsquery('simple', ${postgresTsQueryOf(words)})`
      : plan === 'order first' ? sql<SqlBool>`+f.unit_key IN ${matches}` : eb('u.unit_key', 'in', matches));
  }
  if (given(country)) {
    const code = countryCodeOf(country);
    if (code === null) throw new UnitQueryError(`expected a country as an ISO 3166-1 code or name (US, GB, DE, "Germany"), got ${JSON.stringify(country.slice(0, 60))}`, 'filter.country');
    conditions.push(eb('f.country', '=', code));
  }
  const range = (column: 'f.bedrooms' | 'f.rent_monthly', min: number | null | undefined, max: number | null | undefined, name: string) => {
    if (given(min) && given(max) && min > max) throw new UnitQueryError(`expected ${name}Min at most ${name}Max, got ${min} > ${max}`, `filter.${name}Min`);
    if (given(min)) conditions.push(eb(column, '>=', min));
    if (given(max)) conditions.push(eb(column, '<=', max));
  };
  range('f.bedrooms', filter.bedroomsMin, filter.bedroomsMax, 'bedrooms');
  range('f.rent_monthly', filter.rentMin, filter.rentMax, 'rent');
  if (given(filter.occupied)) conditions.push(eb('f.occupied', '=', filter.occupied ? 1 : 0));
  if (given(filter.listed)) conditions.push(eb('f.listed', '=', filter.listed ? 1 : 0));
  return conditions;
}
