import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { LeaseModel, ListingModel, UnitRecord } from '../../src/domain/models.js';
import type { Vendor } from '../../src/domain/vendor.js';
import { createRecordStore, type RecordDraft } from '../../src/readmodel/records.js';
import { postgresTsQueryOf, queryWords, sqliteMatchOf } from '../../src/readmodel/search.js';
import { computeUnitFacts, createUnitFactsStore, monthlyRent } from '../../src/readmodel/unit-facts.js';
import type { Store } from '../../src/store/store.js';
import { STORE_ENGINES, storeScope } from '../utils/stores.js';

const PRECEDENCE: Vendor[] = ['RENTROLL', 'RENTENGINE', 'LEASEY', 'STURENTS', 'DEEPRENT'];

function unit(vendor: Vendor, id: string, line1: string, extra: Partial<UnitRecord> = {}): RecordDraft<UnitRecord> {
  return {
    kind: 'UNIT', vendor, externalId: id,
    model: { __typename: 'UnitRecord', vendor, externalId: id, raw: { id }, address: { line1, unitNumber: null, city: 'München', region: null, postalCode: '80331', country: null }, bedrooms: null, bathrooms: null, squareFeet: null, ownerId: null, possessionStart: null, possessionEnd: null, active: true, ...extra },
  };
}

function listing(vendor: Vendor, id: string, unitId: string, rent: ListingModel['rent'], published = true): RecordDraft<ListingModel> {
  return {
    kind: 'LISTING', vendor, externalId: id, unitRef: { vendor, externalId: unitId },
    model: { __typename: 'Listing', vendor, externalId: id, raw: {}, unit: { vendor, externalId: unitId }, title: null, description: null, rent, availableFrom: null, bedrooms: null, bathrooms: null, published, url: null },
  };
}

const DAY = 86_400_000;

/** A rent-roll lease from `startDays` to `endDays` from now (by the clock this test reads), with the status it was stored with. */
function lease(id: string, unitId: string, startDays: number, endDays: number, status: LeaseModel['status'] = 'CURRENT'): RecordDraft<LeaseModel> {
  const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
  return {
    kind: 'LEASE', vendor: 'RENTROLL', externalId: id, unitRef: { vendor: 'RENTROLL', externalId: unitId },
    model: { __typename: 'Lease', vendor: 'RENTROLL', externalId: id, raw: {}, unitExternalId: unitId, start: at(startDays), end: at(endDays), moveIn: null, moveOut: null, status, primaryTenantId: null, tenants: [] },
  };
}

/** Puts records into the identity index as one unit, as the identity sync would. */
async function indexUnit(store: Store, unitKey: string, members: { vendor: Vendor; id: string; country?: string; stated?: boolean }[]): Promise<void> {
  await store.write.insertInto('identity_units').values({ unit_key: unitKey, position: unitKey, active: 1, created_at: '' }).execute();
  await store.write.insertInto('identity_records').values(members.map((m) => ({
    vendor: m.vendor, external_id: m.id, unit_key: unitKey, match_keys: '[]', fingerprint: '', country: m.country ?? null,
    country_source: m.country === undefined ? null : m.stated === true ? 'stated' : 'inferred', matched_by: null, city: null, postal_code: null, active: 1, updated_at: '',
  }))).execute();
}

async function searchUnits(store: Store, query: string): Promise<string[]> {
  const words = queryWords(query);
  const rows = store.dialect === 'sqlite'
    ? await sql<{ unit_key: string }>`SELECT unit_key FROM unit_search WHERE unit_search MATCH ${sqliteMatchOf(words)} ORDER BY unit_key`.execute(store.read)
    : await sql<{ unit_key: string }>`SELECT unit_key FROM unit_facts WHERE search_tsv @@ to_tsquery('simple', ${postgresTsQueryOf(words)}) ORDER BY unit_key`.execute(store.read);
  return rows.rows.map((row) => row.unit_key);
}

describe('a unit\'s rent per month', () => {
  it('counts a weekly rent 52/12 times and a yearly one a twelfth, and no one-off amount', () => {
    expect(monthlyRent({ amount: 120, currency: 'GBP', period: 'WEEK' })).toEqual({ amount: 520, currency: 'GBP' });
    expect(monthlyRent({ amount: 1200, currency: 'USD', period: 'MONTH' })).toEqual({ amount: 1200, currency: 'USD' });
    expect(monthlyRent({ amount: 12000, currency: 'EUR', period: 'YEAR' })).toEqual({ amount: 1000, currency: 'EUR' });
    expect(monthlyRent({ amount: 500, currency: 'USD', period: null })).toBeNull();
  });
});

describe.each(STORE_ENGINES)('unit facts on $name', (engine) => {
  const stores = storeScope(engine);
  afterEach(() => stores.closeAll());

  it('merges a unit\'s records by vendor precedence and finds it by any vendor\'s spelling', async () => {
    const store = await stores.fresh();
    const records = createRecordStore(store);
    const facts = createUnitFactsStore(store, PRECEDENCE, new Set(['RENTROLL']));
    await store.transaction((tx) => records.apply(tx, {
      upserts: [
        unit('RENTROLL', '1', 'Muellerstrasse 5', { bedrooms: 2 }),
        unit('DEEPRENT', 'obj-1', 'Müllerstraße 5', { bedrooms: 3, squareFeet: 700 }),
        unit('RENTROLL', '2', 'Müllerstraße 7'),
        listing('LEASEY', 'L1', 'p1', { amount: 300, currency: 'EUR', period: 'WEEK' }),
        listing('RENTENGINE', 'R1', 'obj-x', { amount: 999, currency: 'EUR', period: 'MONTH' }, false),
        lease('l1', '1', -30, 335),
        // Stored as CURRENT, ended since: it no longer makes its unit occupied.
        lease('l2', '2', -400, -1, 'CURRENT'),
      ],
    }, { resource: 'test' }));
    await indexUnit(store, 'u-5', [{ vendor: 'RENTROLL', id: '1' }, { vendor: 'DEEPRENT', id: 'obj-1', country: 'DE', stated: true }, { vendor: 'LEASEY', id: 'p1' }]);
    await indexUnit(store, 'u-7', [{ vendor: 'RENTROLL', id: '2', country: 'DE' }]);
    await store.transaction((tx) => facts.refresh(tx, ['u-5', 'u-7']));
    const rows = await store.read.selectFrom('unit_facts').selectAll().orderBy('unit_key').execute();
    expect(rows[0]).toMatchObject({ unit_key: 'u-5', country: 'DE', bedrooms: 2, square_feet: 700, rent_monthly: 1300, rent_currency: 'EUR', occupied: 1, listed: 1, active: 1, city: 'munchen' });
    expect(rows[1]).toMatchObject({ unit_key: 'u-7', rent_monthly: null, occupied: 0, listed: 0 });
    expect(await searchUnits(store, 'Müllerstr. 5')).toEqual(['u-5']);
    expect(await searchUnits(store, 'muellerstrasse')).toEqual(['u-5', 'u-7']);
    expect(await searchUnits(store, 'Müllerstraße 9')).toEqual([]);
  });

  it('follows a unit that lost its records, and keeps the text index in step', async () => {
    const store = await stores.fresh();
    const records = createRecordStore(store);
    const facts = createUnitFactsStore(store, PRECEDENCE, new Set(['RENTROLL']));
    await store.transaction((tx) => records.apply(tx, { upserts: [unit('RENTROLL', '1', 'Lindenweg 1')] }, { resource: 'test' }));
    await indexUnit(store, 'u-1', [{ vendor: 'RENTROLL', id: '1' }]);
    await store.transaction((tx) => facts.refresh(tx, ['u-1']));
    expect(await searchUnits(store, 'lindenweg')).toEqual(['u-1']);
    await store.write.deleteFrom('identity_records').execute();
    await store.write.deleteFrom('identity_units').execute();
    await store.transaction((tx) => facts.refresh(tx, ['u-1']));
    expect(await store.read.selectFrom('unit_facts').selectAll().execute()).toEqual([]);
    expect(await searchUnits(store, 'lindenweg')).toEqual([]);
  });

  it('orders addresses by street, then house number as a number', () => {
    const at = (line1: string) => computeUnitFacts({ unitKey: line1, keepsLeases: false, country: null, units: [{ ...unit('RENTROLL', line1, line1), unitRef: null, parentRef: null, syncedAt: 0, changedAt: 0, vendorUpdatedAt: null }], listings: [], leases: [] }).address_sort;
    const sorted = ['10 Main St', '9 Main St', '2 Elm St', '100 Main St'].sort((a, b) => (at(a) < at(b) ? -1 : 1));
    expect(sorted).toEqual(['2 Elm St', '9 Main St', '10 Main St', '100 Main St']);
  });
});
