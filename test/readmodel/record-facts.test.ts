import { afterEach, describe, expect, it } from 'vitest';
import type { LeaseModel, LeasingEventModel, LeasingStage, ProspectModel, TenantModel } from '../../src/domain/models.js';
import { normalizeEmail, normalizeName, normalizePhone } from '../../src/readmodel/record-facts.js';
import { createRecordStore, type RecordDraft } from '../../src/readmodel/records.js';
import { STORE_ENGINES, storeScope } from '../utils/stores.js';

const prospect = (id: string, name: string, email: string | null, phone: string | null): RecordDraft<ProspectModel> => ({
  kind: 'PROSPECT', vendor: 'RENTENGINE', externalId: id,
  model: { __typename: 'Prospect', vendor: 'RENTENGINE', externalId: id, raw: {}, name, email, phone, status: null, source: null, createdAt: '2026-01-02T03:04:05-05:00', unitOfInterest: null },
});

const event = (id: string, prospectId: string, stage: LeasingStage, occurredAt: string): RecordDraft<LeasingEventModel> => ({
  kind: 'LEASING_EVENT', vendor: 'RENTENGINE', externalId: id, parentRef: { vendor: 'RENTENGINE', externalId: prospectId },
  model: { __typename: 'LeasingEvent', vendor: 'RENTENGINE', externalId: id, raw: {}, eventType: stage, stage, occurredAt, prospect: { vendor: 'RENTENGINE', externalId: prospectId }, unit: null, notes: null },
});

describe('person normalization', () => {
  it('brings emails, phones and names to the form lookups compare', () => {
    expect(normalizeEmail('  Ann.Lee@Example.COM ')).toBe('ann.lee@example.com');
    expect(normalizePhone('+1 (555) 123-4567')).toBe(normalizePhone('555.123.4567'));
    expect(normalizePhone('12-34')).toBeNull();
    expect(normalizeName('Jürgen  Müller')).toBe(normalizeName('JUERGEN MUELLER'));
  });
});

describe.each(STORE_ENGINES)('record facts on $name', (engine) => {
  const stores = storeScope(engine);
  afterEach(() => stores.closeAll());

  it('keeps a lease\'s dates in UTC and a status only where the vendor states one, and follows it when it goes', async () => {
    const store = await stores.fresh();
    const records = createRecordStore(store);
    const lease: RecordDraft<LeaseModel> = {
      kind: 'LEASE', vendor: 'RENTROLL', externalId: 'l1', unitRef: { vendor: 'RENTROLL', externalId: 'u1' },
      model: { __typename: 'Lease', vendor: 'RENTROLL', externalId: 'l1', raw: {}, unitExternalId: 'u1', start: '2026-01-01T00:00:00-08:00', end: null, moveIn: null, moveOut: null, status: 'CURRENT', primaryTenantId: null, tenants: [] },
    };
    // A status the dates give is the clock's, computed when read: only one the vendor states is kept.
    const stated: RecordDraft<LeaseModel> = { ...lease, externalId: 'l2', model: { ...lease.model, externalId: 'l2', statedStatus: 'PAST' } };
    await store.transaction((tx) => records.apply(tx, { upserts: [lease, stated] }, { resource: 'r' }));
    expect(await store.read.selectFrom('lease_facts').selectAll().orderBy('external_id').execute()).toEqual([
      { vendor: 'RENTROLL', external_id: 'l1', unit_ref: 'RENTROLL:u1', starts_at: '2026-01-01T08:00:00.000Z', ends_at: null, move_in_at: null, move_out_at: null, status: null },
      { vendor: 'RENTROLL', external_id: 'l2', unit_ref: 'RENTROLL:u1', starts_at: '2026-01-01T08:00:00.000Z', ends_at: null, move_in_at: null, move_out_at: null, status: 'PAST' },
    ]);
    await store.transaction((tx) => records.apply(tx, { deletes: [{ kind: 'LEASE', vendor: 'RENTROLL', externalId: 'l1' }, { kind: 'LEASE', vendor: 'RENTROLL', externalId: 'l2' }] }, { resource: 'r' }));
    expect(await store.read.selectFrom('lease_facts').selectAll().execute()).toEqual([]);
  });

  it('gives a prospect the stage of its latest leasing event, whichever arrives first', async () => {
    const store = await stores.fresh();
    const records = createRecordStore(store);
    const tenant: RecordDraft<TenantModel> = { kind: 'TENANT', vendor: 'RENTROLL', externalId: 't1', model: { __typename: 'Tenant', vendor: 'RENTROLL', externalId: 't1', raw: {}, name: 'Ann Lee', email: 'ANN@x.com', phone: null } };
    // Events before the prospect, out of order; then the prospect; then an older event that must not win.
    await store.transaction((tx) => records.apply(tx, { upserts: [event('e2', 'p1', 'SHOWING_SCHEDULED', '2026-03-02T00:00:00Z'), event('e1', 'p1', 'NEW', '2026-03-01T00:00:00Z')] }, { resource: 'r' }));
    await store.transaction((tx) => records.apply(tx, { upserts: [prospect('p1', 'Bo Li', 'Bo@X.com', '+1 555 123 4567'), tenant] }, { resource: 'r' }));
    await store.transaction((tx) => records.apply(tx, { upserts: [event('e0', 'p1', 'CONTACTED', '2026-02-01T00:00:00Z')] }, { resource: 'r' }));
    const people = await store.read.selectFrom('person_facts').selectAll().orderBy('kind').execute();
    expect(people).toEqual([
      { kind: 'PROSPECT', vendor: 'RENTENGINE', external_id: 'p1', unit_ref: null, name: 'bo li', email: 'bo@x.com', phone: '5551234567', created_at: '2026-01-02T08:04:05.000Z', stage: 'SHOWING_SCHEDULED', stage_at: '2026-03-02T00:00:00.000Z' },
      { kind: 'TENANT', vendor: 'RENTROLL', external_id: 't1', unit_ref: null, name: 'ann lee', email: 'ann@x.com', phone: null, created_at: null, stage: null, stage_at: null },
    ]);
    await store.transaction((tx) => records.apply(tx, { upserts: [event('e3', 'p1', 'APPLICATION', '2026-03-05T00:00:00Z')] }, { resource: 'r' }));
    expect((await store.read.selectFrom('person_facts').select('stage').where('kind', '=', 'PROSPECT').executeTakeFirst())?.stage).toBe('APPLICATION');
  });

  it('moves the stages of many prospects at once, each to its own latest event and none to an older one', async () => {
    const store = await stores.fresh();
    const records = createRecordStore(store);
    const ids = Array.from({ length: 40 }, (_, i) => `q${i}`);
    await store.transaction((tx) => records.apply(tx, { upserts: ids.map((id) => prospect(id, `P ${id}`, null, null)) }, { resource: 'r' }));
    await store.transaction((tx) => records.apply(tx, { upserts: [event('old-q1', 'q1', 'APPLICATION', '2026-04-01T00:00:00Z')] }, { resource: 'r' }));
    // One write with two events for every prospect (the later one first for odd ones), and an older event for q1.
    const upserts = ids.flatMap((id, i) => {
      const early = event(`${id}-a`, id, 'CONTACTED', '2026-03-01T00:00:00Z');
      const late = event(`${id}-b`, id, i % 2 === 0 ? 'SHOWING_SCHEDULED' : 'SHOWING_COMPLETED', `2026-03-0${2 + (i % 7)}T00:00:00Z`);
      return i % 2 === 0 ? [early, late] : [late, early];
    });
    await store.transaction((tx) => records.apply(tx, { upserts }, { resource: 'r' }));
    const rows = await store.read.selectFrom('person_facts').select(['external_id', 'stage', 'stage_at']).where('kind', '=', 'PROSPECT').execute();
    const byId = new Map(rows.map((row) => [row.external_id, row]));
    ids.forEach((id, i) => {
      const expected = id === 'q1'
        ? { stage: 'APPLICATION', stage_at: '2026-04-01T00:00:00.000Z' }
        : { stage: i % 2 === 0 ? 'SHOWING_SCHEDULED' : 'SHOWING_COMPLETED', stage_at: `2026-03-0${2 + (i % 7)}T00:00:00.000Z` };
      expect(byId.get(id)).toEqual({ external_id: id, ...expected });
    });
  });
});
