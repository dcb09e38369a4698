import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventLog, type EventLog } from '../../src/events/log.js';
import { leasingEventsOfProspect, leasingEventsOfUnit } from '../../src/events/queries.js';
import { STORE_ENGINES, storeScope } from '../utils/stores.js';
import { appendFunnel } from './leasing.fixture.js';

const re = (externalId: string) => ({ vendor: 'RENTENGINE' as const, externalId });

describe.each(STORE_ENGINES)('event log reads for the query graph on $name', (engine) => {
  const stores = storeScope(engine);
  let log: EventLog;
  beforeEach(async () => {
    const store = await stores.fresh();
    log = createEventLog(store);
    await appendFunnel(store, log);
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
