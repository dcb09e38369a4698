import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIndexStore } from '../../src/identity/index-store.js';
import { createIdentitySync } from '../../src/identity/sync.js';
import type { Store } from '../../src/store/store.js';
import { STORE_ENGINES, storeScope } from '../utils/stores.js';
import { fakeSource, silentLogger, unitRecord } from './fakeSources.js';

describe.each(STORE_ENGINES)('the identity sync upsert (records a write just made) on $name', (engine) => {
  const stores = storeScope(engine);
  let store: Store;
  beforeEach(async () => {
    store = await stores.fresh();
  });
  afterEach(() => stores.closeAll());

  const unitOf = async (vendor: string, externalId: string) =>
    (await store.read.selectFrom('identity_records').select('unit_key').where('vendor', '=', vendor).where('external_id', '=', externalId).executeTakeFirst())?.unit_key;

  it('adds a record to the unit whose address it shares, and a new address as a new unit, without reading any vendor', async () => {
    const rentroll = fakeSource('RENTROLL', [unitRecord('RENTROLL', '1', '10 Oak Street', { unitNumber: 'A' })]);
    const rentengine = fakeSource('RENTENGINE', [], { watermark: '2025-01-01T00:00:00Z' });
    const sync = createIdentitySync({ store, sources: [rentroll, rentengine], logger: silentLogger });
    await sync.run();
    const stateBefore = await createIndexStore(store).syncState();

    await sync.upsert([unitRecord('RENTENGINE', '77', '10 Oak St', { unitNumber: 'A' }), unitRecord('RENTENGINE', '78', '99 Pine Road')]);

    expect(await unitOf('RENTENGINE', '77')).toBe('RENTROLL:1');
    expect(await unitOf('RENTENGINE', '78')).toBe('RENTENGINE:78');
    expect(rentroll.calls).toHaveLength(1);
    expect(rentengine.calls).toHaveLength(1);
    expect(await createIndexStore(store).syncState()).toEqual(stateBefore);
  });

  it('waits for a run in flight, so neither write is refused as a conflict', async () => {
    const rentroll = fakeSource('RENTROLL', [unitRecord('RENTROLL', '1', '10 Oak Street')]);
    const sync = createIdentitySync({ store, sources: [rentroll, fakeSource('RENTENGINE', [])], logger: silentLogger });
    const running = sync.run();
    await sync.upsert([unitRecord('RENTENGINE', '5', '12 Birch Lane')]);
    await running;
    expect(await unitOf('RENTENGINE', '5')).toBe('RENTENGINE:5');
  });
});
