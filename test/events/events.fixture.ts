import pino from 'pino';
import { createVendorCache } from '../../src/cache/ttl-cache.js';
import { createEventService, type EventService } from '../../src/events/service.js';
import type { NewEvent } from '../../src/events/types.js';
import { openStore, type Store } from '../../src/store/sqlite.js';

/** An event service over an in-memory store, quiet, with no background pruning; `close` closes both. */
export function openMemoryEvents(): { store: Store; events: EventService; close(): void } {
  const store = openStore(':memory:');
  const events = createEventService({ store, logger: pino({ level: 'silent' }), cache: createVendorCache(), retentionDays: 7, dedupeHours: 72, subscriptionBuffer: 1000, pruneEveryMillis: 0 });
  return {
    store,
    events,
    close: () => {
      events.close();
      store.close();
    },
  };
}

/** A RentEngine leasing event as the log stores it, for log-level tests. */
export function leasingEvent(id: number, overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    vendor: 'RENTENGINE',
    entityType: 'LEASING_EVENT',
    change: 'CREATED',
    externalId: String(id),
    unitRef: { vendor: 'RENTENGINE', externalId: '3318' },
    prospectRef: { vendor: 'RENTENGINE', externalId: '55' },
    node: {
      __typename: 'LeasingEvent', vendor: 'RENTENGINE', externalId: String(id), raw: { id }, eventType: 'New', stage: 'NEW',
      occurredAt: '2025-01-01T00:00:00.000Z', prospect: { vendor: 'RENTENGINE', externalId: '55' }, unit: { vendor: 'RENTENGINE', externalId: '3318' }, notes: null,
    },
    previous: null,
    ...overrides,
  };
}
