import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../utils/app.js';
import { expectRentengineAuth, rentengineSim, resetAll, startMutationApp, unitIdOf, writesTo, expectRefusedBeforeVendorCalls } from './support.js';

const UPSERT = `mutation ($input: UpsertUnitInput!) {
  upsertUnit(input: $input) { id address { line1 unitNumber city region postalCode } bedrooms bathrooms squareFeet sources { vendor externalId raw } }
}`;

interface UnitAnswer {
  id: string;
  address: { line1: string; unitNumber: string | null; city: string | null; region: string | null; postalCode: string | null };
  bedrooms: number | null;
  bathrooms: number | null;
  squareFeet: number | null;
  sources: { vendor: string; externalId: string; raw: Record<string, unknown> | null }[];
}

describe('upsertUnit', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startMutationApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('creates a unit with POST /units and answers it as a merged unit before any sync', async () => {
    resetAll(app);
    const input = { line1: '4100 Harbor Blvd', unitNumber: '12', city: 'Oakland', region: 'ca', postalCode: '94607', bedrooms: 2, bathrooms: 1, squareFeet: 900 };
    const { data, errors } = await app.graphql<{ upsertUnit: UnitAnswer }>(UPSERT, { input });
    expect(errors).toBeUndefined();
    const writes = writesTo(app, 'rentengine');
    expect(writes.map((w) => w.url)).toEqual(['/api/public/v1/units']);
    expectRentengineAuth(writes[0]!);
    expect(writes[0]!.body).toEqual({
      address: { street_number: '4100', street_name: 'Harbor Blvd', unit: '12', city: 'Oakland', state: 'CA', zip_code: '94607', country: 'United States' },
      property_type: 'MULTI-FAMILY',
      bedrooms: 2,
      bathrooms: 1,
      sqft: 900,
    });

    const unit = data!.upsertUnit;
    const created = rentengineSim(app).store.units.rows.at(-1)!;
    expect(unit.sources.map((s) => [s.vendor, s.externalId])).toEqual([['RENTENGINE', String(created.id)]]);
    expect(unit).toMatchObject({ address: { line1: '4100 Harbor Blvd', unitNumber: '12', city: 'Oakland', region: 'CA', postalCode: '94607' }, bedrooms: 2, bathrooms: 1, squareFeet: 900 });
    // The identity index already holds it: the same unit by id and by RentEngine's id.
    expect(await unitIdOf(app, 'RENTENGINE', created.id)).toBe(unit.id);
    const node = await app.graphql<{ node: { id: string } | null }>('query ($id: ID!) { node(id: $id) { id } }', { id: unit.id });
    expect(node.data!.node).toEqual({ id: unit.id });
  });

  it('updates only the fields given, addressing the unit by its merged id', async () => {
    const target = rentengineSim(app).store.units.rows[0]!;
    const id = await unitIdOf(app, 'RENTENGINE', target.id);
    resetAll(app);
    const { data, errors } = await app.graphql<{ upsertUnit: UnitAnswer }>(UPSERT, { input: { id, bedrooms: 6, squareFeet: 2400 } });
    expect(errors).toBeUndefined();
    expect(writesTo(app, 'rentengine')[0]!.body).toEqual({ id: target.id, bedrooms: 6, sqft: 2400 });
    expect(data!.upsertUnit.id).toBe(id);
    const record = data!.upsertUnit.sources.find((s) => s.vendor === 'RENTENGINE')!;
    expect(record.raw).toMatchObject({ id: target.id, bedrooms: '6', sqft: '2400' });
  });

  describe('rejects bad input before any vendor call, naming the field', () => {
    const refuse = (input: Record<string, unknown>, field: string, message: RegExp) => expectRefusedBeforeVendorCalls(app, UPSERT, { input }, field, message);
    const address = { line1: '9 Elm St', city: 'Austin', region: 'TX', postalCode: '78701' };

    it('refuses a partial address', () =>
      refuse({ line1: '9 Elm St', region: 'TX', bedrooms: 1, bathrooms: 1 }, 'input.city',
        /all of line1, city, region and postalCode or none of them .*given: line1, region; missing: city, postalCode/));

    it('refuses an apartment number without the rest of the address', async () => {
      const id = await unitIdOf(app, 'RENTENGINE', rentengineSim(app).store.units.rows[1]!.id);
      await refuse({ id, unitNumber: '4B' }, 'input.unitNumber', /part of the address/);
    });

    it('refuses a new unit without bedrooms and bathrooms', () =>
      refuse(address, 'input', /creates a unit, which needs a full address, bedrooms and bathrooms; missing: bedrooms, bathrooms/));

    it('refuses a street line without a house number', () => refuse({ ...address, line1: 'Elm Street', bedrooms: 1, bathrooms: 1 }, 'input.line1', /starts with the house number/));

    it('refuses a region that is not a state code', () => refuse({ ...address, region: 'Texas', bedrooms: 1, bathrooms: 1 }, 'input.region', /two-letter US state code/));

    it('refuses a negative bedroom count', () => refuse({ ...address, bedrooms: -1, bathrooms: 1 }, 'input.bedrooms', /a number of 0 or more, got -1/));

    it('refuses an update that changes nothing', async () => {
      const id = await unitIdOf(app, 'RENTENGINE', rentengineSim(app).store.units.rows[1]!.id);
      await refuse({ id }, 'input', /must set at least one field to change/);
    });
  });
});
