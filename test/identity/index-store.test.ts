import { afterEach, describe, expect, it } from 'vitest';
import { createIndexStore, IndexConflictError, type IndexChanges } from '../../src/identity/index-store.js';
import { createIdentitySync } from '../../src/identity/sync.js';
import type { Store } from '../../src/store/store.js';
import { STORE_ENGINES, storeScope } from '../utils/stores.js';
import { fakeSource, silentLogger, unitRecord } from './fakeSources.js';

const changesAdding = (key: string): IndexChanges => ({
  upsertRecords: [], deleteRecords: [], upsertUnits: [{ key, position: key, active: true }], deleteUnits: [], syncState: [], syncedAt: null, overridesDigest: key,
});

describe.each(STORE_ENGINES)('the identity index written by two writers on $name', (engine) => {
  const stores = storeScope(engine);
  afterEach(() => stores.closeAll());

  /**
   * Postgres: two processes' stores on one database. SQLite: one process serves a file,
   * so both writers share its store (two connections in one process would block each
   * other's event loop on the file lock).
   */
  const twoProcesses = async (): Promise<[Store, Store]> => {
    const place = await stores.place();
    const a = await stores.open(place);
    return [a, engine.name === 'postgres' ? await stores.open(place) : a];
  };
  const unitKeys = async (store: Store) => (await store.read.selectFrom('identity_units').select('unit_key').orderBy('unit_key').execute()).map((row) => row.unit_key);

  it('lets one of two writers of the same generation write, and refuses the other with IndexConflictError', async () => {
    const [a, b] = await twoProcesses();
    for (const [round, generation] of [[1, 0], [2, 1]] as const) {
      const settled = await Promise.allSettled([
        createIndexStore(a).write(changesAdding(`A${round}`), generation),
        createIndexStore(b).write(changesAdding(`B${round}`), generation),
      ]);
      expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
      const refused = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')!;
      expect(refused.reason).toBeInstanceOf(IndexConflictError);
      expect(refused.reason.message).toBe(`expected the identity index at generation ${generation}, found ${generation + 1}: another sync wrote it meanwhile; run again`);
      expect(await createIndexStore(a).generation()).toBe(generation + 1);
    }
    // Only the winners' units were written; the refused writes left nothing behind.
    const keys = await unitKeys(a);
    expect(keys).toHaveLength(2);
    expect(keys.map((key) => key.slice(1)).sort()).toEqual(['1', '2']);
  });

  it('upserts again on what another process wrote when its first write is refused', async () => {
    const [a, b] = await twoProcesses();
    const otherRun = createIdentitySync({ store: b, sources: [fakeSource('RENTROLL', [unitRecord('RENTROLL', '1', '10 Oak Street')])], logger: silentLogger });
    // The other process's sync writes between this upsert's read of the index and its write.
    let attempts = 0;
    const racing: Store = {
      ...a,
      async transaction(work) {
        if (++attempts === 1) await otherRun.run();
        return a.transaction(work);
      },
    };
    const upserting = createIdentitySync({ store: racing, sources: [], logger: silentLogger });
    await upserting.upsert([unitRecord('RENTENGINE', '77', '10 Oak St'), unitRecord('RENTENGINE', '78', '99 Pine Road')]);
    expect(attempts).toBe(2);
    const members = await a.read.selectFrom('identity_records').select(['vendor', 'external_id', 'unit_key']).orderBy('vendor').orderBy('external_id').execute();
    expect(members).toEqual([
      { vendor: 'RENTENGINE', external_id: '77', unit_key: 'RENTROLL:1' },
      { vendor: 'RENTENGINE', external_id: '78', unit_key: 'RENTENGINE:78' },
      { vendor: 'RENTROLL', external_id: '1', unit_key: 'RENTROLL:1' },
    ]);
    expect(await createIndexStore(a).generation()).toBe(2);
  });

  it('plans a sync again when an identity change in another process wrote between its reads and its write, and keeps the change', async () => {
    const [a, b] = await twoProcesses();
    const records = [unitRecord('RENTROLL', '1', '10 Oak Street'), unitRecord('RENTENGINE', '77', '12 Elm Road')];
    await createIdentitySync({ store: a, sources: [fakeSource('RENTROLL', [records[0]!]), fakeSource('RENTENGINE', [records[1]!])], logger: silentLogger }).run();
    const editor = createIdentitySync({ store: b, sources: [], logger: silentLogger });
    let attempts = 0;
    const racing: Store = {
      ...a,
      async transaction(work) {
        if (++attempts === 1) await editor.edit({ kind: 'link', records: [{ vendor: 'RENTROLL', externalId: '1' }, { vendor: 'RENTENGINE', externalId: '77' }] }, 'admin');
        return a.transaction(work);
      },
    };
    const sync = createIdentitySync({ store: racing, sources: [fakeSource('RENTROLL', [records[0]!]), fakeSource('RENTENGINE', [records[1]!])], logger: silentLogger });
    await sync.run({ full: true });
    expect(attempts).toBe(2);
    const members = await a.read.selectFrom('identity_records').select(['vendor', 'external_id', 'unit_key', 'matched_by']).orderBy('vendor').orderBy('external_id').execute();
    expect(members).toEqual([
      { vendor: 'RENTENGINE', external_id: '77', unit_key: 'RENTROLL:1', matched_by: 'override' },
      { vendor: 'RENTROLL', external_id: '1', unit_key: 'RENTROLL:1', matched_by: 'override' },
    ]);
    expect(await a.read.selectFrom('identity_retired_units').select(['unit_key', 'surviving_key']).execute()).toEqual([{ unit_key: 'RENTENGINE:77', surviving_key: 'RENTROLL:1' }]);
  });
});
