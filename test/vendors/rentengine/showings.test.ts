import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventLog } from '../../../src/events/log.js';
import type { ShowingReads } from '../../../src/ports/reads.js';
import { createRentengineShowings } from '../../../src/vendors/rentengine/showings.js';
import type { Interpretation } from '../../../src/ports/webhooks.js';
import { interpretRentengineWebhook } from '../../../src/vendors/rentengine/webhook.js';
import { STORE_ENGINES, storeScope } from '../../utils/stores.js';

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


describe.each(STORE_ENGINES)('RentEngine showings from its leasing events in the log on $name', (engine) => {
  const stores = storeScope(engine);
  let showings: ShowingReads;
  beforeEach(async () => {
    const store = await stores.fresh();
    const log = createEventLog(store);
    showings = createRentengineShowings(log);
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

  it('derives showings from "Showing Scheduled" events, with the later steps as status', async () => {
    const atUnit10 = await showings.atUnits(['10']);
    expect(atUnit10.map((s) => [s.prospect?.externalId, s.startsAt, s.status])).toEqual([
      ['1', '2025-01-05T15:00:00.000Z', 'Showing Confirmed'],
      ['2', '2025-01-06T15:00:00.000Z', 'Missed Showing'],
    ]);
    expect((await showings.ofProspect('1')).map((s) => [s.unit?.externalId, s.status])).toEqual([
      ['10', 'Showing Confirmed'],
      ['11', 'Showing Complete'],
    ]);
  });
});
