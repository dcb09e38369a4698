import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRentengineSimulator } from '../../src/simulators/rentengine/server.js';
import type { PhysicalUnit } from '../../src/simulators/world/index.js';
import { startTestApp, type TestApp } from '../utils/app.js';

interface UnitNode {
  id: string;
  address: { line1: string; postalCode: string | null };
  bedrooms: number | null;
  sources: { vendor: string; externalId: string; raw: unknown }[];
  leases: { id: string }[];
  lockboxes: { id: string }[];
  listings: { id: string; vendor: string; unit: { id: string } | null }[];
}

const UNIT_FIELDS = `id address { line1 postalCode } bedrooms sources { vendor externalId raw } leases { id } lockboxes { id } listings { id vendor unit { id } }`;

describe('one unit across vendors', () => {
  let app: TestApp;
  let known: PhysicalUnit;
  beforeAll(async () => {
    app = await startTestApp({ synced: true });
    const rentengine = app.simulator('rentengine') as RunningRentengineSimulator;
    // A unit known to the rent roll, RentEngine and Leasey, with a lease and a lockbox installed, so every list has something to compare.
    known = app.world.units.find((unit) =>
      unit.ids.rentroll !== undefined && unit.ids.rentengine !== undefined && unit.ids.leasey !== undefined
      && app.world.leases.some((lease) => lease.unitId === unit.ids.rentroll)
      && rentengine.store.installations.rows.some((i) => i.unit_id === String(unit.ids.rentengine) && i.uninstalled_at === null))!;
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('comes back as one Unit with the rent roll, RentEngine and Leasey records, its leases, lockboxes and listings', async () => {
    const { data, errors } = await app.graphql<{ nodeBySource: UnitNode }>(
      `query($id: String!) { nodeBySource(vendor: RENTROLL, type: UNIT, externalId: $id) { ... on Unit { ${UNIT_FIELDS} } } }`,
      { id: known.ids.rentroll },
    );
    expect(errors).toBeUndefined();
    const unit = data!.nodeBySource;
    const refs = unit.sources.map((s) => `${s.vendor}:${s.externalId}`);
    expect(refs).toEqual(expect.arrayContaining([`RENTROLL:${known.ids.rentroll}`, `RENTENGINE:${known.ids.rentengine}`, `LEASEY:${known.ids.leasey}`]));
    for (const source of unit.sources) expect(source.raw, `${source.vendor} raw`).not.toBeNull();

    expect(unit.bedrooms).toBe(known.bedrooms);
    expect(unit.address.line1.startsWith(known.streetNumber)).toBe(true);

    const leaseIds = app.world.leases.filter((lease) => lease.unitId === known.ids.rentroll).map((lease) => lease.id);
    expect(unit.leases.map((l) => l.id).sort()).toEqual(leaseIds.map((id) => Buffer.from(`Lease:RENTROLL:${id}`).toString('base64url')).sort());

    const rentengine = app.simulator('rentengine') as RunningRentengineSimulator;
    const installed = rentengine.store.installations.rows.filter((i) => i.unit_id === String(known.ids.rentengine) && i.uninstalled_at === null);
    expect(unit.lockboxes.map((l) => l.id).sort()).toEqual(installed.map((i) => Buffer.from(`Lockbox:RENTENGINE:${i.lockbox_id}`).toString('base64url')).sort());

    expect(unit.listings.map((l) => l.vendor).sort()).toEqual(['LEASEY', 'RENTENGINE']);
    for (const listing of unit.listings) expect(listing.unit?.id).toBe(unit.id);
  });

  it('is the same Unit by the RentEngine id, the Leasey id and its own global id', async () => {
    const { data, errors } = await app.graphql<Record<'rr' | 're' | 'le', { id: string }>>(
      `query($rr: String!, $re: String!, $le: String!) {
        rr: nodeBySource(vendor: RENTROLL, type: UNIT, externalId: $rr) { id }
        re: nodeBySource(vendor: RENTENGINE, type: UNIT, externalId: $re) { id }
        le: nodeBySource(vendor: LEASEY, type: UNIT, externalId: $le) { id }
      }`,
      { rr: known.ids.rentroll, re: String(known.ids.rentengine), le: String(known.ids.leasey) },
    );
    expect(errors).toBeUndefined();
    expect(data!.re.id).toBe(data!.rr.id);
    expect(data!.le.id).toBe(data!.rr.id);
    const again = await app.graphql<{ node: { id: string } }>('query($id: ID!) { node(id: $id) { id } }', { id: data!.rr.id });
    expect(again.data!.node.id).toBe(data!.rr.id);
  });

  it('joins a German rent-roll unit, whose rent roll states no country, to its deep.rent record, and says which rule joined each', async () => {
    // deep.rent knows an object only through a live protocol, so the unit must have one in the index.
    const indexed = new Set((await app.services.store.read.selectFrom('identity_records').select('external_id').where('vendor', '=', 'DEEPRENT').execute()).map((row) => row.external_id));
    const german = app.world.units.find((unit) => unit.country === 'DE' && unit.ids.rentroll !== undefined && unit.ids.deeprent !== undefined
      && indexed.has(unit.ids.deeprent))!;
    const { data, errors } = await app.graphql<{ nodeBySource: { address: { country: string | null }; sources: { vendor: string; externalId: string; matchedBy: string | null }[] } }>(
      'query($id: String!) { nodeBySource(vendor: RENTROLL, type: UNIT, externalId: $id) { ... on Unit { address { country } sources { vendor externalId matchedBy } } } }',
      { id: german.ids.rentroll },
    );
    expect(errors).toBeUndefined();
    const unit = data!.nodeBySource;
    expect(unit.sources.map((s) => `${s.vendor}:${s.externalId}`)).toEqual([`RENTROLL:${german.ids.rentroll}`, `DEEPRENT:${german.ids.deeprent}`]);
    const rule = german.unit === null ? 'postal+street+number' : 'postal+street+number+unit';
    expect(unit.sources.map((s) => s.matchedBy)).toEqual([rule, rule]);
    // deep.rent states Germany; the rent roll's own record leaves the country to the index.
    expect(unit.address.country).toBe('DE');
  });

  it('names single-record for a unit only one vendor knows, and leaves matchedBy null on other sources', async () => {
    const alone = app.world.units.find((unit) => Object.keys(unit.ids).length === 1 && unit.ids.rentroll !== undefined)!;
    const { data, errors } = await app.graphql<{ nodeBySource: { address: { country: string | null }; sources: { matchedBy: string | null }[]; leases: { sources: { matchedBy: string | null }[] }[] } }>(
      'query($id: String!) { nodeBySource(vendor: RENTROLL, type: UNIT, externalId: $id) { ... on Unit { address { country } sources { matchedBy } leases { sources { matchedBy } } } } }',
      { id: alone.ids.rentroll },
    );
    expect(errors).toBeUndefined();
    expect(data!.nodeBySource.sources).toEqual([{ matchedBy: 'single-record' }]);
    expect(data!.nodeBySource.address.country).toBe(alone.country);
    for (const lease of data!.nodeBySource.leases) expect(lease.sources).toEqual([{ matchedBy: null }]);
  });

  it('reports every configured vendor as simulated, healthy and with a closed circuit', async () => {
    const { data } = await app.graphql<{ vendors: { vendor: string; mode: string; healthy: boolean; circuit: string }[] }>('{ vendors { vendor mode healthy circuit } }');
    expect(data!.vendors.map((v) => v.vendor).sort()).toEqual(['DEEPRENT', 'LEASEY', 'RENTENGINE', 'RENTROLL', 'STURENTS']);
    for (const vendor of data!.vendors) expect(vendor).toMatchObject({ mode: 'SIMULATED', healthy: true, circuit: 'CLOSED' });
  });

  describe('units over the merged index', () => {
    interface Row { id: string; active: boolean | null; address: { city: string | null; postalCode: string | null; country: string | null }; sources: { vendor: string }[] }
    const WALK = `query($first: Int, $after: String, $filter: UnitFilter) {
      units(first: $first, after: $after, filter: $filter) {
        edges { node { id active address { city postalCode country } sources { vendor } } }
        pageInfo { hasNextPage endCursor }
      }
    }`;

    async function walk(filter: Record<string, unknown> = {}, first = 100): Promise<Row[]> {
      const rows: Row[] = [];
      let after: string | null = null;
      for (let page = 0; page < 100; page++) {
        const { data, errors }: { data: { units: { edges: { node: Row }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null; errors?: unknown } =
          await app.graphql(WALK, { first, after, filter });
        expect(errors).toBeUndefined();
        rows.push(...data!.units.edges.map((edge) => edge.node));
        if (!data!.units.pageInfo.hasNextPage) return rows;
        after = data!.units.pageInfo.endCursor;
      }
      throw new Error('the walk did not end within 100 pages');
    }

    let all: Row[];
    const ids = (rows: readonly Row[]) => rows.map((row) => row.id);
    beforeAll(async () => {
      all = await walk();
    }, 60_000);

    it('visits every unit of the index exactly once when walking `after`', async () => {
      const indexed = (await app.services.store.read.selectFrom('identity_units').select('unit_key').execute()).length;
      expect(all).toHaveLength(indexed);
      expect(new Set(ids(all)).size).toBe(all.length);
      // Units the rent roll does not know are in the index too.
      expect(all.filter((row) => !row.sources.some((s) => s.vendor === 'RENTROLL')).length).toBeGreaterThan(50);
    });

    it.each(['RENTROLL', 'RENTENGINE', 'LEASEY', 'STURENTS', 'DEEPRENT'])('filters by vendor %s: the units with a record there', async (vendor) => {
      const expected = all.filter((row) => row.sources.some((s) => s.vendor === vendor));
      expect(expected.length).toBeGreaterThan(0);
      expect(ids(await walk({ vendor }, 30))).toEqual(ids(expected));
    });

    it.each([true, false])('filters by active: %s', async (active) => {
      const expected = all.filter((row) => row.active === active);
      expect(expected.length).toBeGreaterThan(0);
      expect(ids(await walk({ active }))).toEqual(ids(expected));
    });

    it('filters by city, in any letter case', async () => {
      const counts = new Map<string, number>();
      for (const row of all) if (row.address.country === 'US' && row.address.city !== null) counts.set(row.address.city, (counts.get(row.address.city) ?? 0) + 1);
      const city = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
      const expected = all.filter((row) => row.address.city?.toLowerCase() === city.toLowerCase());
      expect(ids(await walk({ city }))).toEqual(ids(expected));
      expect(ids(await walk({ city: city.toUpperCase() }))).toEqual(ids(expected));
    });

    it('filters by a postal code prefix', async () => {
      const sample = all.find((row) => row.address.country === 'GB' && row.address.postalCode !== null)!;
      const prefix = sample.address.postalCode!.replace(/\s/g, '').slice(0, 3);
      const expected = all.filter((row) => row.address.postalCode?.replace(/\s/g, '').toUpperCase().startsWith(prefix) === true);
      expect(expected.length).toBeGreaterThan(0);
      expect(ids(await walk({ postalCode: prefix }))).toEqual(ids(expected));
    });
  });
});
