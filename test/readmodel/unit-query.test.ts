import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitFactsTable } from '../../src/store/tables.js';
import type { Store } from '../../src/store/store.js';
import { createUnitQueries, UnitQueryError, type UnitOrder, type UnitQueryFilter } from '../../src/readmodel/unit-query.js';
import { STORE_ENGINES, storeScope } from '../utils/stores.js';

/** 40 units with facts spread over every column, some columns null. */
function factsOf(i: number): UnitFactsTable {
  return {
    unit_key: `u${String(i).padStart(3, '0')}`,
    country: i % 3 === 0 ? 'DE' : 'US',
    city: i % 2 === 0 ? 'springfield' : 'munchen',
    postal_code: i % 2 === 0 ? '62701' : '80331',
    bedrooms: i % 5 === 0 ? null : i % 4,
    square_feet: 500 + i * 10,
    rent_monthly: i % 7 === 0 ? null : 1000 + (i % 6) * 100,
    rent_currency: 'USD',
    occupied: i % 2,
    listed: i % 3 === 0 ? 1 : 0,
    active: 1,
    address_sort: `street ${String(i % 10)}|${String(i).padStart(8, '0')}|`,
    city_sort: i % 2 === 0 ? 'springfield' : 'munchen',
    updated_at: 1_000 + i,
    search: `${i % 2 === 0 ? 'main st street' : 'mullerstrasse muller str strasse'} ${i} unit${i}`,
  };
}

async function seed(store: Store, count: number): Promise<void> {
  const facts = Array.from({ length: count }, (_, i) => factsOf(i));
  await store.write.insertInto('identity_units').values(facts.map((f, i) => ({ unit_key: f.unit_key, position: String(1000 + i), active: 1, created_at: '' }))).execute();
  await store.write.insertInto('identity_records').values(facts.map((f, i) => ({
    vendor: i % 4 === 0 ? 'LEASEY' : 'RENTROLL', external_id: String(i), unit_key: f.unit_key, match_keys: '[]', fingerprint: '',
    country: null, country_source: null, matched_by: null, city: f.city, postal_code: f.postal_code, active: 1, updated_at: '',
  }))).execute();
  await store.write.insertInto('unit_facts').values(facts).execute();
  if (store.dialect === 'sqlite') await store.write.insertInto('unit_search').values(facts.map((f) => ({ unit_key: f.unit_key, search: f.search }))).execute();
}

describe.each(STORE_ENGINES)('unit queries on $name', (engine) => {
  const stores = storeScope(engine);
  let store: Store;
  const all = Array.from({ length: 40 }, (_, i) => factsOf(i));
  beforeAll(async () => {
    store = await stores.fresh();
    await seed(store, 40);
  });
  afterAll(() => stores.closeAll());

  /** Walks every page of size `first`; returns the keys in order. */
  async function walk(filter: UnitQueryFilter, orderBy: UnitOrder[], first = 7): Promise<string[]> {
    const queries = createUnitQueries(store);
    const keys: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const page = await queries.page({ first, after, filter, orderBy });
      keys.push(...page.unitKeys);
      if (!page.hasNextPage) return keys;
      after = page.positions.at(-1)!;
    }
    throw new Error('no last page');
  }

  it('walks every unit once in index order without an order, and counts them', async () => {
    expect(await walk({}, [])).toEqual(all.map((f) => f.unit_key));
    expect(await createUnitQueries(store).count({})).toBe(40);
  });

  it.each<[string, UnitOrder[], (a: UnitFactsTable, b: UnitFactsTable) => number]>([
    ['rent ascending, nulls last', [{ field: 'RENT', direction: 'ASC' }], (a, b) => (a.rent_monthly ?? Infinity) - (b.rent_monthly ?? Infinity) || a.unit_key.localeCompare(b.unit_key)],
    ['rent descending, nulls still last', [{ field: 'RENT', direction: 'DESC' }], (a, b) => (a.rent_monthly === null ? 1 : 0) - (b.rent_monthly === null ? 1 : 0) || (b.rent_monthly ?? 0) - (a.rent_monthly ?? 0) || a.unit_key.localeCompare(b.unit_key)],
    ['bedrooms then address', [{ field: 'BEDROOMS', direction: 'ASC' }, { field: 'ADDRESS', direction: 'DESC' }], (a, b) => (a.bedrooms ?? Infinity) - (b.bedrooms ?? Infinity) || (a.address_sort < b.address_sort ? 1 : a.address_sort > b.address_sort ? -1 : 0) || a.unit_key.localeCompare(b.unit_key)],
    ['updated at, newest first', [{ field: 'UPDATED_AT', direction: 'DESC' }], (a, b) => b.updated_at - a.updated_at],
  ])('pages in a stable order by %s, every unit once', async (_name, orderBy, compare) => {
    const expected = [...all].sort(compare).map((f) => f.unit_key);
    expect(await walk({}, orderBy)).toEqual(expected);
    expect(await walk({}, orderBy, 3)).toEqual(expected);
  });

  it('filters on facts and on any record, and counts what the filter matches across all pages', async () => {
    const queries = createUnitQueries(store);
    const cases: [UnitQueryFilter, (f: UnitFactsTable, i: number) => boolean][] = [
      [{ country: 'de' }, (f) => f.country === 'DE'],
      [{ country: 'Germany' }, (f) => f.country === 'DE'],
      [{ bedroomsMin: 1, bedroomsMax: 2 }, (f) => f.bedrooms !== null && f.bedrooms >= 1 && f.bedrooms <= 2],
      [{ rentMin: 1200 }, (f) => f.rent_monthly !== null && f.rent_monthly >= 1200],
      [{ occupied: true, listed: true }, (f) => f.occupied === 1 && f.listed === 1],
      [{ vendor: 'LEASEY' }, (_f, i) => i % 4 === 0],
      [{ city: 'München' }, (f) => f.city === 'munchen'],
      [{ postalCode: '627' }, (f) => f.postal_code === '62701'],
      [{ search: 'Müllerstr' }, (f) => f.search.includes('muller')],
      [{ search: 'main st 12' }, (f) => f.search.startsWith('main') && / 12/.test(f.search)],
    ];
    for (const [filter, keep] of cases) {
      const expected = all.filter(keep).map((f) => f.unit_key);
      expect(await walk(filter, [{ field: 'RENT', direction: 'ASC' }])).toEqual(expect.arrayContaining(expected));
      expect((await walk(filter, [])).sort()).toEqual(expected);
      expect(await queries.count(filter)).toBe(expected.length);
    }
  });

  it('pages a rent-ordered search the same whether it walks the rent order or looks each match up', async () => {
    const filters: UnitQueryFilter[] = [
      { search: 'street' },
      { search: 'str', rentMax: 1300 },
      { search: 'muller', rentMin: 1100, rentMax: 1400 },
      { search: 'unit1', rentMax: 1000 },
      { search: 'nowhere', rentMax: 5000 },
    ];
    const walkOrder = createUnitQueries(store, { orderFirstMatches: 0 });
    const lookUp = createUnitQueries(store, { orderFirstMatches: Number.MAX_SAFE_INTEGER });
    const orderBy: UnitOrder[] = [{ field: 'RENT', direction: 'ASC' }];
    for (const filter of filters) {
      const byRent = (a: UnitFactsTable, b: UnitFactsTable) => (a.rent_monthly ?? Infinity) - (b.rent_monthly ?? Infinity) || a.unit_key.localeCompare(b.unit_key);
      const words = filter.search!.split(' ');
      const expected = all
        .filter((f) => words.every((word) => f.search.split(' ').some((w) => w.startsWith(word))))
        .filter((f) => (filter.rentMin == null && filter.rentMax == null) || (f.rent_monthly !== null && f.rent_monthly >= (filter.rentMin ?? -Infinity) && f.rent_monthly <= (filter.rentMax ?? Infinity)))
        .sort(byRent)
        .map((f) => f.unit_key);
      for (const queries of [walkOrder, lookUp]) {
        const keys: string[] = [];
        let after: string | null = null;
        for (let guard = 0; guard < 50; guard++) {
          const page = await queries.page({ first: 3, after, filter, orderBy });
          keys.push(...page.unitKeys);
          if (!page.hasNextPage) break;
          after = page.positions.at(-1)!;
        }
        expect(keys).toEqual(expected);
      }
    }
  });

  it('refuses what it cannot answer, naming the field', async () => {
    const queries = createUnitQueries(store);
    await expect(queries.count({ search: ' !!! ' })).rejects.toThrow(UnitQueryError);
    await expect(queries.count({ country: 'Atlantis' })).rejects.toMatchObject({ field: 'filter.country' });
    await expect(queries.count({ rentMin: 5, rentMax: 1 })).rejects.toMatchObject({ field: 'filter.rentMin' });
    await expect(queries.page({ first: 5, after: 'garbage', filter: {}, orderBy: [{ field: 'RENT', direction: 'ASC' }] })).rejects.toMatchObject({ field: 'after' });
  });
});
