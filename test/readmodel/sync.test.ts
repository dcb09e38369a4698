import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { UnitRecord } from '../../src/domain/models.js';
import { createRecordStore, type RecordDraft } from '../../src/readmodel/records.js';
import type { ResourceSource } from '../../src/ports/read-model.js';
import { createRecordSync } from '../../src/readmodel/sync.js';
import { createVendorStatusStore, isStale } from '../../src/readmodel/vendor-status.js';
import { STORE_ENGINES, storeScope } from '../utils/stores.js';

const logger = pino({ level: 'silent' });

function unit(id: string, line1 = `${id} Main St`): RecordDraft<UnitRecord> {
  return {
    kind: 'UNIT', vendor: 'RENTENGINE', externalId: id,
    model: { __typename: 'UnitRecord', vendor: 'RENTENGINE', externalId: id, raw: { id }, address: { line1, unitNumber: null, city: null, region: null, postalCode: null, country: null }, bedrooms: null, bathrooms: null, squareFeet: null, ownerId: null, possessionStart: null, possessionEnd: null, active: null },
  };
}

/** A vendor resource over an array the test changes: pages of `pageSize`, incremental by an index watermark. */
function fakeResource(options: { items: () => RecordDraft[]; pageSize?: number; failAfterPages?: number; incremental?: boolean }): ResourceSource & { reads: (string | null)[] } {
  const reads: (string | null)[] = [];
  return {
    vendor: 'RENTENGINE',
    resource: 'rentengine:units',
    kinds: ['UNIT'],
    reads,
    async read({ since, onPage }) {
      reads.push(since);
      const items = options.items();
      const from = since === null ? 0 : Number(since);
      const pageSize = options.pageSize ?? 2;
      let pages = 0;
      for (let i = from; i < items.length; i += pageSize) {
        if (options.failAfterPages !== undefined && pages === options.failAfterPages) throw new Error('RENTENGINE answered 503');
        await onPage({ upserts: items.slice(i, i + pageSize), readSoFar: Math.min(i + pageSize, items.length) - from });
        pages++;
      }
      return { complete: since === null, watermark: options.incremental === true ? String(items.length) : null };
    },
  };
}

describe.each(STORE_ENGINES)('the read-model sync on $name', (engine) => {
  const stores = storeScope(engine);
  afterEach(() => stores.closeAll());

  it('writes each page as it arrives, so the first pages are stored before the read ends', async () => {
    const store = await stores.fresh();
    const records = createRecordStore(store);
    const counts: number[] = [];
    const source = fakeResource({ items: () => [unit('1'), unit('2'), unit('3'), unit('4'), unit('5')] });
    const inner = source.read.bind(source);
    source.read = (options) => inner({ ...options, onPage: async (page) => { await options.onPage(page); counts.push(await records.count('UNIT')); } });
    const sync = createRecordSync({ store, sources: [source], logger });
    const result = await sync.run();
    expect(counts).toEqual([2, 4, 5]);
    expect(result.resources).toMatchObject([{ resource: 'rentengine:units', ok: true, complete: true, read: 5, written: 5, deleted: 0 }]);
    expect(result.unitRefs.size).toBe(5);
  });

  it('sweeps records a complete read no longer lists, and keeps everything when a read fails midway', async () => {
    const store = await stores.fresh();
    const records = createRecordStore(store);
    let items = [unit('1'), unit('2'), unit('3')];
    let failAfterPages: number | undefined;
    const source = fakeResource({ items: () => items, pageSize: 1 });
    const inner = source.read.bind(source);
    source.read = (options) => (failAfterPages === undefined ? inner(options) : fakeResource({ items: () => items, pageSize: 1, failAfterPages }).read(options));
    const sync = createRecordSync({ store, sources: [source], logger });
    await sync.run();
    items = [unit('1'), unit('3', '3 Changed St')];
    failAfterPages = 1;
    const failed = await sync.run();
    expect(failed.resources[0]).toMatchObject({ ok: false, error: 'RENTENGINE answered 503', written: 0 });
    expect(await records.count('UNIT')).toBe(3);
    expect(isStale((await createVendorStatusStore(store).all()).get('RENTENGINE'))).toBe(true);
    failAfterPages = undefined;
    const ok = await sync.run();
    expect(ok.resources[0]).toMatchObject({ ok: true, written: 1, deleted: 1 });
    expect([...ok.unitRefs].sort()).toEqual(['RENTENGINE:2', 'RENTENGINE:3']);
    expect(await records.count('UNIT')).toBe(2);
    expect(isStale((await createVendorStatusStore(store).all()).get('RENTENGINE'))).toBe(false);
  });

  it('reads from the watermark, sweeps nothing after an incremental read, and reads everything again when asked for a full sync', async () => {
    const store = await stores.fresh();
    const items = [unit('1'), unit('2')];
    const source = fakeResource({ items: () => items, incremental: true });
    const sync = createRecordSync({ store, sources: [source], logger });
    await sync.run();
    items.push(unit('3'));
    const incremental = await sync.run();
    expect(incremental.resources[0]).toMatchObject({ complete: false, read: 1, written: 1, deleted: 0 });
    await sync.run({ full: true });
    expect(source.reads).toEqual([null, '2', null]);
  });

  it('reads the resources of the kinds `once` waits for first, then runs it beside the other reads, and settles after both', async () => {
    const store = await stores.fresh();
    const records = createRecordStore(store);
    let releaseProspects!: () => void;
    const prospectsHeld = new Promise<void>((resolve) => (releaseProspects = resolve));
    const order: string[] = [];
    const prospects: ResourceSource = {
      vendor: 'RENTENGINE', resource: 'rentengine:prospects', kinds: ['PROSPECT'],
      async read() {
        order.push(`prospects started after ${await records.count('UNIT')} units`);
        await prospectsHeld;
        order.push('prospects read');
        return { complete: true, watermark: null };
      },
    };
    const units = fakeResource({ items: () => [unit('1'), unit('2'), unit('3')] });
    // Listed after the prospects, yet read first: `once` waits for units.
    const sync = createRecordSync({ store, sources: [prospects, units], logger });
    const result = await sync.run({
      once: {
        kinds: new Set(['UNIT']),
        then: async (sofar) => {
          order.push(`then saw ${await records.count('UNIT')} units and ${sofar.unitRefs.size} changed`);
          releaseProspects();
        },
      },
    });
    expect(order).toContain('prospects started after 3 units');
    expect(order).toContain('then saw 3 units and 3 changed');
    // The prospects were held until `then` ran: it ran while they were read.
    expect(order.at(-1)).toBe('prospects read');
    expect(result.resources.map((r) => [r.resource, r.ok])).toEqual([['rentengine:prospects', true], ['rentengine:units', true]]);
  });

  it('rejects with what `once` threw, only after the other reads have settled', async () => {
    const store = await stores.fresh();
    let prospectsDone = false;
    const prospects: ResourceSource = {
      vendor: 'LEASEY', resource: 'leasey:leads', kinds: ['PROSPECT'],
      async read() {
        await new Promise((resolve) => setTimeout(resolve, 50));
        prospectsDone = true;
        return { complete: true, watermark: null };
      },
    };
    const sync = createRecordSync({ store, sources: [prospects, fakeResource({ items: () => [unit('1')] })], logger });
    const run = sync.run({ once: { kinds: new Set(['UNIT']), then: async () => { throw new Error('the index could not be written'); } } });
    await expect(run).rejects.toThrow('the index could not be written');
    expect(prospectsDone).toBe(true);
    expect(sync.progress()).toBeNull();
  });

  it('reports progress per resource while it reads', async () => {
    const store = await stores.fresh();
    const sync = createRecordSync({ store, sources: [fakeResource({ items: () => [unit('1'), unit('2'), unit('3')] })], logger });
    const seen: number[] = [];
    await sync.run({ onProgress: (progress) => seen.push(progress.resources['rentengine:units']!.read) });
    expect(seen).toContain(2);
    expect(seen.at(-1)).toBe(3);
    expect(sync.progress()).toBeNull();
  });
});
