import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIdempotencyStore, fingerprintOf, REUSED_KEY_MESSAGE } from '../../src/idempotency/store.js';
import { openStore, type Store } from '../../src/store/sqlite.js';

describe('idempotency store', () => {
  let dir: string;
  let store: Store;
  let clock: number;
  const now = () => clock;
  const request = (fingerprint = fingerprintOf('createLockboxes', { input: { serialNumbers: ['1'] } })) => ({ key: 'k-1', field: 'createLockboxes', fingerprint });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rentgraph-idem-'));
    store = openStore(join(dir, 'idem.sqlite'));
    clock = Date.parse('2025-03-01T12:00:00Z');
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fingerprints arguments whatever their key order, with dates as ISO text', () => {
    expect(fingerprintOf('f', { a: 1, b: { c: [1, 2], d: null } })).toBe(fingerprintOf('f', { b: { d: null, c: [1, 2] }, a: 1 }));
    expect(fingerprintOf('f', { at: new Date('2025-01-01T00:00:00Z') })).toBe(fingerprintOf('f', { at: '2025-01-01T00:00:00.000Z' }));
    expect(fingerprintOf('f', { a: 1 })).not.toBe(fingerprintOf('g', { a: 1 }));
  });

  it('runs the work once and replays its result, also from a new store on the same file', async () => {
    let calls = 0;
    const work = async () => ({ __typename: 'Lockbox', externalId: String(++calls) });
    const first = await createIdempotencyStore(store, { now }).run(request(), work);
    const again = await createIdempotencyStore(store, { now }).run(request(), work);
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
    expect(idem.prune()).toBe(1);
    expect(await idem.run(request(), async () => 'day two')).toBe('day two');
  });
});
