import type { Vendor } from '../domain/vendor.js';

/** What became of a webhook delivery, counted per vendor for /metrics (rentgraph_webhooks). */
export const WEBHOOK_OUTCOMES = ['accepted', 'duplicate', 'parked', 'rejected', 'malformed', 'unavailable'] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

export interface WebhookCounts {
  count(vendor: Vendor, outcome: WebhookOutcome): void;
  /** Outcomes by vendor since start. */
  counts(): ReadonlyMap<Vendor, Readonly<Record<WebhookOutcome, number>>>;
}

export function createWebhookCounts(): WebhookCounts {
  const counts = new Map<Vendor, Record<WebhookOutcome, number>>();
  return {
    count(vendor, outcome) {
      let byOutcome = counts.get(vendor);
      if (byOutcome === undefined) {
        byOutcome = Object.fromEntries(WEBHOOK_OUTCOMES.map((name) => [name, 0])) as Record<WebhookOutcome, number>;
        counts.set(vendor, byOutcome);
      }
      byOutcome[outcome]++;
    },
    counts: () => counts,
  };
}
