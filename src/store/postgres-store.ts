import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrate } from './migrate.js';
import { preparingStatements } from './postgres-statements.js';
import type { Leadership, NotifyChannel, Store, StoreTx } from './store.js';
import type { Tables } from './tables.js';

/**
 * The shared store: Postgres, for several replicas. Queries go through a pool; one more
 * connection LISTENs for the other replicas' notifications, and each leadership holds a
 * connection of its own, because a session advisory lock lives exactly as long as its
 * session: when the leader dies, Postgres frees the lock and another replica takes it.
 */
export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Pooled connections for queries. Default 10. */
  poolSize?: number;
  /** Told when a background connection (listener, leadership) fails; it is retried. */
  onError?: (error: unknown, what: string) => void;
}

const NOTIFY_CHANNELS: readonly NotifyChannel[] = ['rentgraph_events', 'rentgraph_records'];
const LISTEN_RETRY_MILLIS = 1000;

/**
 * Who sent a notification (each open store is its own origin): a store's listeners hear
 * its own notifications at commit, so the copy Postgres delivers back is dropped. What
 * goes over the wire is `<origin>|<payload>`.
 */
const ORIGIN_END = '|';

/** A notification's origin and payload; a payload without an origin is another sender's. */
function unwrap(message: string): { origin: string | null; payload: string } {
  const end = message.indexOf(ORIGIN_END);
  return end === -1 ? { origin: null, payload: message } : { origin: message.slice(0, end), payload: message.slice(end + 1) };
}

const HEARTBEAT_MILLIS = 5000;

/** BIGINT (epoch milliseconds, seqs) as numbers: every value we store is below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** The URL without its password, for logs and /readyz. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/**
 * A connection that stays up: TCP keepalive on both ends, so a leader cut off by the
 * network is noticed by Postgres (which then frees its locks) within about 25 s.
 */
function sessionClient(url: string): pg.Client {
  return new pg.Client({ connectionString: url, types, keepAlive: true, keepAliveInitialDelayMillis: 5000 });
}

async function keepSessionAlive(client: pg.Client): Promise<void> {
  await client.query('SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3');
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const { url } = options;
  const onError = options.onError ?? (() => {});
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types });
  // An idle pooled connection that fails is dropped by the pool; without a listener the error would crash the process.
  pool.on('error', (error) => onError(error, 'pooled connection'));
  const migration = await pool.connect();
  try {
    await migrate({
      dialect: 'postgres',
      exec: async (text) => void (await migration.query(text)),
      rows: async <R>(text: string, parameters: readonly unknown[] = []) => (await migration.query(text, [...parameters])).rows as R[],
    });
  } finally {
    migration.release();
  }
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: preparingStatements(pool) }) });
  const bus = new EventEmitter().setMaxListeners(0);
  const origin = randomUUID();
  let open = true;
  let healthy = true;

  // The listener reconnects until close. After a reconnect it tells every channel's
  // listeners with an empty payload: notifications sent while it was away are lost, so
  // they read again.
  let listener: pg.Client | null = null;
  let firstListen!: () => void;
  const listeningOnce = new Promise<void>((resolve) => (firstListen = resolve));
  const listen = async (): Promise<void> => {
    while (open) {
      const client = sessionClient(url);
      try {
        await client.connect();
        await keepSessionAlive(client);
        for (const channel of NOTIFY_CHANNELS) await client.query(`LISTEN ${channel}`);
        client.on('notification', (message) => {
          const { origin: from, payload } = unwrap(message.payload ?? '');
          // This process heard its own at commit (transaction below).
          if (from !== origin) bus.emit(message.channel, payload);
        });
        listener = client;
        healthy = true;
        firstListen();
        for (const channel of NOTIFY_CHANNELS) bus.emit(channel, '');
        await new Promise<void>((resolve) => {
          client.once('error', (error) => {
            onError(error, 'notification listener');
            resolve();
          });
          client.once('end', resolve);
        });
      } catch (error) {
        if (open) onError(error, 'notification listener');
      }
      listener = null;
      healthy = false;
      await client.end().catch(() => undefined);
      if (open) await new Promise((resolve) => setTimeout(resolve, LISTEN_RETRY_MILLIS).unref());
    }
  };
  const listening = listen();
  // Return only once notifications are heard, so none sent after open is missed.
  await listeningOnce;
  const leaderships = new Set<() => Promise<void>>();

  return {
    dialect: 'postgres',
    location: redactDatabaseUrl(url),
    read: db,
    write: db,
    async transaction(work) {
      const sent: [NotifyChannel, string][] = [];
      return db.transaction().execute(async (trx) => {
        const tx: StoreTx = {
          db: trx,
          notify: (channel, payload) => void sent.push([channel, payload]),
        };
        const result = await work(tx);
        // Postgres delivers a NOTIFY when (and only if) its transaction commits, in the order
        // sent: all of them go in one statement at the end, rather than one statement each.
        if (sent.length > 0) {
          await sql`SELECT ${sql.join(sent.map(([channel, payload]) => sql`pg_notify(${channel}, ${`${origin}${ORIGIN_END}${payload}`})`))}`.execute(trx);
        }
        return result;
      }).then((result) => {
        // This process's listeners hear at commit, before the transaction's caller goes on,
        // as on SQLite: a query that follows a write here never meets what the write replaced.
        for (const [channel, payload] of sent) bus.emit(channel, payload);
        return result;
      });
    },
    listen(channel, callback) {
      bus.on(channel, callback);
      return () => bus.off(channel, callback);
    },
    async tryLead(name) {
      const client = sessionClient(url);
      await client.connect();
      try {
        await keepSessionAlive(client);
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [name]);
        if (rows[0]?.locked !== true) {
          await client.end();
          return null;
        }
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      let settle!: () => void;
      const lost = new Promise<void>((resolve) => (settle = resolve));
      // A quiet session is probed, so a leader whose connection died learns it within seconds.
      const heartbeat = setInterval(() => {
        client.query('SELECT 1').catch((error: unknown) => {
          onError(error, `leadership ${name}`);
          void end();
        });
      }, HEARTBEAT_MILLIS);
      heartbeat.unref();
      let ended = false;
      const end = async () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        leaderships.delete(end);
        // Ending the session frees the lock; no explicit unlock is needed.
        await client.end().catch(() => undefined);
        settle();
      };
      client.on('error', (error) => {
        onError(error, `leadership ${name}`);
        void end();
      });
      client.on('end', () => void end());
      leaderships.add(end);
      const leadership: Leadership = { lost, release: end };
      return leadership;
    },
    isOpen: () => open && healthy,
    async close() {
      if (!open) return;
      open = false;
      await Promise.all([...leaderships].map((end) => end()));
      await listener?.end().catch(() => undefined);
      await listening;
      bus.removeAllListeners();
      await db.destroy();
    },
  };
}
