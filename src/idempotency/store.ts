import { stringify } from 'safe-stable-stringify';
import { createHash } from 'node:crypto';
import type { Store } from '../store/store.js';
import { badInput } from '../errors.js';

/**
 * Idempotent writes. A client that sends an `Idempotency-Key` gets, for a repeat of the
 * same request within the retention window, the first result again without a second
 * vendor call. A record is per (key, field): one key covers every mutation field of one
 * document, each under its response key, so a repeated document replays each of them.
 *
 * Only successes are kept. A failed write (validation, vendor error) may be sent again
 * with the same key; whether a vendor's 5xx left a write behind is for the client to
 * judge, the gateway never repeats a write on its own.
 *
 * The first request claims its (key, field) in the store before it calls the vendor, so
 * a duplicate that arrives meanwhile (in this process or another replica) makes no call:
 * it waits for the first one's result, reading the store. In this process it shares the
 * first one's promise instead, so it also shares a failure.
 */
export interface IdempotencyRequest {
  /** The client's Idempotency-Key. */
  key: string;
  /** The field's response key (alias or name). */
  field: string;
  /** `fingerprintOf(fieldName, args)`: what makes two requests the same. */
  fingerprint: string;
}

export interface IdempotencyStore {
  /** `work`'s result, or the result stored for the same request. */
  run<T>(request: IdempotencyRequest, work: () => Promise<T>): Promise<T>;
  /** Deletes records older than the window; returns how many. */
  prune(): Promise<number>;
}

export interface IdempotencyOptions {
  /** How long a result is replayed. Default 86_400_000 (24 hours). */
  retentionMillis?: number;
  now?: () => number;
  /** Told when a result could not be stored (the write itself succeeded and is answered). */
  onStoreError?: (error: unknown) => void;
  /** How long a duplicate waits for the first request, in another process, to finish. Default 30_000. */
  waitMillis?: number;
}

export const IN_PROGRESS_MESSAGE = 'a request with this Idempotency-Key is still being written (by this gateway or another replica); retry with the same key later';

export const REUSED_KEY_MESSAGE = 'Idempotency-Key reused with a different request: this key was first sent with another mutation or other arguments within the last 24 hours; use a new key for a new request';

/** A stable hash of a field and its arguments (object keys sorted, Dates as ISO text, by safe-stable-stringify). */
export function fingerprintOf(fieldName: string, args: unknown): string {
  return createHash('sha256').update(stringify([fieldName, args]) ?? 'null').digest('base64url');
}

interface Pending {
  fingerprint: string;
  result: Promise<unknown>;
}

/** Marks a claimed record whose write is still running. */
const PENDING = '';
const POLL_MILLIS = 100;

export function createIdempotencyStore(store: Store, options: IdempotencyOptions = {}): IdempotencyStore {
  const retentionMillis = options.retentionMillis ?? 86_400_000;
  const waitMillis = options.waitMillis ?? 30_000;
  const now = options.now ?? Date.now;
  const pending = new Map<string, Pending>();

  const prune = async () => Number((await store.write.deleteFrom('idempotency_records').where('created_at', '<', now() - retentionMillis).executeTakeFirst()).numDeletedRows);

  /** The stored record, or undefined; an expired one counts as none. */
  const lookup = (request: IdempotencyRequest) =>
    store.read
      .selectFrom('idempotency_records')
      .select(['fingerprint', 'result'])
      .where('key', '=', request.key)
      .where('field', '=', request.field)
      .where('created_at', '>=', now() - retentionMillis)
      .executeTakeFirst();

  /** True when this call now owns the request: no other record of it is live. */
  const claim = async (request: IdempotencyRequest): Promise<boolean> =>
    store.transaction(async (tx) => {
      await tx.db.deleteFrom('idempotency_records').where('key', '=', request.key).where('field', '=', request.field).where('created_at', '<', now() - retentionMillis).execute();
      const inserted = await tx.db
        .insertInto('idempotency_records')
        .values({ key: request.key, field: request.field, fingerprint: request.fingerprint, result: PENDING, created_at: now() })
        .onConflict((oc) => oc.columns(['key', 'field']).doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
    });

  /** Waits for another process's claim to turn into a result (or go away, when its write failed). */
  const awaitOther = async <T>(request: IdempotencyRequest): Promise<{ result: T } | null> => {
    const until = now() + waitMillis;
    for (;;) {
      const stored = await lookup(request);
      if (stored === undefined) return null;
      if (stored.fingerprint !== request.fingerprint) throw badInput(REUSED_KEY_MESSAGE, 'Idempotency-Key');
      if (stored.result !== PENDING) return { result: JSON.parse(stored.result) as T };
      if (now() >= until) throw badInput(IN_PROGRESS_MESSAGE, 'Idempotency-Key');
      await new Promise((resolve) => setTimeout(resolve, POLL_MILLIS));
    }
  };

  const runClaimed = async <T>(request: IdempotencyRequest, work: () => Promise<T>): Promise<T> => {
    for (;;) {
      if (await claim(request)) break;
      const other = await awaitOther<T>(request);
      if (other !== null) return other.result;
      // The other request failed and let go of its claim: this one may write.
    }
    let value: T;
    try {
      value = await work();
    } catch (error) {
      // A failed write keeps nothing, so the client may try again with the same key.
      await store.write.deleteFrom('idempotency_records').where('key', '=', request.key).where('field', '=', request.field).execute().catch(options.onStoreError);
      throw error;
    }
    try {
      await store.write
        .updateTable('idempotency_records')
        .set({ result: JSON.stringify(value), created_at: now() })
        .where('key', '=', request.key)
        .where('field', '=', request.field)
        .execute();
      await prune();
    } catch (error) {
      options.onStoreError?.(error);
    }
    // The stored form, so the first answer renders exactly as a replay will.
    return JSON.parse(JSON.stringify(value)) as T;
  };

  return {
    async run<T>(request: IdempotencyRequest, work: () => Promise<T>): Promise<T> {
      const slot = `${request.key}\u0000${request.field}`;
      const running = pending.get(slot);
      if (running !== undefined) {
        if (running.fingerprint !== request.fingerprint) throw badInput(REUSED_KEY_MESSAGE, 'Idempotency-Key');
        return running.result as Promise<T>;
      }
      const stored = await lookup(request);
      if (stored !== undefined && stored.result !== PENDING) {
        if (stored.fingerprint !== request.fingerprint) throw badInput(REUSED_KEY_MESSAGE, 'Idempotency-Key');
        return JSON.parse(stored.result) as T;
      }
      const result = runClaimed(request, work);
      pending.set(slot, { fingerprint: request.fingerprint, result });
      try {
        return await result;
      } finally {
        pending.delete(slot);
      }
    },
    prune,
  };
}
