import type { Logger } from 'pino';
import type { ChangePoller } from './poller.js';

/**
 * Runs pollers every `intervalMillis`, each on its own loop: a poll never overlaps the
 * previous one of the same source, and a failing source (vendor down, rate limited)
 * is logged and tried again next time without holding up the others.
 */
export interface PollScheduleOptions {
  /** Time between the end of one poll and the start of the next, per source. */
  intervalMillis: number;
  logger: Logger;
}

export interface PollSchedule {
  /** Stops scheduling at once; resolves once polls under way have finished (closing the vendor clients ends them). */
  stop(): Promise<void>;
}

export function startPolling(pollers: readonly ChangePoller[], options: PollScheduleOptions): PollSchedule {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();

  const loop = (poller: ChangePoller) => {
    if (stopped) return;
    const run = (async () => {
      try {
        const result = await poller.pollOnce();
        if (result.events > 0) options.logger.debug({ source: poller.name, ...result }, 'change poll found changes');
      } catch (error) {
        // A poll cut short by shutdown (its vendor client closed) is not a failure worth a warning.
        if (!stopped) options.logger.warn({ err: error, source: poller.name }, 'change poll failed; retrying at the next interval');
      }
    })();
    running.add(run);
    void run.finally(() => {
      running.delete(run);
      if (stopped) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        loop(poller);
      }, options.intervalMillis);
      timer.unref();
      timers.add(timer);
    });
  };

  for (const poller of pollers) loop(poller);
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running]);
    },
  };
}
