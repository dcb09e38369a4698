import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventLog } from '../../../src/events/log.js';
import type { ShowingReads } from '../../../src/ports/reads.js';
import { createRentengineShowings } from '../../../src/vendors/rentengine/showings.js';
import { STORE_ENGINES, storeScope } from '../../utils/stores.js';
import { appendFunnel } from '../../events/leasing.fixture.js';

describe.each(STORE_ENGINES)('RentEngine showings from its leasing events in the log on $name', (engine) => {
  const stores = storeScope(engine);
  let showings: ShowingReads;
  beforeEach(async () => {
    const store = await stores.fresh();
    const log = createEventLog(store);
    showings = createRentengineShowings(log);
    await appendFunnel(store, log);
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
