import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventLog, type EventLog } from '../../src/events/log.js';
import { leasingEventsOfProspect, leasingEventsOfUnit } from '../../src/events/queries.js';
import type { Interpretation } from '../../src/ports/webhooks.js';
import { interpretRentengineWebhook } from '../../src/vendors/rentengine/webhook.js';
import { STORE_ENGINES, storeScope } from '../utils/stores.js';

let nextId = 1;
/** A RentEngine leasing event webhook, interpreted as the intake would. */
function leasing(eventType: string, prospect: number, unit: number | null, createdAt: string, planned: string | null = null) {
  const meaning: Interpretation = interpretRentengineWebhook({
    type: 'INSERT',
    table: 'leasing_events',
    record: { id: nextId++, prospect_id: prospect, unit_id: unit, event_type: eventType, source: null, notes: null, planned_date_time: planned, created_at: createdAt },
    old_record: null,
  });
  if (meaning.kind !== 'events') throw new Error(`expected events, got ${JSON.stringify(meaning)}`);
  return { dedupeKey: `k${nextId}`, events: meaning.events };
}

const re = (externalId: string) => ({ vendor: 'RENTENGINE' as const, externalId });

describe.each(STORE_ENGINES)('event log reads for the query graph on $name', (engine) => {
  const stores = storeScope(engine);
  let log: EventLog;
  beforeEach(async () => {
    const store = await stores.fresh();
    log = createEventLog(store);
    await store.transaction((tx) => log.append(tx, [
      leasing('New', 1, 10, '2025-01-01T09:00:00Z'),
      leasing('Showing Scheduled', 1, 10, '2025-01-02T09:00:00Z', '2025-01-05T15:00:00Z'),
      leasing('Showing Confirmed', 1, null, '2025-01-03T09:00:00Z'),
      leasing('Showing Scheduled', 2, 10, '2025-01-02T10:00:00Z', '2025-01-06T15:00:00Z'),
      leasing('Missed Showing', 2, 10, '2025-01-06T16:00:00Z'),
      leasing('Showing Scheduled', 1, 11, '2025-01-07T09:00:00Z', '2025-01-08T15:00:00Z'),
      leasing('Showing Complete', 1, 11, '2025-01-08T16:00:00Z'),
    ]));
  });
  afterEach(() => stores.closeAll());

  it("lists a prospect's leasing events, oldest first", async () => {
    expect((await leasingEventsOfProspect(log, re('1'))).map((e) => e.eventType)).toEqual(['New', 'Showing Scheduled', 'Showing Confirmed', 'Showing Scheduled', 'Showing Complete']);
  });

  it("lists a unit's leasing events across its vendor records", async () => {
    expect(await leasingEventsOfUnit(log, [re('10'), re('11')])).toHaveLength(6);
    expect((await leasingEventsOfUnit(log, [re('11')])).map((e) => e.eventType)).toEqual(['Showing Scheduled', 'Showing Complete']);
  });
});
