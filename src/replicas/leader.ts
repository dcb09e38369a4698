import type { Logger } from 'pino';
import type { Leadership, Store } from '../store/store.js';

/**
 * Shared duties (the read-model sync, change polling, retention) run on exactly one
 * process of a store at a time. Every process tries to become the leader every
 * `retryMillis`; the one that is runs `start()` and keeps the returned stop function
 * until it loses the lead (its database session ended, see Store.tryLead) or closes.
 * A leader that dies frees the lead with its session, so another takes over within
 * `retryMillis` (plus the time Postgres takes to notice a dead connection, ~25 s at most
 * with the keepalives postgres-store.ts sets; at once when the process exits).
 */
export interface LeaderOptions {
  store: Store;
  /** The duty's name: processes compete per name. */
  name: string;
  /** Starts the duties; returns what stops them (and waits for work under way). */
  start: () => () => Promise<void>;
  logger: Logger;
  /** Between attempts to become the leader. Default 5_000. */
  retryMillis?: number;
}

export interface Leader {
  isLeader(): boolean;
  /** Resolves once this process leads (for tests and `npm run sync`). */
  whenLeading(): Promise<void>;
  /** Stops the duties (if leading), lets the lead go and stops trying. */
  close(): Promise<void>;
}

export function runAsLeader(options: LeaderOptions): Leader {
  const { store, name, logger } = options;
  const retryMillis = options.retryMillis ?? 5_000;
  let leadership: Leadership | null = null;
  let stopDuties: (() => Promise<void>) | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let leading!: () => void;
  let whenLeading = new Promise<void>((resolve) => (leading = resolve));

  const schedule = (millis: number) => {
    if (closed) return;
    timer = setTimeout(() => void attempt(), millis);
    timer.unref();
  };

  const attempt = async (): Promise<void> => {
    timer = null;
    if (closed) return;
    let won: Leadership | null = null;
    try {
      won = await store.tryLead(name);
    } catch (error) {
      logger.warn({ err: error, duty: name }, 'could not ask the store who leads; trying again');
    }
    if (closed) {
      await won?.release();
      return;
    }
    if (won === null) {
      schedule(retryMillis);
      return;
    }
    leadership = won;
    logger.info({ duty: name }, 'this process leads; starting its shared duties');
    stopDuties = options.start();
    leading();
    void won.lost.then(async () => {
      if (leadership !== won) return;
      leadership = null;
      const stop = stopDuties;
      stopDuties = null;
      whenLeading = new Promise<void>((resolve) => (leading = resolve));
      if (!closed) logger.warn({ duty: name }, 'this process lost the lead (its database session ended); stopping its shared duties');
      await stop?.().catch((error: unknown) => logger.error({ err: error, duty: name }, 'stopping shared duties failed'));
      schedule(closed ? 0 : retryMillis);
    });
  };
  schedule(0);

  return {
    isLeader: () => leadership !== null,
    whenLeading: () => whenLeading,
    async close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      const stop = stopDuties;
      stopDuties = null;
      await stop?.();
      const held = leadership;
      leadership = null;
      await held?.release();
    },
  };
}
