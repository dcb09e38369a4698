import type { Logger } from 'pino';

/** What the schedule runs: a sync whose run reports each vendor's outcome (the identity sync, or the read-model sync that ends with it). */
export interface ScheduledSync {
  run(): Promise<{ vendors: readonly { ok: boolean }[] }>;
  status(): { firstSyncDone: boolean };
}

export interface SyncScheduleOptions {
  /** Between two runs; 0 = no refresh once the first sync is done. */
  intervalMillis: number;
  /** After a run with a failed vendor, the next comes this soon (capped by the interval). Default 30_000. */
  retryMillis?: number;
  logger: Logger;
}

/**
 * Runs a sync now and then on a timer, one run at a time. Until the first sync is done
 * the gateway serves a vendor's interim directory, so a failed first sync is retried
 * even when no refresh is scheduled. Timers are unref'd: they never keep a process alive.
 */
export function scheduleSync(sync: ScheduledSync, options: SyncScheduleOptions): { stop(): void } {
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
        if (!stopped) options.logger.error({ err: error }, 'the sync failed; what it had stored is kept');
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
export function watchForFirstSync(sync: { recheck(): Promise<boolean> }, options: { everyMillis: number; logger: Logger }): { stop(): void } {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const look = () => {
    timer = null;
    sync.recheck().then(
      (done) => done,
      (error: unknown) => {
        options.logger.warn({ err: error }, 'could not read whether a first sync is stored; looking again');
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
