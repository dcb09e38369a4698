import pino from 'pino';
import { createVendorCache } from '../../src/ports/cache.js';
import { createEventService, type EventService, type EventServiceOptions } from '../../src/events/service.js';
import type { NewEvent } from '../../src/events/types.js';
import type { Store } from '../../src/store/store.js';

/** An event service over `store`, quiet, with no background pruning (what a test changes in `options`). */
export function openEvents(store: Store, options: Partial<Omit<EventServiceOptions, 'store'>> = {}): Promise<EventService> {
  return createEventService({
    store, logger: pino({ level: 'silent' }), cache: createVendorCache(), retentionDays: 7, dedupeHours: 72, subscriptionBuffer: 1000, ...options,
  });
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
