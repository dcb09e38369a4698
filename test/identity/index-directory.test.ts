import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitParent, UnitRecord } from '../../src/domain/models.js';
import type { Vendor } from '../../src/domain/vendor.js';
import type { UnitDirectory, UnitFilterInput } from '../../src/ports/directory.js';
import { compareRefs } from '../../src/domain/refs.js';
import { createIndexDirectory } from '../../src/identity/index-directory.js';
import { createIdentitySync } from '../../src/identity/sync.js';
import { createWorld } from '../../src/simulators/world/index.js';
import type { Store } from '../../src/store/store.js';
import { STORE_ENGINES, storeScope } from '../utils/stores.js';
import { fakeSource, silentLogger, worldUnitRecords, type FakeSource } from './fakeSources.js';

const world = createWorld({ rentrollUnits: 200 });
const byVendor = worldUnitRecords(world);
const recordOf = new Map<string, UnitRecord>(Object.values(byVendor).flat().map((r) => [`${r.vendor}:${r.externalId}`, r]));
const VENDORS: Vendor[] = ['RENTROLL', 'RENTENGINE', 'LEASEY', 'STURENTS', 'DEEPRENT'];

/** Every unit the filter lets through, walking `after` with pages of `first`. */
async function walk(directory: UnitDirectory, filter: UnitFilterInput, first = 50): Promise<{ units: UnitParent[]; positions: string[] }> {
  const units: UnitParent[] = [];
  const positions: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 10_000; page++) {
    const result = await directory.page({ first, after, filter });
    units.push(...result.units);
    positions.push(...result.positions);
    if (!result.hasNextPage) return { units, positions };
    after = result.positions.at(-1)!;
  }
  throw new Error('the walk did not end');
}

const refsOf = (unit: UnitParent) => unit.members.map((m) => `${m.vendor}:${m.externalId}`);
const keysOf = (units: readonly UnitParent[]) => units.map((u) => u.key);

describe.each(STORE_ENGINES)('the index directory on $name', (engine) => {
  const stores = storeScope(engine);
  let store: Store;
  let sources: FakeSource[];
  let directory: UnitDirectory;
  let all: UnitParent[];

  beforeAll(async () => {
    store = await stores.fresh();
    sources = VENDORS.map((vendor) => fakeSource(vendor, [...byVendor[vendor]]));
    await createIdentitySync({ store, sources, logger: silentLogger }).run();
    directory = createIndexDirectory(store);
    all = (await walk(directory, {})).units;
  });
  afterAll(() => stores.closeAll());

  it.each([1, 7, 50, 500])('visits every unit exactly once, in one order, walking `after` with pages of %i', async (first) => {
    const { units, positions } = await walk(directory, {}, first);
    expect(keysOf(units)).toEqual(keysOf(all));
    expect(new Set(keysOf(units)).size).toBe(units.length);
    expect([...positions].sort()).toEqual(positions);
    expect(units.length).toBe((await store.read.selectFrom('identity_units').select('unit_key').execute()).length);
  });

  it('holds every vendor record in exactly one unit, members in vendor precedence order', () => {
    const refs = all.flatMap(refsOf);
    expect(new Set(refs).size).toBe(refs.length);
    expect(new Set(refs)).toEqual(new Set(recordOf.keys()));
    for (const unit of all) expect(refsOf(unit)).toEqual([...refsOf(unit)].sort(compareRefs));
    expect(all.filter((u) => new Set(u.members.map((m) => m.vendor)).size > 1).length).toBeGreaterThan(100);
  });

  it('finds the same unit by key and by the ref of each of its members', async () => {
    for (const unit of all) {
      expect(await directory.byKey(unit.key)).toEqual(unit);
      for (const member of unit.members) expect(await directory.byRef(member)).toEqual(unit);
    }
  });

  it('answers null for a key or a ref it does not hold', async () => {
    expect(await directory.byKey('RENTROLL:0')).toBeNull();
    expect(await directory.byRef({ vendor: 'LEASEY', externalId: 'nope' })).toBeNull();
  });

  it('answers a page of none with whether more follow', async () => {
    expect(await directory.page({ first: 0, after: null, filter: {} })).toEqual({ units: [], positions: [], hasNextPage: true });
    const last = (await walk(directory, {})).positions.at(-1)!;
    expect(await directory.page({ first: 5, after: last, filter: {} })).toEqual({ units: [], positions: [], hasNextPage: false });
  });

  it('splits units by the merged active flag', async () => {
    const active = (await walk(directory, { active: true })).units;
    const inactive = (await walk(directory, { active: false })).units;
    expect(active.length).toBeGreaterThan(0);
    expect(inactive.length).toBeGreaterThan(0);
    expect(active.length + inactive.length).toBe(all.length);
    // The best-ranked member's flag is the unit's (every fake record carries its physical unit's flag).
    for (const unit of active) expect(recordOf.get(refsOf(unit)[0]!)!.active).toBe(true);
    for (const unit of inactive) expect(recordOf.get(refsOf(unit)[0]!)!.active).toBe(false);
  });

  it('filters by vendor: the units with a record of that vendor', async () => {
    for (const vendor of VENDORS) {
      const units = (await walk(directory, { vendor }, 37)).units;
      expect(keysOf(units)).toEqual(keysOf(all.filter((u) => u.members.some((m) => m.vendor === vendor))));
    }
  });

  it('filters by city whatever the case, spacing or umlaut spelling', async () => {
    const has = (unit: UnitParent, city: string) => refsOf(unit).some((ref) => recordOf.get(ref)!.address?.city?.toLowerCase() === city);
    const springfield = keysOf(all.filter((u) => has(u, 'springfield')));
    expect(springfield.length).toBeGreaterThan(0);
    for (const spelling of ['Springfield', 'SPRINGFIELD', '  springfield ']) {
      expect(keysOf((await walk(directory, { city: spelling })).units)).toEqual(springfield);
    }
    const munich = keysOf(all.filter((u) => has(u, 'münchen')));
    expect(munich.length).toBeGreaterThan(0);
    for (const spelling of ['München', 'MUENCHEN', 'munchen']) {
      expect(keysOf((await walk(directory, { city: spelling })).units)).toEqual(munich);
    }
  });

  it('filters by postal code whatever the case or spacing, and by its first characters', async () => {
    const squash = (text: string | null | undefined) => (text ?? '').replace(/\s/g, '').toUpperCase();
    const vancouver = recordOf.get(refsOf(all.find((u) => refsOf(u).some((ref) => recordOf.get(ref)!.address?.city === 'Vancouver'))!)[0]!)!;
    const code = squash(vancouver.address!.postalCode);
    const expected = keysOf(all.filter((u) => refsOf(u).some((ref) => squash(recordOf.get(ref)!.address?.postalCode) === code)));
    expect(expected.length).toBeGreaterThan(0);
    for (const spelling of [code, code.toLowerCase(), ` ${code.slice(0, 3)} ${code.slice(3)} `]) {
      expect(keysOf((await walk(directory, { postalCode: spelling })).units)).toEqual(expected);
    }
    const area = keysOf((await walk(directory, { postalCode: 'v6b' })).units);
    expect(area.length).toBeGreaterThan(expected.length);
    expect(area).toEqual(expect.arrayContaining(expected));
  });

  it('combines filters and still visits each unit once', async () => {
    const filter = { vendor: 'LEASEY' as const, active: true, city: 'Toronto' };
    const small = keysOf((await walk(directory, filter, 3)).units);
    const large = keysOf((await walk(directory, filter, 500)).units);
    expect(small).toEqual(large);
    expect(small.length).toBeGreaterThan(0);
    expect(new Set(small).size).toBe(small.length);
  });

  it('resumes after a cursor whose unit has gone', async () => {
    const page = await directory.page({ first: 10, after: null, filter: {} });
    const gone = page.units.findLast((u) => u.members.length === 1 && u.members[0]!.vendor === 'RENTROLL')!;
    const at = page.positions[page.units.indexOf(gone)]!;
    const rentroll = sources[0]!;
    rentroll.records = rentroll.records.filter((r) => `RENTROLL:${r.externalId}` !== gone.key);
    await createIdentitySync({ store, sources, logger: silentLogger }).run();
    expect(await directory.byKey(gone.key)).toBeNull();
    const next = await directory.page({ first: 3, after: at, filter: {} });
    const expected = all.slice(all.findIndex((u) => u.key === gone.key) + 1, all.findIndex((u) => u.key === gone.key) + 4);
    expect(keysOf(next.units)).toEqual(keysOf(expected));
  });
});
