import { stringify } from 'safe-stable-stringify';
import { createHash } from 'node:crypto';
import type { Store } from '../store/sqlite.js';
import { badInput } from '../errors.js';

/**
 * Idempotent writes. A client that sends an `Idempotency-Key` gets, for a repeat of the
 * same request within the retention window, the first result again without a second
 * vendor call. A record is per (key, field): one key covers every mutation field of one
 * document, each under its response key, so a repeated document replays each of them.
 *
 * Only successes are kept. A failed write (validation, vendor error) may be sent again
 * with the same key; whether a vendor's 5xx left a write behind is for the client to
 * judge, the gateway never repeats a write on its own. Duplicates that arrive while the
 * first is still running wait for it and share its outcome, so they make no call either.
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
  prune(): number;
}

export interface IdempotencyOptions {
  /** How long a result is replayed. Default 86_400_000 (24 hours). */
  retentionMillis?: number;
  now?: () => number;
  /** Told when a result could not be stored (the write itself succeeded and is answered). */
  onStoreError?: (error: unknown) => void;
}

export const REUSED_KEY_MESSAGE = 'Idempotency-Key reused with a different request: this key was first sent with another mutation or other arguments within the last 24 hours; use a new key for a new request';

/** A stable hash of a field and its arguments (object keys sorted, Dates as ISO text, by safe-stable-stringify). */
export function fingerprintOf(fieldName: string, args: unknown): string {
  return createHash('sha256').update(stringify([fieldName, args]) ?? 'null').digest('base64url');
}

interface Pending {
  fingerprint: string;
  result: Promise<unknown>;
}

export function createIdempotencyStore(store: Store, options: IdempotencyOptions = {}): IdempotencyStore {
  const retentionMillis = options.retentionMillis ?? 86_400_000;
  const now = options.now ?? Date.now;
  const { db } = store;
  const select = db.prepare<[string, string, number], { fingerprint: string; result: string }>(
    'SELECT fingerprint, result FROM idempotency_records WHERE key = ? AND field = ? AND created_at >= ?',
  );
  const upsert = db.prepare(`
    INSERT INTO idempotency_records (key, field, fingerprint, result, created_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (key, field) DO UPDATE SET fingerprint = excluded.fingerprint, result = excluded.result, created_at = excluded.created_at`);
  const deleteOld = db.prepare('DELETE FROM idempotency_records WHERE created_at < ?');
  const pending = new Map<string, Pending>();

  const prune = () => deleteOld.run(now() - retentionMillis).changes;

  return {
    async run<T>(request: IdempotencyRequest, work: () => Promise<T>): Promise<T> {
      const slot = `${request.key}\u0000${request.field}`;
      const running = pending.get(slot);
      if (running !== undefined) {
        if (running.fingerprint !== request.fingerprint) throw badInput(REUSED_KEY_MESSAGE, 'Idempotency-Key');
        return running.result as Promise<T>;
      }
      const stored = select.get(request.key, request.field, now() - retentionMillis);
      if (stored !== undefined) {
        if (stored.fingerprint !== request.fingerprint) throw badInput(REUSED_KEY_MESSAGE, 'Idempotency-Key');
        return JSON.parse(stored.result) as T;
      }
      const result = (async () => {
        const value = await work();
        try {
          prune();
          upsert.run(request.key, request.field, request.fingerprint, JSON.stringify(value), now());
        } catch (error) {
          options.onStoreError?.(error);
        }
        // The stored form, so the first answer renders exactly as a replay will.
        return JSON.parse(JSON.stringify(value)) as T;
      })();
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
