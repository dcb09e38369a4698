import { afterEach, describe, expect, it } from 'vitest';
import { createSharedWindow, pruneSharedWindows } from '../../src/store/shared-window.js';
import { STORE_ENGINES, storeScope } from '../utils/stores.js';

describe.each(STORE_ENGINES)('a shared rate window on $name', (engine) => {
  const stores = storeScope(engine);
  afterEach(() => stores.closeAll());

  it('lets at most `requests` start in any window across processes, and says when the next may', async () => {
    const place = await stores.place();
    const processes = engine.name === 'postgres' ? [await stores.open(place), await stores.open(place), await stores.open(place)] : [await stores.open(place)];
    const windows = processes.map(createSharedWindow);
    const limit = { requests: 5, perMillis: 1_000 };
    const attempts = await Promise.all(Array.from({ length: 12 }, (_, i) => windows[i % windows.length]!.tryTake('RENTENGINE', limit)));
    expect(attempts.filter((a) => a.taken)).toHaveLength(5);
    const refused = attempts.filter((a): a is { taken: false; retryInMillis: number } => !a.taken);
    expect(refused).toHaveLength(7);
    for (const r of refused) expect(r.retryInMillis).toBeGreaterThan(0);
    for (const r of refused) expect(r.retryInMillis).toBeLessThanOrEqual(1_000);
    // Another vendor's window is its own.
    expect((await windows[0]!.tryTake('STURENTS', limit)).taken).toBe(true);
  });

  it('frees a place given back, and counts a settled one from when it settled', async () => {
    const window = createSharedWindow(await stores.fresh());
    const limit = { requests: 1, perMillis: 300 };
    const first = await window.tryTake('X', limit);
    expect(first.taken).toBe(true);
    expect((await window.tryTake('X', limit)).taken).toBe(false);
    await window.giveBack((first as { id: number }).id);
    const second = await window.tryTake('X', limit);
    expect(second.taken).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await window.settle((second as { id: number }).id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // 400 ms after it was taken, but only 200 ms after it settled: still in the window.
    expect((await window.tryTake('X', limit)).taken).toBe(false);
  });

  it('clears places older than asked from every window, and keeps the newer ones', async () => {
    const store = await stores.fresh();
    const window = createSharedWindow(store);
    const long = { requests: 1, perMillis: 60_000 };
    expect((await window.tryTake('old', long)).taken).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await window.tryTake('new', long)).taken).toBe(true);
    expect(await pruneSharedWindows(store, 200)).toBe(1);
    expect((await window.tryTake('old', long)).taken).toBe(true);
    expect((await window.tryTake('new', long)).taken).toBe(false);
  });
});
