import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../utils/app.js';
import { callsByVendor, globalId, query, rentengineOf, rentengineRoute, resetStats } from '../support.js';

interface Connection<T> {
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

describe('the RentEngine portfolio', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('lists multifamily properties with their floorplans, each floorplan pointing back', async () => {
    const store = rentengineOf(app).store;
    const data = await query<{ multifamilyProperties: Connection<{ id: string; communityName: string; floorplans: { id: string; name: string | null; property: { id: string } }[] }> }>(
      app,
      '{ multifamilyProperties(first: 50) { edges { node { id communityName floorplans { id name property { id } } } } pageInfo { hasNextPage endCursor } } }',
    );
    const properties = data.multifamilyProperties.edges.map((e) => e.node);
    expect(properties.map((p) => p.communityName).sort()).toEqual(store.multifamily.rows.map((m) => m.community_name).sort());
    for (const property of properties) {
      const externalId = Buffer.from(property.id, 'base64url').toString().split(':').at(-1);
      const expected = store.floorplans.rows.filter((f) => f.multifamily_property_id === externalId).map((f) => globalId('Floorplan', 'RENTENGINE', f.id));
      expect(property.floorplans.map((f) => f.id).sort()).toEqual(expected.sort());
      for (const floorplan of property.floorplans) expect(floorplan.property.id).toBe(property.id);
    }
    expect(properties.some((p) => p.floorplans.length > 0)).toBe(true);
  });

  it('pages floorplans, all of them or those of one property', async () => {
    const store = rentengineOf(app).store;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const data: { floorplans: Connection<{ id: string }> } = await query(app, 'query($after: String) { floorplans(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }', { after });
      seen.push(...data.floorplans.edges.map((e) => e.node.id));
      if (!data.floorplans.pageInfo.hasNextPage) break;
      after = data.floorplans.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual(store.floorplans.rows.map((f) => globalId('Floorplan', 'RENTENGINE', f.id)).sort());

    const property = store.multifamily.rows.find((m) => store.floorplans.rows.some((f) => f.multifamily_property_id === m.id))!;
    const one = await query<{ floorplans: Connection<{ id: string }> }>(app, 'query($p: ID!) { floorplans(propertyId: $p) { edges { node { id } } } }', {
      p: globalId('MultifamilyProperty', 'RENTENGINE', property.id),
    });
    expect(one.floorplans.edges.map((e) => e.node.id).sort()).toEqual(
      store.floorplans.rows.filter((f) => f.multifamily_property_id === property.id).map((f) => globalId('Floorplan', 'RENTENGINE', f.id)).sort(),
    );
  });

  it('rejects a floorplans propertyId that is not a multifamily property id', async () => {
    const { errors } = await app.graphql('query($p: ID!) { floorplans(propertyId: $p) { edges { node { id } } } }', { p: globalId('Lockbox', 'RENTENGINE', 'x') });
    expect(errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('lists subteams and prescreening templates as RentEngine has them', async () => {
    const store = rentengineOf(app).store;
    const data = await query<{
      subteams: Connection<{ name: string; userIds: string[]; sources: { vendor: string }[] }>;
      prescreeningTemplates: Connection<{ name: string; rules: { minimumCreditScore?: number } | null; questions: unknown[] }>;
    }>(
      app,
      '{ subteams(first: 50) { edges { node { name userIds sources { vendor } } } pageInfo { hasNextPage endCursor } } prescreeningTemplates(first: 50) { edges { node { name rules questions } } pageInfo { hasNextPage endCursor } } }',
    );
    expect(data.subteams.edges.map((e) => e.node.name).sort()).toEqual(store.subteams.rows.map((s) => s.name).sort());
    expect(data.subteams.edges[0]!.node.sources).toEqual([{ vendor: 'RENTENGINE' }]);
    expect(data.prescreeningTemplates.edges.map((e) => e.node.name).sort()).toEqual(store.templates.rows.map((t) => t.name).sort());
    for (const { node } of data.prescreeningTemplates.edges) {
      expect(typeof node.rules?.minimumCreditScore).toBe('number');
      expect(Array.isArray(node.questions)).toBe(true);
    }
  });

  it('costs one call per resource for the portfolio lists, with floorplans by property and properties by id answered from those lists', async () => {
    resetStats(app);
    await query(
      app,
      `{ multifamilyProperties(first: 50) { edges { node { id floorplans { id property { id } } } } }
         floorplans(first: 50) { edges { node { id property { communityName } } } }
         subteams(first: 50) { edges { node { id } } }
         prescreeningTemplates(first: 50) { edges { node { id } } } }`,
    );
    expect(callsByVendor(app)).toEqual({
      rentengine: {
        [rentengineRoute('GET', '/multifamily_properties')]: 1,
        [rentengineRoute('GET', '/floorplans')]: 1,
        [rentengineRoute('GET', '/subteams')]: 1,
        [rentengineRoute('GET', '/prescreening_templates')]: 1,
      },
    });

    resetStats(app);
    await query(app, '{ multifamilyProperties(first: 50) { edges { node { id floorplans { id property { id } } } } } }');
    expect(callsByVendor(app)).toEqual({
      rentengine: { [rentengineRoute('GET', '/multifamily_properties')]: 1, [rentengineRoute('GET', '/floorplans')]: 1 },
    });
  });
});
