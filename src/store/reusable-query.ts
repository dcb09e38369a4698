import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { Tables } from './tables.js';

/**
 * A query built by Kysely once and run many times with new values. Building one (its
 * operation tree, then its SQL text) costs more CPU than SQLite takes to run the prepared
 * statement, so on paths that run the same few statements for every request (a webhook's
 * event and read-model writes) the query is built once, with named stand-ins for its
 * values, and each run binds the values given by name in their places.
 *
 * Contract: one reusable query serves one store (one dialect): it is compiled by the
 * first database it runs on, and a transaction of that store compiles alike. `shape`
 * tells apart forms of different SQL (the number of rows of a multi-row insert, of ids
 * in an `in` list); the caller keeps the number of shapes small. A value must not decide
 * the SQL text (a stand-in compiled where a literal would be inlined is refused).
 */
export type Param = <T>(name: string) => T;

export type ReusableQuery<R> = (db: Kysely<Tables>, values: Readonly<Record<string, unknown>>, shape?: number) => Promise<QueryResult<R>>;

interface Form {
  sql: string;
  /** Per bound parameter: the name of the value given at run time, or a value of the query itself. */
  slots: ({ name: string } | { value: unknown })[];
}

/** Stand-ins cannot clash with real values: no value the gateway binds holds this prefix. */
const MARK = '\u0000rentgraph-param\u0000';

const param: Param = <T>(name: string) => `${MARK}${name}` as T;

export function reusableQuery<R>(build: (db: Kysely<Tables>, p: Param, shape: number) => Compilable<R>): ReusableQuery<R> {
  const forms = new Map<number, Form>();
  return async (db, values, shape = 1) => {
    let form = forms.get(shape);
    if (form === undefined) {
      const compiled = build(db, param, shape).compile();
      const slots = compiled.parameters.map((value) => (typeof value === 'string' && value.startsWith(MARK) ? { name: value.slice(MARK.length) } : { value }));
      if (compiled.sql.includes(MARK)) throw new Error(`expected every stand-in of a reusable query to be bound as a parameter, got one inlined in ${JSON.stringify(compiled.sql.slice(0, 200))}`);
      form = { sql: compiled.sql, slots };
      forms.set(shape, form);
    }
    const parameters = form.slots.map((slot) => {
      if (!('name' in slot)) return slot.value;
      const value = values[slot.name];
      if (value === undefined) throw new Error(`expected a value for "${slot.name}" of the reusable query ${JSON.stringify(form.sql.slice(0, 120))}, got none`);
      return value;
    });
    return db.executeQuery(CompiledQuery.raw(form.sql, parameters) as CompiledQuery<R>);
  };
}

/** Stand-ins for a multi-row insert of `rows` rows of `columns`, named `<column><row>`; `rowValues` gives them values. */
export function rowParams<C extends string>(p: Param, columns: readonly C[], rows: number): Record<C, unknown>[] {
  return Array.from({ length: rows }, (_, i) => Object.fromEntries(columns.map((column) => [column, p(`${column}${i}`)])) as Record<C, unknown>);
}

/** The values of `rows` for stand-ins made by `rowParams`. */
export function rowValues<C extends string>(columns: readonly C[], rows: readonly { readonly [K in C]: unknown }[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  rows.forEach((row, i) => {
    for (const column of columns) values[`${column}${i}`] = row[column];
  });
  return values;
}

/** Runs `query`, a multi-row write built with `rowParams` (its shape the number of rows), over `rows`, at most `rowsPerStatement` at a time. */
export async function writeRows<C extends string>(query: ReusableQuery<unknown>, db: Kysely<Tables>, columns: readonly C[], rows: readonly { readonly [K in C]: unknown }[], rowsPerStatement: number): Promise<void> {
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    const part = rows.slice(i, i + rowsPerStatement);
    await query(db, rowValues(columns, part), part.length);
  }
}
