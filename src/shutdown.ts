import { constants } from 'node:os';

/**
 * SIGTERM and SIGINT for the long-running commands (serve, simulate). The first signal
 * starts `stop`; the process then exits 0 when the stop was clean, 1 when connections
 * had to be cut at the deadline or stopping failed. Should stopping still not be done
 * `GRACE_AFTER_DEADLINE_MILLIS` after the deadline, the process exits 1 and names what
 * still held it open. A second signal exits at once with 128 + its number (130 for
 * SIGINT, 143 for SIGTERM), without finishing the drain.
 *
 * A copy of the first signal within `SAME_SIGNAL_MILLIS` counts as the same signal:
 * Ctrl-C in a terminal signals the whole process group, and `npm start` forwards the
 * SIGINT it received to the gateway a moment later.
 */
export const GRACE_AFTER_DEADLINE_MILLIS = 1_500;
export const SAME_SIGNAL_MILLIS = 250;

export type ShutdownLevel = 'info' | 'warn' | 'error';

export interface ShutdownOptions {
  /** Stops everything; `clean: false` when something had to be cut. */
  stop: () => Promise<{ clean: boolean }>;
  /** How long `stop` may drain connections (RENTGRAPH_SHUTDOWN_TIMEOUT_SECONDS). */
  deadlineMillis: number;
  /** Where progress goes: the logger for serve, stderr for simulate. */
  say: (level: ShutdownLevel, message: string) => void;
}

type StopSignal = 'SIGTERM' | 'SIGINT';
const SIGNALS: readonly StopSignal[] = ['SIGTERM', 'SIGINT'];

/** The kinds of handles still open, counted, e.g. "TCPSocketWrap ×2, Timeout". */
function openHandles(): string {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => (n > 1 ? `${kind} ×${n}` : kind)).join(', ') || 'nothing';
}

export function exitOnSignals(options: ShutdownOptions): void {
  let first: { signal: StopSignal; at: number } | null = null;
  const exit = (code: number) => process.exit(code);

  const onSignal = (signal: StopSignal) => {
    const now = Date.now();
    if (first !== null) {
      if (signal === first.signal && now - first.at < SAME_SIGNAL_MILLIS) return;
      options.say('warn', `second ${signal}: exiting now without finishing the drain`);
      exit(128 + constants.signals[signal]);
      return;
    }
    first = { signal, at: now };
    const seconds = options.deadlineMillis / 1000;
    options.say('info', `${signal}: draining connections and stopping (at most ${seconds} s; a second signal exits at once)`);
    const backstop = setTimeout(() => {
      options.say('error', `still stopping ${GRACE_AFTER_DEADLINE_MILLIS} ms after the ${seconds} s deadline (open: ${openHandles()}); exiting`);
      exit(1);
    }, options.deadlineMillis + GRACE_AFTER_DEADLINE_MILLIS);
    options.stop().then(
      ({ clean }) => {
        clearTimeout(backstop);
        exit(clean ? 0 : 1);
      },
      (error: unknown) => {
        clearTimeout(backstop);
        options.say('error', `error while stopping: ${error instanceof Error ? error.message : String(error)}`);
        exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
