import { sql } from 'kysely';
import type { SharedWindow, Store } from './store.js';

export type { SharedWindow };

/**
 * A sliding-window limit shared by every process on the store: at most `requests`
 * starts in any `perMillis` window, across replicas. Each start is a row; taking one
 * runs under a lock on the window's name (Postgres advisory transaction lock; SQLite has
 * one writer), so two replicas cannot both take the last place. Times come from the
 * database's clock on Postgres, so replicas on hosts whose clocks differ still agree.
 *
 * A start can be moved to when its request ended (`settle`): a vendor counts a request
 * somewhere between our send and its answer, so a window counted from the ends can never
 * be fuller at the vendor than here.
 */
export function createSharedWindow(store: Store): SharedWindow {
  const postgres = store.dialect === 'postgres';
  const now = () => (postgres ? sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint` : sql<number>`${Date.now()}`);
  return {
    tryTake: (name, limit) =>
      store.transaction(async ({ db }) => {
        if (postgres) await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`rate:${name}`}, 0))`.execute(db);
        const { rows } = await sql<{ now: number }>`SELECT ${now()} AS now`.execute(db);
        const at = Number(rows[0]!.now);
        await db.deleteFrom('rate_limit_log').where('name', '=', name).where('at', '<=', at - limit.perMillis).execute();
        const inWindow = await db.selectFrom('rate_limit_log').select('at').where('name', '=', name).orderBy('at').execute();
        if (inWindow.length >= limit.requests) {
          const oldest = inWindow[inWindow.length - limit.requests]!.at;
          return { taken: false as const, retryInMillis: Math.max(1, oldest + limit.perMillis - at) };
        }
        const inserted = await db.insertInto('rate_limit_log').values({ name, at }).returning('id').executeTakeFirstOrThrow();
        return { taken: true as const, id: inserted.id };
      }),
    async settle(id) {
      const { rows } = await sql<{ now: number }>`SELECT ${now()} AS now`.execute(store.write);
      await store.write.updateTable('rate_limit_log').set({ at: Number(rows[0]!.now) }).where('id', '=', id).execute();
    },
    async giveBack(id) {
      await store.write.deleteFrom('rate_limit_log').where('id', '=', id).execute();
    },
  };
}

/**
 * Deletes places older than `olderThanMillis` from every window (a window longer than
 * that must not exist). A busy window clears its own old places when taken; this clears
 * those no one takes any more, such as the window of one identical request.
 */
export async function pruneSharedWindows(store: Store, olderThanMillis: number): Promise<number> {
  const cutoff = store.dialect === 'postgres'
    ? sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint - ${olderThanMillis}`
    : sql<number>`${Date.now() - olderThanMillis}`;
  const result = await store.write.deleteFrom('rate_limit_log').where('at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
