import type { Logger } from 'pino';
import type { EventBus } from './bus.js';
import type { EventLog } from './log.js';
import type { StoredEvent } from './types.js';

/**
 * Feeds this process's bus from the log: every committed event once, in seq order,
 * whichever process appended it. An append made here is published at once when it
 * directly follows what was published (the usual case with one process); anything else
 * (another replica's appends, announced by a notification, or a gap) is read from the
 * log. Seqs commit in order (log.ts), so reading `seq > published` never skips one.
 */
export interface LogTail {
  /**
   * Events this process just committed. Resolves once they are published here, or once
   * the log read that would publish them ended without doing so (it failed and was
   * logged; the next wake-up reads again).
   */
  committed(events: readonly StoredEvent[]): Promise<void>;
  /** Something may have been appended elsewhere: read the log. */
  wake(): void;
  /** Resolves once everything committed before the call is published. */
  settle(): Promise<void>;
  close(): void;
}

export interface LogTailOptions {
  log: EventLog;
  bus: EventBus;
  logger: Logger;
  /** Rows read per step. Default 500. */
  pageSize?: number;
}

export function createLogTail(options: LogTailOptions): LogTail {
  const { log, bus, logger } = options;
  const pageSize = options.pageSize ?? 500;
  let reading: Promise<void> | null = null;
  let again = false;
  let closed = false;

  const read = async (): Promise<void> => {
    do {
      again = false;
      for (;;) {
        const rows = await log.after(bus.publishedThrough(), pageSize);
        if (closed) return;
        const fresh = rows.filter((row) => row.seq > bus.publishedThrough());
        bus.publish(fresh);
        if (rows.length < pageSize) break;
      }
    } while (again && !closed);
  };

  const wake = (): void => {
    if (closed) return;
    if (reading !== null) {
      again = true;
      return;
    }
    reading = read()
      .catch((error: unknown) => logger.error({ err: error }, 'reading new events from the log failed; the next wake-up reads again'))
      .finally(() => {
        reading = null;
      });
  };

  return {
    async committed(events) {
      if (events.length === 0) return;
      if (reading === null && events[0]!.seq === bus.publishedThrough() + 1) {
        bus.publish(events);
        return;
      }
      wake();
      const last = events.at(-1)!.seq;
      while (bus.publishedThrough() < last && reading !== null) await reading;
    },
    wake,
    async settle() {
      wake();
      while (reading !== null) await reading;
    },
    close() {
      closed = true;
    },
  };
}
