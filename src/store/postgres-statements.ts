import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * Statements Postgres parses and plans once per connection. Kysely sends every query as
 * an unnamed statement, which the server parses and plans anew each time; a webhook runs
 * the same few texts (reusable-query.ts), and parsing them was much of the server's work.
 * A text seen a second time is given a name (a hash of it): pg prepares a named statement
 * on a pooled connection the first time it runs there, and afterwards only binds and
 * executes it.
 *
 * Bounded: at most NAMED_TEXTS texts get a name (each is a prepared statement on every
 * pooled connection, for the connection's life), and at most SEEN_TEXTS are remembered
 * as seen once; texts past either run unnamed, as before.
 */
const NAMED_TEXTS = 1_000;
const SEEN_TEXTS = 4_000;

type Query = PostgresPoolClient['query'];

export function preparingStatements(pool: pg.Pool): PostgresPool {
  /** Text → its statement name, or null when seen once. */
  const texts = new Map<string, string | null>();
  let named = 0;
  const nameOf = (text: string): string | null => {
    const known = texts.get(text);
    if (known !== undefined && known !== null) return known;
    if (known === null && named < NAMED_TEXTS) {
      const name = `rentgraph_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      texts.set(text, name);
      named++;
      return name;
    }
    if (known === undefined && texts.size < SEEN_TEXTS) texts.set(text, null);
    return null;
  };
  // One wrapper per pooled connection: Kysely keeps its connection state by client object.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const query = ((textOrCursor: string | object, parameters?: readonly unknown[]) => {
      if (typeof textOrCursor !== 'string') return client.query(textOrCursor as pg.Submittable);
      const name = nameOf(textOrCursor);
      const values = parameters === undefined ? [] : [...parameters];
      return name === null ? client.query(textOrCursor, values) : client.query({ name, text: textOrCursor, values });
    }) as unknown as Query;
    return { query, release: (destroy?: boolean) => client.release(destroy) };
  };
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (wrapper === undefined) wrappers.set(client, (wrapper = wrap(client)));
      return wrapper;
    },
    end: () => pool.end(),
  };
}
