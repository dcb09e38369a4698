import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../utils/app.js';
import { forgetFullSync } from '../utils/read-model.js';
import { rentengineOf } from './support.js';

describe('the read graph when RentEngine is down before the store holds a full copy of it', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ synced: true });
    await forgetFullSync(app, 'RENTENGINE');
    rentengineOf(app).server.setFaults({ errorRate: 1, errorStatus: 503 });
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('leaves lockboxes empty with VENDOR_UNAVAILABLE naming RENTENGINE, while rent-roll fields still resolve', async () => {
    const { status, data, errors } = await app.graphql<{ units: { edges: { node: { address: { line1: string }; leases: unknown[]; lockboxes: unknown[] } }[] }; lockboxes: { edges: unknown[] } }>(
      '{ units(first: 20, filter: { vendor: RENTROLL }) { edges { node { address { line1 } leases { id } lockboxes { id } } } } lockboxes(first: 5) { edges { node { id } } } }',
    );
    expect(status).toBe(200);
    expect(data!.units.edges).toHaveLength(20);
    for (const { node } of data!.units.edges) {
      expect(node.address.line1).not.toBe('');
      expect(node.lockboxes).toEqual([]);
    }
    expect(data!.units.edges.some((e) => e.node.leases.length > 0)).toBe(true);
    expect(data!.lockboxes.edges).toEqual([]);
    const lockboxErrors = (errors ?? []).filter((e) => e.path?.at(-1) === 'lockboxes');
    expect(lockboxErrors.length).toBeGreaterThan(0);
    for (const error of lockboxErrors) expect(error.extensions).toMatchObject({ code: 'VENDOR_UNAVAILABLE', vendor: 'RENTENGINE' });
    expect(errors!.find((e) => e.path?.length === 1)?.path).toEqual(['lockboxes']);
  });

  it('still lists Leasey prospects and showings, with an error naming RENTENGINE for the prospects', async () => {
    const { data, errors } = await app.graphql<{ prospects: { edges: { node: { sources: { vendor: string }[] } }[] }; showings: { edges: unknown[] } }>(
      '{ prospects(first: 20) { edges { node { sources { vendor } } } } showings(first: 20) { edges { node { id } } } }',
    );
    expect(data!.prospects.edges).toHaveLength(20);
    for (const { node } of data!.prospects.edges) expect(node.sources[0]!.vendor).toBe('LEASEY');
    expect(data!.showings.edges).toHaveLength(20);
    expect(errors?.map((e) => ({ path: e.path, code: e.extensions.code, vendor: e.extensions.vendor }))).toEqual([
      { path: ['prospects'], code: 'VENDOR_UNAVAILABLE', vendor: 'RENTENGINE' },
    ]);
  });

  it('leaves the portfolio lists and showing windows empty with errors naming RENTENGINE', async () => {
    const { data, errors } = await app.graphql<{ multifamilyProperties: { edges: unknown[] }; units: { edges: { node: { showingAvailability: unknown[] } }[] } }>(
      '{ multifamilyProperties(first: 5) { edges { node { id } } } units(first: 2, filter: { vendor: RENTENGINE }) { edges { node { showingAvailability { start } } } } }',
    );
    expect(data!.multifamilyProperties.edges).toEqual([]);
    expect(data!.units.edges.map((e) => e.node.showingAvailability)).toEqual([[], []]);
    const paths = (errors ?? []).filter((e) => e.extensions.vendor === 'RENTENGINE').map((e) => String(e.path?.at(-1)));
    expect(new Set(paths)).toEqual(new Set(['multifamilyProperties', 'showingAvailability']));
  });
});

describe('the read graph when RentEngine is down once the store holds a full copy of it', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ synced: true });
    rentengineOf(app).server.setFaults({ errorRate: 1, errorStatus: 503 });
    // The refresh fails: RentEngine's last synced copy is now a stale one.
    await app.services.readModel.run();
    rentengineOf(app).server.resetStats();
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('serves lockboxes and prospects from the last sync, marked stale, without an error or a call to RentEngine', async () => {
    const { data, errors, extensions } = await app.graphql<{ lockboxes: { edges: { node: { freshness: { stale: boolean } } }[] }; prospects: { edges: { node: { sources: { vendor: string }[] } }[] } }>(
      '{ lockboxes(first: 5) { edges { node { id freshness { stale } } } } prospects(first: 20) { edges { node { sources { vendor } } } } }',
    );
    expect(errors).toBeUndefined();
    expect(data!.lockboxes.edges).toHaveLength(5);
    expect(data!.lockboxes.edges.every((edge) => edge.node.freshness.stale)).toBe(true);
    expect(new Set(data!.prospects.edges.flatMap((edge) => edge.node.sources.map((source) => source.vendor)))).toEqual(new Set(['LEASEY', 'RENTENGINE']));
    expect(extensions?.freshness?.stale).toEqual([{ vendor: 'RENTENGINE', since: expect.any(String) }]);
    expect(rentengineOf(app).server.stats().total).toBe(0);
  });

  it('still leaves the live-only showing windows empty with an error naming RENTENGINE', async () => {
    const { data, errors } = await app.graphql<{ units: { edges: { node: { showingAvailability: unknown[] } }[] } }>(
      '{ units(first: 2, filter: { vendor: RENTENGINE }) { edges { node { showingAvailability { start } } } } }',
    );
    expect(data!.units.edges.map((e) => e.node.showingAvailability)).toEqual([[], []]);
    expect(errors?.map((e) => ({ path: e.path?.at(-1), code: e.extensions.code, vendor: e.extensions.vendor }))).toEqual([
      { path: 'showingAvailability', code: 'VENDOR_UNAVAILABLE', vendor: 'RENTENGINE' },
      { path: 'showingAvailability', code: 'VENDOR_UNAVAILABLE', vendor: 'RENTENGINE' },
    ]);
  });
});
