import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIdempotencyStore, fingerprintOf, IN_PROGRESS_MESSAGE, REUSED_KEY_MESSAGE } from '../../src/idempotency/store.js';
import type { Store } from '../../src/store/store.js';
import { engineNamed, STORE_ENGINES, storeScope } from '../utils/stores.js';

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!check()) throw new Error('timed out waiting');
}

const requestOf = (fingerprint = fingerprintOf('createLockboxes', { input: { serialNumbers: ['1'] } })) => ({ key: 'k-1', field: 'createLockboxes', fingerprint });

describe.each(STORE_ENGINES)('idempotency store on $name', (engine) => {
  const stores = storeScope(engine);
  let place: string;
  let store: Store;
  let clock: number;
  const now = () => clock;
  const request = requestOf;

  beforeEach(async () => {
    place = await stores.place();
    store = await stores.open(place);
    clock = Date.parse('2025-03-01T12:00:00Z');
  });
  afterEach(() => stores.closeAll());

  it('fingerprints arguments whatever their key order, with dates as ISO text', () => {
    expect(fingerprintOf('f', { a: 1, b: { c: [1, 2], d: null } })).toBe(fingerprintOf('f', { b: { d: null, c: [1, 2] }, a: 1 }));
    expect(fingerprintOf('f', { at: new Date('2025-01-01T00:00:00Z') })).toBe(fingerprintOf('f', { at: '2025-01-01T00:00:00.000Z' }));
    expect(fingerprintOf('f', { a: 1 })).not.toBe(fingerprintOf('g', { a: 1 }));
  });

  it('runs the work once and replays its result, also from a new store on the same database', async () => {
    let calls = 0;
    const work = async () => ({ __typename: 'Lockbox', externalId: String(++calls) });
    const first = await createIdempotencyStore(store, { now }).run(request(), work);
    await store.close();
    const reopened = await stores.open(place);
    const again = await createIdempotencyStore(reopened, { now }).run(request(), work);
    expect(first).toEqual({ __typename: 'Lockbox', externalId: '1' });
    expect(again).toEqual(first);
    expect(calls).toBe(1);
  });

  it('shares one run between duplicates that arrive while it is in flight', async () => {
    const idem = createIdempotencyStore(store, { now });
    let release!: (value: string) => void;
    let calls = 0;
    const work = () => {
      calls++;
      return new Promise<string>((resolve) => { release = resolve; });
    };
    const answers = [idem.run(request(), work), idem.run(request(), work)];
    // The work starts once the first run has claimed the key in the store.
    await until(() => calls === 1);
    release('done');
    expect(await Promise.all(answers)).toEqual(['done', 'done']);
    expect(calls).toBe(1);
  });

  it('refuses the key for a different request, stored or in flight', async () => {
    const idem = createIdempotencyStore(store, { now });
    await idem.run(request(), async () => 'first');
    const other = request(fingerprintOf('createLockboxes', { input: { serialNumbers: ['2'] } }));
    await expect(idem.run(other, async () => 'second')).rejects.toMatchObject({ message: REUSED_KEY_MESSAGE, extensions: { code: 'BAD_USER_INPUT' } });
    const slow = idem.run({ ...other, key: 'k-2' }, () => new Promise((resolve) => setTimeout(() => resolve('slow'), 20)));
    await expect(idem.run({ ...request(), key: 'k-2' }, async () => 'x')).rejects.toThrow(/^Idempotency-Key reused/);
    await slow;
  });

  it('keeps no failure, so the same request may run again', async () => {
    const idem = createIdempotencyStore(store, { now });
    await expect(idem.run(request(), async () => { throw new Error('vendor down'); })).rejects.toThrow('vendor down');
    expect(await idem.run(request(), async () => 'written')).toBe('written');
  });

  it('forgets results after 24 hours and prunes them', async () => {
    const idem = createIdempotencyStore(store, { now });
    await idem.run(request(), async () => 'day one');
    clock += 86_400_000 - 1;
    expect(await idem.run(request(), async () => 'too soon')).toBe('day one');
    clock += 2;
    expect(await idem.prune()).toBe(1);
    expect(await idem.run(request(), async () => 'day two')).toBe('day two');
  });
});

describe('idempotency across two gateway processes on one Postgres', () => {
  const stores = storeScope(engineNamed('postgres'));
  let a: Store;
  let b: Store;
  beforeEach(async () => {
    const place = await stores.place();
    [a, b] = [await stores.open(place), await stores.open(place)];
  });
  afterEach(() => stores.closeAll());

  /** Work that waits for `release()`, counting its calls. */
  const gatedWork = () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const work = { calls: 0, release: () => release() };
    return Object.assign(work, {
      run: async () => {
        work.calls++;
        await gate;
        return { __typename: 'Lockbox', externalId: `written-${work.calls}` };
      },
    });
  };

  it('makes one vendor call for duplicates sent to both at once, and answers both with its result', async () => {
    const work = gatedWork();
    const first = createIdempotencyStore(a).run(requestOf(), work.run);
    const second = createIdempotencyStore(b, { waitMillis: 10_000 }).run(requestOf(), work.run);
    await new Promise((resolve) => setTimeout(resolve, 300));
    work.release();
    expect(await Promise.all([first, second])).toEqual([
      { __typename: 'Lockbox', externalId: 'written-1' },
      { __typename: 'Lockbox', externalId: 'written-1' },
    ]);
    expect(work.calls).toBe(1);
  });

  it('lets the duplicate write when the first write failed, and keeps its result', async () => {
    let fail: ((error: Error) => void) | undefined;
    const failing = createIdempotencyStore(a).run(requestOf(), () => new Promise((_, reject) => (fail = reject)));
    // The first process has claimed the key and called its vendor.
    await until(() => fail !== undefined);
    let secondCalls = 0;
    const second = createIdempotencyStore(b, { waitMillis: 10_000 }).run(requestOf(), async () => `second wrote ${++secondCalls}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondCalls).toBe(0);
    fail!(new Error('RentEngine answered 503'));
    await expect(failing).rejects.toThrow('RentEngine answered 503');
    expect(await second).toBe('second wrote 1');
    expect(await createIdempotencyStore(a).run(requestOf(), async () => 'never')).toBe('second wrote 1');
  });

  it('refuses the key with BAD_USER_INPUT for a different request, claimed or stored by the other process', async () => {
    const work = gatedWork();
    const first = createIdempotencyStore(a).run(requestOf(), work.run);
    await until(() => work.calls === 1);
    const other = requestOf(fingerprintOf('createLockboxes', { input: { serialNumbers: ['2'] } }));
    const badInput = { message: REUSED_KEY_MESSAGE, extensions: { code: 'BAD_USER_INPUT', field: 'Idempotency-Key' } };
    await expect(createIdempotencyStore(b).run(other, async () => 'x')).rejects.toMatchObject(badInput);
    work.release();
    await first;
    await expect(createIdempotencyStore(b).run(other, async () => 'x')).rejects.toMatchObject(badInput);
    expect(work.calls).toBe(1);
  });

  it('answers BAD_USER_INPUT to a duplicate that waited longer than waitMillis, and makes no call', async () => {
    const work = gatedWork();
    const first = createIdempotencyStore(a).run(requestOf(), work.run);
    await until(() => work.calls === 1);
    await expect(createIdempotencyStore(b, { waitMillis: 300 }).run(requestOf(), work.run)).rejects.toMatchObject({ message: IN_PROGRESS_MESSAGE, extensions: { code: 'BAD_USER_INPUT' } });
    work.release();
    await first;
    expect(work.calls).toBe(1);
  });
});
