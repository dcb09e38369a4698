import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { engineNamed, storeScope } from '../utils/stores.js';

describe('Postgres statements', () => {
  const stores = storeScope(engineNamed('postgres'));
  afterAll(() => stores.closeAll());

  it('prepares a text that runs again once per connection, and answers it as before', async () => {
    const store = await stores.fresh();
    await store.write.insertInto('meta').values({ key: 'k', value: 'v' }).execute();
    const prepared = await store.transaction(async (tx) => {
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await tx.db.selectFrom('meta').select('value').where('key', '=', 'k').execute());
      expect(answers).toEqual([[{ value: 'v' }], [{ value: 'v' }], [{ value: 'v' }]]);
      const { rows } = await sql<{ name: string }>`SELECT name FROM pg_prepared_statements WHERE statement LIKE ${'select "value" from "meta"%'}`.execute(tx.db);
      return rows;
    });
    expect(prepared).toHaveLength(1);
    expect(prepared[0]!.name).toMatch(/^rentgraph_[0-9a-f]{24}$/);
  });

  it('leaves a text run once unprepared', async () => {
    const store = await stores.fresh();
    const rows = await store.transaction(async (tx) => {
      await tx.db.selectFrom('meta').select('key').where('key', '=', 'once-only').execute();
      return (await sql<{ name: string }>`SELECT name FROM pg_prepared_statements WHERE statement LIKE ${'select "key" from "meta"%'}`.execute(tx.db)).rows;
    });
    expect(rows).toEqual([]);
  });
});
