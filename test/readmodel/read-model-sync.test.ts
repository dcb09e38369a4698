import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LeasingEventModel } from '../../src/domain/models.js';
import { createLeasingHistoryStore } from '../../src/readmodel/history.js';
import type { RentengineStore } from '../../src/simulators/rentengine/store.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { createTestDatabase } from '../utils/postgres.js';

async function readiness(app: TestApp): Promise<{ status: number; checks: Record<string, unknown> }> {
  const response = await request(`${app.url}/readyz`);
  const body = (await response.body.json()) as { checks: Record<string, unknown> };
  return { status: response.statusCode, checks: body.checks };
}

const count = async (app: TestApp, table: 'identity_units' | 'unit_facts') =>
  Number((await app.services.store.read.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe.each(['sqlite', 'postgres'] as const)('the read-model sync on %s', (engine) => {
  let dir: string;
  let env: Record<string, string>;
  let app: TestApp;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rentgraph-readmodel-'));
    // One store for both starts, so the second finds what the first stored.
    env = engine === 'sqlite' ? { RENTGRAPH_DB: join(dir, 'state.sqlite') } : { RENTGRAPH_DATABASE_URL: await createTestDatabase(inject('postgresAdminUrl')) };
    app = await startTestApp({ engine, env });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fills the records, then the index, then the facts of every unit, and the gateway becomes ready', async () => {
    expect((await readiness(app)).checks['readModel']).toBe('first sync not started');
    const result = await app.services.readModel.run();
    expect(result.vendors.map((v) => v.vendor).sort()).toEqual(['DEEPRENT', 'LEASEY', 'RENTENGINE', 'RENTROLL', 'STURENTS']);
    expect(result.vendors.every((v) => v.ok)).toBe(true);
    expect(result.records.resources.every((r) => r.ok && r.complete)).toBe(true);
    expect(result.identity.units).toBeGreaterThan(0);
    expect(result.facts.rebuilt).toBe(true);
    expect(await count(app, 'unit_facts')).toBe(await count(app, 'identity_units'));
    expect(await readiness(app)).toMatchObject({ status: 200, checks: { readModel: true, identitySync: true } });
  });

  it('sweeps a record the vendor no longer lists on its next complete read, and keeps the rest', async () => {
    const sim = (app.simulator('rentengine') as unknown as { store: RentengineStore }).store;
    // The vendor drops a subteam (its list endpoint keeps lists until the store's next change, which this marks).
    const gone = sim.subteams.rows.shift()!;
    (sim as unknown as { changed(): void }).changed();
    const before = await app.services.store.read.selectFrom('records').select('external_id').where('kind', '=', 'SUBTEAM').execute();
    expect(before.map((r) => r.external_id)).toContain(String(gone.id));
    // Subteams have no change filter: every run reads them whole, so a plain run sweeps.
    const result = await app.services.readModel.run();
    const subteams = result.records.resources.find((r) => r.resource === 'rentengine:subteams')!;
    expect(subteams).toMatchObject({ ok: true, complete: true, deleted: 1 });
    const after = await app.services.store.read.selectFrom('records').select('external_id').where('kind', '=', 'SUBTEAM').execute();
    expect(after.map((r) => r.external_id).sort()).toEqual(before.map((r) => r.external_id).filter((id) => id !== String(gone.id)).sort());
    // Nothing else moved: no unit's facts had to be recomputed.
    expect(result.facts).toEqual({ units: 0, rebuilt: false });
  });

  it('builds the identity index from the unit records in the store, calling no vendor', async () => {
    const requests = () => app.simulators.reduce((sum, sim) => sum + sim.server.stats().total, 0);
    const before = requests();
    const result = await app.services.identity.run({ full: true });
    expect(requests()).toBe(before);
    const stored = await app.services.store.read.selectFrom('records').select(['vendor']).where('kind', '=', 'UNIT').execute();
    for (const outcome of result.vendors) {
      expect(outcome, outcome.vendor).toMatchObject({ ok: true, records: stored.filter((r) => r.vendor === outcome.vendor).length });
    }
  });

  it('waits for RentEngine\'s rate limit (20 requests per 5 s) when runs follow each other, rather than meet a 429', async () => {
    await app.services.readModel.run({ full: true });
    const stats = app.services.vendors.get('RENTENGINE')!.link.stats();
    expect(stats.upstreamRequests).toBeGreaterThan(20);
    expect(stats.rateLimitWaits).toBeGreaterThan(0);
    expect(stats.failures).toEqual({});
    expect(stats.retries).toBe(0);
  });

  it('keeps leasing history for RENTGRAPH_HISTORY_DAYS (730 by default) and prunes what is older after a run', async () => {
    const event = (id: string, daysAgo: number): LeasingEventModel => ({
      __typename: 'LeasingEvent', vendor: 'LEASEY', externalId: id, raw: null, eventType: 'Lead Created', stage: 'NEW',
      occurredAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(), prospect: { vendor: 'LEASEY', externalId: 'p1' }, unit: null, notes: null,
    });
    await app.services.store.transaction((tx) => createLeasingHistoryStore(app.services.store).record(tx, [event('old', 731), event('kept', 729)]));
    await app.services.readModel.run();
    const left = await app.services.store.read.selectFrom('leasing_history').select('external_id').where('external_id', 'in', ['old', 'kept']).execute();
    expect(left.map((r) => r.external_id)).toEqual(['kept']);
  });

  it('serves at once after a restart over a stored read model, before any sync of its own', async () => {
    await app.close();
    const started = Date.now();
    // No background sync in this start (the tests keep it off): readiness comes from the store alone.
    app = await startTestApp({ engine, env });
    const ready = await readiness(app);
    expect(ready).toMatchObject({ status: 200, checks: { readModel: true, identitySync: true } });
    expect(app.services.readModel.status()).toMatchObject({ firstSyncDone: true, running: null });
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 30_000);
});
