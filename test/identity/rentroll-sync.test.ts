import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIndexDirectory } from '../../src/identity/index-directory.js';
import { createIdentitySync } from '../../src/identity/sync.js';
import { SIM_CREDENTIALS } from '../../src/simulators/credentials.js';
import { startRentrollSimulator } from '../../src/simulators/rentroll/server.js';
import type { RunningSimulator } from '../../src/simulators/types.js';
import { createWorld } from '../../src/simulators/world/index.js';
import { createVendorHttp, type VendorHttp } from '../../src/vendors/http/index.js';
import { createRentrollClient } from '../../src/vendors/rentroll/client.js';
import { createRentrollResources } from '../../src/vendors/rentroll/resources.js';
import { createStoredUnitSource } from '../../src/readmodel/stored-units.js';
import { createRecordSync } from '../../src/readmodel/sync.js';
import type { Store } from '../../src/store/store.js';
import { STORE_ENGINES, storeScope } from '../utils/stores.js';
import { silentLogger } from './fakeSources.js';

// As the leader runs it: the rent roll read into the read model, then the index fed from its stored UNIT records.
describe.each(STORE_ENGINES)('the identity sync over the rent roll simulator on $name', (engine) => {
  const stores = storeScope(engine);
  const world = createWorld({ rentrollUnits: 120 });
  const rentrollIds = world.units.flatMap((u) => (u.ids.rentroll === undefined ? [] : [u.ids.rentroll]));
  let sim: RunningSimulator;
  let http: VendorHttp;
  let store: Store;

  beforeAll(async () => {
    sim = await startRentrollSimulator({ world });
    http = createVendorHttp({ vendor: 'RENTROLL', baseUrl: sim.server.origin, secrets: [], logger: silentLogger, maxRetries: 0, breaker: false });
    store = await stores.fresh();
  });
  afterAll(async () => {
    await http.close();
    await sim.close();
    await stores.closeAll();
  });

  const membersByExternalId = () => store.read.selectFrom('identity_records').select(['vendor', 'external_id', 'unit_key']).orderBy('external_id').execute();
  /** Reads the rent roll into the read model; the identity sync's source is then its stored units. */
  const readRentroll = async () => {
    const sources = createRentrollResources(createRentrollClient(http, { apiToken: SIM_CREDENTIALS.rentroll.apiToken }));
    return (await createRecordSync({ store, sources, logger: silentLogger }).run({ full: true })).resources;
  };
  const source = () => createStoredUnitSource(store, 'RENTROLL');

  it('builds one unit per rent-roll unit, keyed by its rent-roll id, active and inactive alike', async () => {
    await readRentroll();
    const result = await createIdentitySync({ store, sources: [source()], logger: silentLogger }).run();
    expect(result.vendors).toEqual([{ vendor: 'RENTROLL', ok: true, recordsRead: 120, complete: true, added: 120, changed: 0, removed: 0, records: 120 }]);
    const directory = createIndexDirectory(store);
    const keys: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await directory.page({ first: 25, after, filter: {} });
      keys.push(...page.units.map((u) => u.key));
      if (!page.hasNextPage) break;
      after = page.positions.at(-1)!;
    }
    expect(keys).toEqual([...rentrollIds].sort((a, b) => Number(a) - Number(b)).map((id) => `RENTROLL:${id}`));
    const inactive = world.units.filter((u) => u.ids.rentroll !== undefined && !u.active).length;
    expect((await directory.page({ first: 500, after: null, filter: { active: false } })).units).toHaveLength(inactive);
  });

  it('keeps every key on a second sync and counts nothing as changed', async () => {
    const before = await membersByExternalId();
    await readRentroll();
    const result = await createIdentitySync({ store, sources: [source()], logger: silentLogger }).run();
    expect(result).toMatchObject({ units: 120, unitsAdded: 0, unitsRemoved: 0 });
    expect(await membersByExternalId()).toEqual(before);
  });

  it('hands the index every stored unit record with its address but without its raw payload', async () => {
    const { records, complete } = await source().list({ since: null });
    expect(complete).toBe(true);
    expect(records.map((r) => r.externalId).sort()).toEqual([...rentrollIds].sort());
    for (const record of records) {
      expect(record.raw, record.externalId).toBeNull();
      expect(record.address?.city, record.externalId).toEqual(expect.any(String));
    }
  });

  it('keeps the units when the rent roll answers 503, and reports it', async () => {
    sim.server.setFaults({ errorRate: 1, errorStatus: 503 });
    try {
      const read = await readRentroll();
      expect(read.find((outcome) => outcome.resource === 'rentroll:units')).toMatchObject({ ok: false, error: expect.stringMatching(/503/) });
      const result = await createIdentitySync({ store, sources: [source()], logger: silentLogger }).run();
      expect(result.vendors[0]).toMatchObject({ vendor: 'RENTROLL', ok: true, records: 120 });
      expect(await store.read.selectFrom('identity_units').select('unit_key').execute()).toHaveLength(120);
    } finally {
      sim.server.setFaults({ errorRate: 0 });
    }
  });
});
