import { afterEach, describe, expect, it } from 'vitest';
import { createIndexStore } from '../../src/identity/index-store.js';
import { createIdentitySync } from '../../src/identity/sync.js';
import { fakeSource, silentLogger, tempStore, unitRecord } from './fakeSources.js';

describe('the identity sync upsert (records a write just made)', () => {
  let store: ReturnType<typeof tempStore>;
  afterEach(() => store.remove());

  const unitOf = (vendor: string, externalId: string) =>
    store.db.prepare<[string, string], string>('SELECT unit_key FROM identity_records WHERE vendor = ? AND external_id = ?').pluck().get(vendor, externalId);

  it('adds a record to the unit whose address it shares, and a new address as a new unit, without reading any vendor', async () => {
    store = tempStore();
    const rentroll = fakeSource('RENTROLL', [unitRecord('RENTROLL', '1', '10 Oak Street', { unitNumber: 'A' })]);
    const rentengine = fakeSource('RENTENGINE', [], { watermark: '2025-01-01T00:00:00Z' });
    const sync = createIdentitySync({ store, sources: [rentroll, rentengine], logger: silentLogger });
    await sync.run();
    const stateBefore = createIndexStore(store).syncState();

    await sync.upsert([unitRecord('RENTENGINE', '77', '10 Oak St', { unitNumber: 'A' }), unitRecord('RENTENGINE', '78', '99 Pine Road')]);

    expect(unitOf('RENTENGINE', '77')).toBe('RENTROLL:1');
    expect(unitOf('RENTENGINE', '78')).toBe('RENTENGINE:78');
    expect(rentroll.calls).toHaveLength(1);
    expect(rentengine.calls).toHaveLength(1);
    expect(createIndexStore(store).syncState()).toEqual(stateBefore);
  });

  it('waits for a run in flight, so neither write is refused as a conflict', async () => {
    store = tempStore();
    const rentroll = fakeSource('RENTROLL', [unitRecord('RENTROLL', '1', '10 Oak Street')]);
    const sync = createIdentitySync({ store, sources: [rentroll, fakeSource('RENTENGINE', [])], logger: silentLogger });
    const running = sync.run();
    await sync.upsert([unitRecord('RENTENGINE', '5', '12 Birch Lane')]);
    await running;
    expect(unitOf('RENTENGINE', '5')).toBe('RENTENGINE:5');
  });
});
