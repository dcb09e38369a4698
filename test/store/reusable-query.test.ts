import { afterAll, describe, expect, it } from 'vitest';
import { reusableQuery } from '../../src/store/reusable-query.js';
import { STORE_ENGINES, storeScope } from '../utils/stores.js';

describe.each(STORE_ENGINES)('a reusable query on $name', (engine) => {
  const stores = storeScope(engine);
  afterAll(() => stores.closeAll());

  it('runs with the values given each time, inside and outside a transaction, keeping its own constants', async () => {
    const store = await stores.fresh();
    const put = reusableQuery((db, p) => db.insertInto('meta').values({ key: p('key'), value: p('value') })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: p('value') })));
    const get = reusableQuery((db, p) => db.selectFrom('meta').select('value').where('key', '=', p<string>('key')).where('value', '!=', 'hidden'));
    await put(store.write, { key: 'a', value: 'one' });
    await store.transaction(async (tx) => {
      await put(tx.db, { key: 'b', value: 'two' });
      await put(tx.db, { key: 'a', value: 'three' });
    });
    await put(store.write, { key: 'c', value: 'hidden' });
    expect((await get(store.read, { key: 'a' })).rows).toEqual([{ value: 'three' }]);
    expect((await get(store.read, { key: 'b' })).rows).toEqual([{ value: 'two' }]);
    expect((await get(store.read, { key: 'c' })).rows).toEqual([]);
  });

  it('keeps one form per shape: a multi-row insert of each size', async () => {
    const store = await stores.fresh();
    const putRows = reusableQuery((db, p, rows) =>
      db.insertInto('meta').values(Array.from({ length: rows }, (_, i) => ({ key: p(`key${i}`), value: p(`value${i}`) }))));
    await putRows(store.write, { key0: 'x', value0: '1' }, 1);
    await putRows(store.write, { key0: 'y', value0: '2', key1: 'z', value1: '3' }, 2);
    const rows = await store.read.selectFrom('meta').select(['key', 'value']).where('key', 'in', ['x', 'y', 'z']).orderBy('key').execute();
    expect(rows).toEqual([{ key: 'x', value: '1' }, { key: 'y', value: '2' }, { key: 'z', value: '3' }]);
  });

  it('refuses to run without a value the query names, and writes nothing', async () => {
    const store = await stores.fresh();
    const put = reusableQuery((db, p) => db.insertInto('meta').values({ key: p('key'), value: p('value') }));
    await expect(put(store.write, { key: 'lonely' })).rejects.toThrow(/expected a value for "value"/);
    expect(await store.read.selectFrom('meta').select('key').where('key', '=', 'lonely').execute()).toEqual([]);
  });
});
