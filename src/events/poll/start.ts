import type { Logger } from 'pino';
import type { VendorConnection } from '../../ports/vendor-module.js';
import type { PollContext } from '../../ports/polling.js';
import type { Store } from '../../store/store.js';
import type { EventService } from '../service.js';
import { createChangePoller, type ChangePoller, type RecordWriterPort } from './poller.js';
import { startPolling, type PollSchedule } from './scheduler.js';

export interface PollingDeps {
  store: Store;
  events: EventService;
  records?: RecordWriterPort;
}

/** What a vendor's pollers may ask of the log: the latest change it holds about a record. */
function pollContextOf(events: EventService): PollContext {
  return { latestChange: async (entityType, ref) => (await events.log.latestOf(entityType, ref))?.change ?? null };
}

/** A connected vendor's change pollers, with the interval each runs on (null = not scheduled). */
export function changePollersOf(vendor: VendorConnection, deps: PollingDeps): { intervalMillis: number | null; pollers: ChangePoller[] }[] {
  return (vendor.pollers?.(pollContextOf(deps.events)) ?? []).map((group) => ({
    intervalMillis: group.intervalMillis,
    pollers: group.sources.map((source) => createChangePoller(source, deps)),
  }));
}

/** Starts every connected vendor's pollers on their intervals; `stop()` waits for polls under way. */
export function startChangePolling(vendors: readonly VendorConnection[], deps: PollingDeps, logger: Logger): PollSchedule {
  const schedules = vendors
    .flatMap((vendor) => changePollersOf(vendor, deps))
    .filter((group) => group.intervalMillis !== null && group.pollers.length > 0)
    .map((group) => startPolling(group.pollers, { intervalMillis: group.intervalMillis!, logger }));
  return {
    stop: async () => {
      await Promise.all(schedules.map((schedule) => schedule.stop()));
    },
  };
}
