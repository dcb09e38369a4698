import { sql } from 'kysely';
import type { Store } from './store.js';

/**
 * True when the database answers a trivial query within `timeoutMillis`: for /readyz,
 * which a load balancer asks often, so the query is the cheapest there is.
 */
export async function pingStore(store: Store, timeoutMillis: number): Promise<boolean> {
  if (!store.isOpen()) return false;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMillis);
    timer.unref();
  });
  try {
    return await Promise.race([sql`SELECT 1`.execute(store.read).then(() => true, () => false), late]);
  } finally {
    clearTimeout(timer);
  }
}
