import type { EventLog } from '../../src/events/log.js';
import type { Interpretation } from '../../src/ports/webhooks.js';
import type { Store } from '../../src/store/store.js';
import { interpretRentengineWebhook } from '../../src/vendors/rentengine/webhook.js';

let nextId = 1;
/** A RentEngine leasing event webhook, interpreted as the intake would. */
export function leasing(eventType: string, prospect: number, unit: number | null, createdAt: string, planned: string | null = null) {
  const meaning: Interpretation = interpretRentengineWebhook({
    type: 'INSERT',
    table: 'leasing_events',
    record: { id: nextId++, prospect_id: prospect, unit_id: unit, event_type: eventType, source: null, notes: null, planned_date_time: planned, created_at: createdAt },
    old_record: null,
  });
  if (meaning.kind !== 'events') throw new Error(`expected events, got ${JSON.stringify(meaning)}`);
  return { dedupeKey: `k${nextId}`, events: meaning.events };
}

/**
 * A small funnel in the log: prospect 1 is shown unit 10 (confirmed), then unit 11
 * (complete); prospect 2 is scheduled at unit 10 and misses it.
 */
export async function appendFunnel(store: Store, log: EventLog): Promise<void> {
  await store.transaction((tx) => log.append(tx, [
      leasing('New', 1, 10, '2025-01-01T09:00:00Z'),
      leasing('Showing Scheduled', 1, 10, '2025-01-02T09:00:00Z', '2025-01-05T15:00:00Z'),
      leasing('Showing Confirmed', 1, null, '2025-01-03T09:00:00Z'),
      leasing('Showing Scheduled', 2, 10, '2025-01-02T10:00:00Z', '2025-01-06T15:00:00Z'),
      leasing('Missed Showing', 2, 10, '2025-01-06T16:00:00Z'),
      leasing('Showing Scheduled', 1, 11, '2025-01-07T09:00:00Z', '2025-01-08T15:00:00Z'),
      leasing('Showing Complete', 1, 11, '2025-01-08T16:00:00Z'),
  ]));
}
