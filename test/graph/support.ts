/**
 * No change polling: these tests count upstream calls and fail vendors on purpose, so no
 * background read may run in between (0 turns a poller off).
 */
export const NO_POLLING: Record<string, string> = {
  RENTROLL_POLL_SECONDS: '0',
  LEASEY_POLL_SECONDS: '0',
  STURENTS_POLL_SECONDS: '0',
  STURENTS_FULL_POLL_SECONDS: '0',
  DEEPRENT_POLL_SECONDS: '0',
};
