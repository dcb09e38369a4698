import type { NewEvent } from '../../src/events/types.js';

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
