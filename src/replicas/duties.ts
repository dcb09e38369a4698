import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import { runAsLeader, type Leader } from './leader.js';

/**
 * A duty that must run on one process of a store at a time: the leader's (leader.ts).
 * `start` begins it and returns what stops it; the stop resolves once work under way
 * has ended or been told to end.
 */
export interface LeaderDuty {
  /** For logs. */
  name: string;
  start(): () => Promise<void>;
}

export interface LeaderDutiesOptions {
  store: Store;
  logger: Logger;
  /** Between attempts to become the leader. Default 5_000, so a dead leader's duties resume within seconds. */
  retryMillis?: number;
}

/** The one lock every replica competes for; whoever holds it runs every duty. */
const LEAD_NAME = 'rentgraph:leader';

/**
 * Runs every duty on the leader only: one lead for all of them, so the duties stay
 * together on one replica (a sync and the polls that follow it read the same vendor
 * budgets) and a takeover moves them at once. A duty that fails to start is logged and
 * the others run.
 */
export function leadDuties(duties: readonly LeaderDuty[], options: LeaderDutiesOptions): Leader {
  const { logger } = options;
  return runAsLeader({
    store: options.store,
    name: LEAD_NAME,
    logger,
    ...(options.retryMillis !== undefined && { retryMillis: options.retryMillis }),
    start: () => {
      const stops: { name: string; stop: () => Promise<void> }[] = [];
      for (const duty of duties) {
        try {
          stops.push({ name: duty.name, stop: duty.start() });
        } catch (error) {
          logger.error({ err: error, duty: duty.name }, 'a leader duty did not start; the others run');
        }
      }
      return async () => {
        await Promise.all(stops.reverse().map(({ name, stop }) =>
          stop().catch((error: unknown) => logger.error({ err: error, duty: name }, 'a leader duty did not stop cleanly'))));
      };
    },
  });
}

/**
 * Runs `work` now and then every `everyMillis` (0 = only now), one run at a time; the
 * returned stop waits for a run under way. For periodic duties such as retention;
 * `work` logs its own failures (a rejection is dropped).
 */
export function repeatEvery(everyMillis: number, work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running !== null) return;
    running = work().catch(() => undefined).finally(() => {
      running = null;
    });
  };
  tick();
  const timer = everyMillis > 0 ? setInterval(tick, everyMillis) : null;
  timer?.unref();
  return async () => {
    if (timer !== null) clearInterval(timer);
    await running;
  };
}
