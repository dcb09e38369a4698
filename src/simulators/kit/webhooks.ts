import { setTimeout as delay } from 'node:timers/promises';
import { request } from 'undici';

/**
 * Delivers a simulator's outbound webhooks the way the vendor does: POST JSON, at
 * least once, retried on anything but a 2xx with the same delivery id, on a schedule
 * the vendor documents (scaled down for local use).
 */
export interface Delivery {
  url: string;
  /** Headers for an attempt; `attempt` is 0 for the first try. */
  headers: (attempt: number) => Record<string, string>;
  /** The exact bytes to send; the same on every retry. */
  body: string;
}

export interface WebhookSenderOptions {
  /** Waits before each retry, in milliseconds; the length is the number of retries. */
  retryDelaysMillis: readonly number[];
  /** An attempt with no 2xx by then counts as failed. Default 10_000. */
  attemptTimeoutMillis?: number;
}

export interface WebhookStats {
  delivered: number;
  attempts: number;
  failedAttempts: number;
  gaveUp: number;
  pending: number;
}

export interface WebhookSender {
  send(delivery: Delivery): Promise<boolean>;
  stats(): WebhookStats;
  /** Stops retrying; pending deliveries give up. */
  close(): void;
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const stats: WebhookStats = { delivered: 0, attempts: 0, failedAttempts: 0, gaveUp: 0, pending: 0 };
  let closed = false;
  // Aborted on close() so a retry waiting hours (at full scale) never keeps a process alive.
  const shutdown = new AbortController();
  const attemptTimeout = options.attemptTimeoutMillis ?? 10_000;

  async function attempt(delivery: Delivery, n: number): Promise<boolean> {
    stats.attempts++;
    try {
      const response = await request(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...delivery.headers(n) },
        body: delivery.body,
        headersTimeout: attemptTimeout,
        bodyTimeout: attemptTimeout,
      });
      await response.body.dump();
      return response.statusCode >= 200 && response.statusCode < 300;
    } catch {
      return false;
    }
  }

  return {
    async send(delivery) {
      stats.pending++;
      try {
        for (let n = 0; n <= options.retryDelaysMillis.length && !closed; n++) {
          if (n > 0) {
            try {
              await delay(options.retryDelaysMillis[n - 1]!, undefined, { signal: shutdown.signal });
            } catch {
              break;
            }
          }
          if (closed) break;
          if (await attempt(delivery, n)) {
            stats.delivered++;
            return true;
          }
          stats.failedAttempts++;
        }
        stats.gaveUp++;
        return false;
      } finally {
        stats.pending--;
      }
    },
    stats: () => ({ ...stats }),
    close: () => {
      closed = true;
      shutdown.abort();
    },
  };
}
