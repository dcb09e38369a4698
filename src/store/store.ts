import type { Kysely, Transaction } from 'kysely';
import type { Tables } from './tables.js';

/**
 * The gateway's state, behind one asynchronous interface with two implementations:
 * embedded SQLite (the default: one process, nothing to run) and Postgres (when
 * RENTGRAPH_DATABASE_URL is set: several replicas share it). Modules own their tables'
 * queries and write them once, in Kysely, for both; what only one engine has (a text
 * index, advisory locks, LISTEN/NOTIFY) stays behind this interface.
 */
export type StoreDialect = 'sqlite' | 'postgres';

export interface Store {
  readonly dialect: StoreDialect;
  /** Where the state lives, for logs and /readyz: a file path or a Postgres URL without its password. */
  readonly location: string;
  /**
   * Queries that only read. On SQLite this is a connection of its own: WAL lets it read
   * the last commit while a write transaction is open, so a page never waits for a sync.
   */
  readonly read: Kysely<Tables>;
  /** A write of one statement, outside any transaction. */
  readonly write: Kysely<Tables>;
  /**
   * Runs `work` in one transaction: all of it commits or none of it does. `work` must
   * wait on nothing but the store (no vendor call): on SQLite every other write waits
   * for it, on Postgres it holds a pooled connection and its row locks.
   */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Messages to every process on this store, this one included; see `StoreTx.notify`. */
  listen(channel: NotifyChannel, listener: (payload: string) => void): () => void;
  /**
   * Tries to become the one process that runs a shared duty (`name`), without waiting.
   * Null when another process holds it. Postgres: a session advisory lock, freed when
   * the holder's connection ends (a crash included). SQLite: one process owns the file,
   * so the first caller in this process gets it.
   */
  tryLead(name: string): Promise<Leadership | null>;
  /** True between open and close, and while the database answers; /readyz reports it. */
  isOpen(): boolean;
  close(): Promise<void>;
}

/** A transaction in progress. */
export interface StoreTx {
  readonly db: Transaction<Tables>;
  /**
   * Sends `payload` on `channel` to every listener of every process on this store once
   * this transaction commits, never if it rolls back (Postgres NOTIFY; in-process on
   * SQLite). This store's own listeners hear it at commit, before `transaction` resolves;
   * other processes when Postgres delivers it. Payloads are short (a seq, a vendor name,
   * kinds of records): listeners read the rest.
   */
  notify(channel: NotifyChannel, payload: string): void;
}

/** The channels processes wake each other on. */
export type NotifyChannel = 'rentgraph_events' | 'rentgraph_records';

export interface Leadership {
  /** Settles when leadership is lost (the holder's connection to Postgres ended) or released. */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/** A sliding-window limit kept in the store, shared by every process on it (shared-window.ts). */
export interface SharedWindow {
  /** Takes a place now, or says how long until one frees up. */
  tryTake(name: string, limit: { requests: number; perMillis: number }): Promise<{ taken: true; id: number } | { taken: false; retryInMillis: number }>;
  /** Moves a taken place to now (the request ended). */
  settle(id: number): Promise<void>;
  /** Gives a taken place back (the request was never sent). */
  giveBack(id: number): Promise<void>;
}
