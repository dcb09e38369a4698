import type { Logger } from 'pino';
import type { IdentitySync } from './sync.js';

export interface SyncScheduleOptions {
  /** Between two runs; 0 = no refresh once the first sync is done. */
  intervalMillis: number;
  /** After a run with a failed vendor, the next comes this soon (capped by the interval). Default 30_000. */
  retryMillis?: number;
  logger: Logger;
}

/**
 * Runs the identity sync now and then on a timer, one run at a time. Until the first sync
 * is done the gateway serves a vendor's interim directory, so a failed first sync is retried
 * even when no refresh is scheduled. Timers are unref'd: they never keep a process alive.
 */
export function scheduleIdentitySync(sync: IdentitySync, options: SyncScheduleOptions): { stop(): void } {
  const retryMillis = options.retryMillis ?? 30_000;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const next = (failed: boolean): number | null => {
    const { intervalMillis } = options;
    if (!sync.status().firstSyncDone) return retryMillis;
    if (intervalMillis === 0) return null;
    return failed ? Math.min(intervalMillis, retryMillis) : intervalMillis;
  };
  const tick = () => {
    timer = null;
    sync.run().then(
      (result) => result.vendors.some((v) => !v.ok),
      (error: unknown) => {
        if (!stopped) options.logger.error({ err: error }, 'identity sync failed; the index is unchanged');
        return true;
      },
    ).then((failed) => {
      if (stopped) return;
      const delay = next(failed);
      if (delay === null) return;
      timer = setTimeout(tick, delay);
      timer.unref();
    }, () => {});
  };
  timer = setTimeout(tick, 0);
  timer.unref();
  return {
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

/**
 * On a replica that does not lead, the sync runs elsewhere: this looks at the stored
 * index every `everyMillis` until a first sync is there, so the replica serves the index
 * (and /readyz says ready) soon after the leader finished it.
 */
export function watchForFirstSync(sync: IdentitySync, options: { everyMillis: number; logger: Logger }): { stop(): void } {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const look = () => {
    timer = null;
    sync.recheck().then(
      (done) => done,
      (error: unknown) => {
        options.logger.warn({ err: error }, 'could not read the identity index state; looking again');
        return false;
      },
    ).then((done) => {
      if (done || stopped) return;
      timer = setTimeout(look, options.everyMillis);
      timer.unref();
    }, () => {});
  };
  look();
  return {
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
