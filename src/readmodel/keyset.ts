import { sql, type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';

/**
 * Keyset pagination over an ordering of several columns, each ascending or descending,
 * nulls always last, ended by a unique key: a cursor holds the last row's values, and
 * the next page is "rows after these values in this order". Stable while rows are added
 * or removed, and as fast on page 1,000 as on page 1 (no OFFSET).
 */
export interface SortKey {
  /** A column reference, e.g. "f.rent_monthly" (trusted: never from a client). */
  column: string;
  direction: 'asc' | 'desc';
}

export type KeyValue = string | number | null;

const ref = (column: string): RawBuilder<unknown> => sql.ref(column);

/** ORDER BY for `keys` then `unique` ascending: each key's nulls after its values. */
export function orderSql(keys: readonly SortKey[], unique: string): RawBuilder<unknown> {
  const parts = keys.flatMap((key) => [
    sql`(${ref(key.column)} IS NULL) ${sql.raw('ASC')}`,
    sql`${ref(key.column)} ${sql.raw(key.direction === 'asc' ? 'ASC' : 'DESC')}`,
  ]);
  parts.push(sql`${ref(unique)} ASC`);
  return sql.join(parts, sql`, `);
}

/**
 * Rows after the cursor (`values` holds one value per key, then the unique key's), in the
 * order orderSql gives. Written as "(k1 after v1) OR (k1 same as v1 AND k2 after v2) …".
 */
export function afterSql(keys: readonly SortKey[], unique: string, values: readonly KeyValue[]): Expression<SqlBool> {
  if (values.length !== keys.length + 1) throw new RangeError(`expected ${keys.length + 1} cursor values, got ${values.length}`);
  const same = (column: string, value: KeyValue) => (value === null ? sql<SqlBool>`${ref(column)} IS NULL` : sql<SqlBool>`${ref(column)} = ${value}`);
  const after = (key: SortKey, value: KeyValue): RawBuilder<SqlBool> | null => {
    // Nulls come last: after a null only other nulls (decided by later keys); after a value, larger (or smaller) values and every null.
    if (value === null) return null;
    const op = sql.raw(key.direction === 'asc' ? '>' : '<');
    return sql<SqlBool>`(${ref(key.column)} ${op} ${value} OR ${ref(key.column)} IS NULL)`;
  };
  const branches: RawBuilder<SqlBool>[] = [];
  for (let i = 0; i <= keys.length; i++) {
    const equal = keys.slice(0, i).map((key, j) => same(key.column, values[j]!));
    const last = i === keys.length ? sql<SqlBool>`${ref(unique)} > ${values[i]!}` : after(keys[i]!, values[i]!);
    if (last === null) continue;
    branches.push(sql<SqlBool>`(${sql.join([...equal, last], sql` AND `)})`);
  }
  return branches.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`(${sql.join(branches, sql` OR `)})`;
}

/** A cursor position: the values as JSON (the cursor itself is opaque to clients; see domain/ids.ts). */
export function positionOf(values: readonly KeyValue[]): string {
  return JSON.stringify(values);
}

/** The values of a position written by positionOf; throws RangeError when it is not one for `count` keys. */
export function valuesOf(position: string, count: number): KeyValue[] {
  let values: unknown;
  try {
    values = JSON.parse(position);
  } catch {
    throw new RangeError('expected a cursor position, got text that is not one');
  }
  if (!Array.isArray(values) || values.length !== count || !values.every((v) => v === null || typeof v === 'string' || typeof v === 'number')) {
    throw new RangeError(`expected a cursor position of ${count} values`);
  }
  return values as KeyValue[];
}

/** Input a read-model query cannot answer as asked (a bad filter value, a cursor of another ordering); the message is for the client. */
export class QueryInputError extends Error {
  override readonly name: string = 'QueryInputError';
  /** The argument at fault, e.g. "filter.search" or "after". */
  constructor(message: string, readonly field: string) {
    super(message);
  }
}

export interface KeysetPage {
  /** The page's rows: the selected columns, then k0, k1, … (the sort keys) and `unique`'s column. */
  rows: Record<string, unknown>[];
  /** Each row's cursor position (positionOf). */
  positions: string[];
  hasNextPage: boolean;
}

/**
 * One page of `query` (its FROM, WHERE and selected columns set) in the order of `keys`
 * then `unique`, after the position `after` (null: from the start). One statement: it
 * reads first + 1 rows, the extra one saying whether a next page exists.
 */
export async function keysetPage(
  // The query's tables are the caller's; this only adds key columns, a condition, the order and a limit.
  query: SelectQueryBuilder<never, never, Record<string, unknown>>,
  keys: readonly SortKey[],
  unique: string,
  first: number,
  after: string | null,
): Promise<KeysetPage> {
  let paged = query.select([...keys.map((key, i) => ref(key.column).as(`k${i}`)), ref(unique).as('k_unique')] as never);
  if (after !== null) {
    let values: KeyValue[];
    try {
      values = valuesOf(after, keys.length + 1);
    } catch (error) {
      throw new QueryInputError(`${(error as Error).message}; expected a cursor of this list with this order`, 'after');
    }
    paged = paged.where(afterSql(keys, unique, values) as never);
  }
  const rows = (await paged.orderBy(orderSql(keys, unique) as never).limit(first + 1).execute()) as Record<string, unknown>[];
  const page = rows.slice(0, first);
  return {
    rows: page,
    positions: page.map((row) => positionOf([...keys.map((_, i) => (row[`k${i}`] ?? null) as KeyValue), row['k_unique'] as KeyValue])),
    hasNextPage: rows.length > first,
  };
}
