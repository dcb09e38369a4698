import { statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { engineNamed, storeScope } from '../utils/stores.js';

const waitFor = async (check: () => boolean, millis: number) => {
  const until = Date.now() + millis;
  while (!check()) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
};

describe('SQLite checkpoints', () => {
  const stores = storeScope(engineNamed('sqlite'));
  afterAll(() => stores.closeAll());

  it('moves a busy store\'s committed pages into the database file while the writer is idle, below SQLite\'s own checkpoint mark', async () => {
    const place = await stores.place();
    const store = await stores.open(place);
    // A store that writes often: many small commits.
    for (let i = 0; i < 250; i++) {
      await store.transaction((tx) => tx.db.insertInto('meta').values({ key: `small${i}`, value: 'x' }).execute());
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = statSync(place).size;
    // About 400 pages: under the 1,000 at which the writing connection would checkpoint by itself.
    const value = 'y'.repeat(4000);
    await store.transaction(async (tx) => {
      for (let i = 0; i < 400; i++) await tx.db.insertInto('meta').values({ key: `large${i}`, value }).execute();
    });
    expect(await waitFor(() => statSync(place).size >= before + 400 * 4000, 3000)).toBe(true);
    const rows = await store.read.selectFrom('meta').select((eb) => eb.fn.countAll<number>().as('count')).where('key', 'like', 'large%').executeTakeFirstOrThrow();
    expect(Number(rows.count)).toBe(400);
  });

  it('leaves a store that wrote little to SQLite\'s own checkpoints (no worker thread for it), and closes cleanly', async () => {
    const place = await stores.place();
    const store = await stores.open(place);
    await store.transaction((tx) => tx.db.insertInto('meta').values({ key: 'one', value: 'y'.repeat(4000) }).execute());
    const size = statSync(place).size;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(statSync(place).size).toBe(size);
    await store.close();
  });
});
