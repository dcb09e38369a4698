import { afterEach, describe, expect, it } from 'vitest';
import { createRecordStore, type RecordDraft } from '../../src/readmodel/records.js';
import type { LeaseModel, TenantModel, UnitRecord } from '../../src/domain/models.js';
import { STORE_ENGINES, storeScope } from '../utils/stores.js';

function unit(id: string, line1: string, raw: unknown = { id, line1 }): RecordDraft<UnitRecord> {
  return {
    kind: 'UNIT', vendor: 'RENTROLL', externalId: id,
    model: { __typename: 'UnitRecord', vendor: 'RENTROLL', externalId: id, raw, address: { line1, unitNumber: null, city: 'Springfield', region: 'IL', postalCode: '62701', country: null }, bedrooms: 2, bathrooms: 1, squareFeet: 800, ownerId: null, possessionStart: null, possessionEnd: null, active: true },
  };
}

function tenant(id: string, name: string): RecordDraft<TenantModel> {
  return { kind: 'TENANT', vendor: 'RENTROLL', externalId: id, model: { __typename: 'Tenant', vendor: 'RENTROLL', externalId: id, raw: { id, name }, name, email: null, phone: null } };
}

function lease(id: string, unitId: string, tenantIds: string[]): RecordDraft<LeaseModel> {
  return {
    kind: 'LEASE', vendor: 'RENTROLL', externalId: id,
    model: { __typename: 'Lease', vendor: 'RENTROLL', externalId: id, raw: { id }, unitExternalId: unitId, start: null, end: null, moveIn: null, moveOut: null, status: 'CURRENT', primaryTenantId: tenantIds[0] ?? null, tenants: [] },
    unitRef: { vendor: 'RENTROLL', externalId: unitId },
    links: tenantIds.map((t) => ({ link: 'lease_tenant', to: { vendor: 'RENTROLL', externalId: t } })),
  };
}

/** A unit as the vendor stated it at `updatedAt` (its own clock), or without a time. */
const stamped = (id: string, line1: string, updatedAt: string | null): RecordDraft<UnitRecord> => ({ ...unit(id, line1), vendorUpdatedAt: updatedAt });

describe.each(STORE_ENGINES)('the read model\'s records on $name', (engine) => {
  const stores = storeScope(engine);
  afterEach(() => stores.closeAll());

  it('keeps a record as its model and its raw payload, and reads it back by ref', async () => {
    const store = await stores.fresh();
    const records = createRecordStore(store);
    const result = await store.transaction((tx) => records.apply(tx, { upserts: [unit('1001', '1 Main St', { id: 1001, secret: false })] }, { resource: 'rentroll:units', now: 1_000 }));
    expect(result.written).toEqual([{ kind: 'UNIT', vendor: 'RENTROLL', externalId: '1001' }]);
    expect([...result.unitRefs]).toEqual(['RENTROLL:1001']);
    const found = await records.get<UnitRecord>('UNIT', [{ vendor: 'RENTROLL', externalId: '1001' }, { vendor: 'RENTROLL', externalId: '404' }]);
    expect([...found.keys()]).toEqual(['RENTROLL:1001']);
    const stored = found.get('RENTROLL:1001')!;
    expect(stored.model.address?.line1).toBe('1 Main St');
    expect(stored.model.raw).toEqual({ id: 1001, secret: false });
    expect(stored.syncedAt).toBe(1_000);
  });

  it('writes nothing for a record that did not change, but notes that it was seen and when', async () => {
    const store = await stores.fresh();
    const records = createRecordStore(store);
    await store.transaction((tx) => records.apply(tx, { upserts: [unit('1', 'A'), unit('2', 'B')] }, { resource: 'r', run: 1, now: 1_000 }));
    const again = await store.transaction((tx) => records.apply(tx, { upserts: [unit('1', 'A'), unit('2', 'B changed')] }, { resource: 'r', run: 2, now: 2_000 }));
    expect(again.written.map((k) => k.externalId)).toEqual(['2']);
    expect([...again.unitRefs]).toEqual(['RENTROLL:2']);
    const found = await records.get<UnitRecord>('UNIT', [{ vendor: 'RENTROLL', externalId: '1' }, { vendor: 'RENTROLL', externalId: '2' }]);
    expect(found.get('RENTROLL:1')!.syncedAt).toBe(2_000);
    expect(found.get('RENTROLL:2')!.model.address?.line1).toBe('B changed');
  });

  it('sweeps what a complete read of a resource did not see, and nothing of other resources', async () => {
    const store = await stores.fresh();
    const records = createRecordStore(store);
    await store.transaction((tx) => records.apply(tx, { upserts: [unit('1', 'A'), unit('2', 'B')] }, { resource: 'rentroll:units', run: 1 }));
    await store.transaction((tx) => records.apply(tx, { upserts: [tenant('t1', 'Ann')] }, { resource: 'rentroll:leases', run: 1 }));
    await store.transaction((tx) => records.apply(tx, { upserts: [unit('1', 'A')] }, { resource: 'rentroll:units', run: 2 }));
    const swept = await store.transaction((tx) => records.sweep(tx, 'rentroll:units', 2));
    expect(swept.deleted).toEqual([{ kind: 'UNIT', vendor: 'RENTROLL', externalId: '2' }]);
    expect([...swept.unitRefs]).toEqual(['RENTROLL:2']);
    expect(await records.count('UNIT')).toBe(1);
    expect(await records.count('TENANT')).toBe(1);
  });

  it('keeps the stored record when a later write carries an older vendor time, and applies an equal or newer one', async () => {
    const store = await stores.fresh();
    const records = createRecordStore(store);
    const line1 = async () => (await records.get<UnitRecord>('UNIT', [{ vendor: 'RENTROLL', externalId: '1' }])).get('RENTROLL:1')!.model.address?.line1;
    await store.transaction((tx) => records.apply(tx, { upserts: [stamped('1', 'newer', '2026-03-02T10:00:00.000Z')] }, { resource: 'r', run: 1, now: 1_000 }));

    // The same instant written with an offset is still older than 10:00Z.
    const late = await store.transaction((tx) => records.apply(tx, { upserts: [stamped('1', 'older', '2026-03-02T10:59:00+01:00')] }, { resource: 'r', run: 2, now: 2_000 }));
    expect(late.written).toEqual([]);
    expect(late.kept).toEqual([{ kind: 'UNIT', vendor: 'RENTROLL', externalId: '1' }]);
    expect(late.unitRefs.size).toBe(0);
    expect(await line1()).toBe('newer');
    // Seen by run 2 (a sweep after it keeps it), but the stored copy was not confirmed at 2,000.
    const row = await store.read.selectFrom('records').select(['seen_run', 'synced_at', 'vendor_updated_at']).where('external_id', '=', '1').executeTakeFirstOrThrow();
    expect({ ...row, synced_at: Number(row.synced_at), seen_run: Number(row.seen_run) }).toEqual({ seen_run: 2, synced_at: 1_000, vendor_updated_at: '2026-03-02T10:00:00.000Z' });

    const equal = await store.transaction((tx) => records.apply(tx, { upserts: [stamped('1', 'same time', '2026-03-02T11:00:00+01:00')] }, { resource: 'r', run: 2 }));
    expect(equal.written.map((k) => k.externalId)).toEqual(['1']);
    expect(await line1()).toBe('same time');
    await store.transaction((tx) => records.apply(tx, { upserts: [stamped('1', 'later', '2026-03-02T10:00:00.001Z')] }, { resource: 'r', run: 2 }));
    expect(await line1()).toBe('later');
  });

  it('applies a write when either side has no vendor time, as before times were kept', async () => {
    const store = await stores.fresh();
    const records = createRecordStore(store);
    const line1 = async () => (await records.get<UnitRecord>('UNIT', [{ vendor: 'RENTROLL', externalId: '1' }])).get('RENTROLL:1')!.model.address?.line1;
    await store.transaction((tx) => records.apply(tx, { upserts: [stamped('1', 'no time', null)] }, { resource: 'r' }));
    await store.transaction((tx) => records.apply(tx, { upserts: [stamped('1', 'stamped', '2026-03-02T10:00:00Z')] }, { resource: 'r' }));
    expect(await line1()).toBe('stamped');
    await store.transaction((tx) => records.apply(tx, { upserts: [stamped('1', 'no time again', null)] }, { resource: 'r' }));
    expect(await line1()).toBe('no time again');
  });

  it('decides per record in one batch: the older draft stays out, its neighbours are written with their links and facts', async () => {
    const store = await stores.fresh();
    const records = createRecordStore(store);
    const stampedLease = (id: string, tenants: string[], at: string) => ({ ...lease(id, 'u1', tenants), vendorUpdatedAt: at });
    await store.transaction((tx) => records.apply(tx, { upserts: [stampedLease('l1', ['t1'], '2026-03-02T10:00:00Z')] }, { resource: 'r' }));
    const result = await store.transaction((tx) => records.apply(tx, {
      upserts: [stampedLease('l1', ['t2'], '2026-03-01T10:00:00Z'), stampedLease('l2', ['t2'], '2026-03-01T10:00:00Z')],
    }, { resource: 'r' }));
    expect(result.written.map((k) => k.externalId)).toEqual(['l2']);
    expect(result.kept.map((k) => k.externalId)).toEqual(['l1']);
    const tenants = await records.linked('lease_tenant', ['RENTROLL:l1', 'RENTROLL:l2']);
    expect(tenants.get('RENTROLL:l1')!.map((r) => r.externalId)).toEqual(['t1']);
    expect(tenants.get('RENTROLL:l2')!.map((r) => r.externalId)).toEqual(['t2']);
    const facts = await store.read.selectFrom('lease_facts').select('external_id').orderBy('external_id').execute();
    expect(facts.map((row) => row.external_id)).toEqual(['l1', 'l2']);
  });

  it('keeps a record whose delete the vendor stamped before the stored copy\'s time, and deletes on an equal, newer or missing time', async () => {
    const store = await stores.fresh();
    const records = createRecordStore(store);
    const key = (id: string, at: string | null) => ({ kind: 'UNIT' as const, vendor: 'RENTROLL' as const, externalId: id, vendorUpdatedAt: at });
    await store.transaction((tx) => records.apply(tx, {
      upserts: [stamped('1', 'A', '2026-03-02T10:00:00Z'), stamped('2', 'B', '2026-03-02T10:00:00Z'), stamped('3', 'C', '2026-03-02T10:00:00Z'), stamped('4', 'D', null)],
    }, { resource: 'r' }));
    const result = await store.transaction((tx) => records.apply(tx, {
      deletes: [key('1', '2026-03-02T09:59:59Z'), key('2', '2026-03-02T10:00:00.000Z'), key('3', null), key('4', '2026-01-01T00:00:00Z')],
    }, { resource: 'r' }));
    expect(result.deleted.map((k) => k.externalId).sort()).toEqual(['2', '3', '4']);
    const left = await records.get('UNIT', ['1', '2', '3', '4'].map((externalId) => ({ vendor: 'RENTROLL' as const, externalId })));
    expect([...left.keys()]).toEqual(['RENTROLL:1']);
  });

  it('finds records by the unit they belong to and follows links both ways', async () => {
    const store = await stores.fresh();
    const records = createRecordStore(store);
    await store.transaction((tx) => records.apply(tx, {
      upserts: [unit('u1', 'A'), lease('l1', 'u1', ['t1', 't2']), lease('l2', 'u1', ['t2']), tenant('t1', 'Ann'), tenant('t2', 'Bob')],
    }, { resource: 'rentroll:leases' }));
    const leases = await records.byUnitRef<LeaseModel>('LEASE', ['RENTROLL:u1', 'RENTROLL:none']);
    expect(leases.get('RENTROLL:u1')!.map((r) => r.externalId)).toEqual(['l1', 'l2']);
    expect(leases.get('RENTROLL:none')).toEqual([]);
    const tenants = await records.linked('lease_tenant', ['RENTROLL:l1', 'RENTROLL:l2']);
    expect(tenants.get('RENTROLL:l1')!.map((r) => r.externalId)).toEqual(['t1', 't2']);
    const leasesOfTenant = await records.linkedFrom('lease_tenant', ['RENTROLL:t2']);
    expect(leasesOfTenant.get('RENTROLL:t2')!.map((r) => r.externalId)).toEqual(['l1', 'l2']);
    // A lease's links are replaced whole when it changes, and go when it goes.
    await store.transaction((tx) => records.apply(tx, { upserts: [lease('l1', 'u1', ['t1'])], deletes: [{ kind: 'LEASE', vendor: 'RENTROLL', externalId: 'l2' }] }, { resource: 'rentroll:leases' }));
    expect((await records.linkedFrom('lease_tenant', ['RENTROLL:t2'])).get('RENTROLL:t2')).toEqual([]);
    // A unit with the same vendor id as a lease keeps the lease's links when it is deleted.
    await store.transaction((tx) => records.apply(tx, { upserts: [unit('l1', 'Z')] }, { resource: 'rentroll:units' }));
    await store.transaction((tx) => records.apply(tx, { deletes: [{ kind: 'UNIT', vendor: 'RENTROLL', externalId: 'l1' }] }, { resource: 'rentroll:units' }));
    expect((await records.linked('lease_tenant', ['RENTROLL:l1'])).get('RENTROLL:l1')!.map((r) => r.externalId)).toEqual(['t1']);
  });

  it('reports the unit a record left as well as the one it moved to', async () => {
    const store = await stores.fresh();
    const records = createRecordStore(store);
    await store.transaction((tx) => records.apply(tx, { upserts: [lease('l1', 'u1', [])] }, { resource: 'r' }));
    const moved = await store.transaction((tx) => records.apply(tx, { upserts: [lease('l1', 'u2', [])] }, { resource: 'r' }));
    expect([...moved.unitRefs].sort()).toEqual(['RENTROLL:u1', 'RENTROLL:u2']);
  });

  it('writes thousands of records in one transaction and reads them back in batches', async () => {
    const store = await stores.fresh();
    const records = createRecordStore(store);
    const drafts = Array.from({ length: 3000 }, (_, i) => unit(String(i), `${i} Main St`));
    await store.transaction((tx) => records.apply(tx, { upserts: drafts }, { resource: 'r', run: 1 }));
    const found = await records.get('UNIT', drafts.map((d) => ({ vendor: d.vendor, externalId: d.externalId })));
    expect(found.size).toBe(3000);
    expect((await records.countsByVendor()).get('RENTROLL')).toBe(3000);
  });
});
