import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProspectModel } from '../../src/domain/models.js';
import type { Vendor } from '../../src/domain/vendor.js';
import type { RecordKind } from '../../src/ports/read-model.js';
import { createRecordStore } from '../../src/readmodel/records.js';
import { createRecordSync, type RecordSync, type RecordSyncResult } from '../../src/readmodel/sync.js';
import type { RentengineStore } from '../../src/simulators/rentengine/store.js';
import type { DeeprentClient } from '../../src/vendors/deeprent/client.js';
import type { LeaseyClient } from '../../src/vendors/leasey/client.js';
import type { RentengineClient } from '../../src/vendors/rentengine/client.js';
import type { RentrollClient } from '../../src/vendors/rentroll/client.js';
import { toLockboxEventModel } from '../../src/vendors/rentengine/map.js';
import { rawLockboxEvent } from '../../src/vendors/rentengine/raw.js';
import { lockboxEventWrites } from '../../src/vendors/rentengine/resources.js';
import type { SturentsClient } from '../../src/vendors/sturents/client.js';
import { startTestApp, type TestApp } from '../utils/app.js';

/** The ids the read model keeps of one kind of one vendor, sorted. */
async function storedIds(app: TestApp, kind: RecordKind, vendor: Vendor): Promise<string[]> {
  const rows = await app.services.store.read.selectFrom('records').select('external_id').where('kind', '=', kind).where('vendor', '=', vendor).execute();
  return rows.map((row) => row.external_id).sort();
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

function clientOf<C>(app: TestApp, vendor: Vendor): C {
  return app.services.vendors.get(vendor)!.client as C;
}

describe.each(['sqlite', 'postgres'] as const)('every vendor resource read to its end on %s', (engine) => {
  let app: TestApp;
  let result: RecordSyncResult;
  let sync: RecordSync;

  beforeAll(async () => {
    app = await startTestApp({ engine, rentrollUnits: 300 });
    const sources = app.services.vendors.all().flatMap((connection) => connection.resources);
    sync = createRecordSync({ store: app.services.store, sources, logger: app.logger });
    result = await sync.run({ full: true });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('reads every resource completely and well', () => {
    expect(result.resources.map((r) => r.resource).sort()).toEqual([
      'deeprent:protocols', 'leasey:leads', 'leasey:properties', 'leasey:showings',
      'rentengine:floorplans', 'rentengine:lockbox-events', 'rentengine:lockbox-installations', 'rentengine:lockboxes',
      'rentengine:multifamily-properties', 'rentengine:prescreening-templates', 'rentengine:prospects', 'rentengine:subteams', 'rentengine:units',
      'rentroll:leases', 'rentroll:units', 'sturents:houses',
    ]);
    for (const outcome of result.resources) expect(outcome, outcome.resource).toMatchObject({ ok: true, complete: true, error: null });
  });

  it('keeps the rent roll units, leases and tenants it lists, each lease linked to its tenants', async () => {
    const client = clientOf<RentrollClient>(app, 'RENTROLL');
    const [units, leases] = await Promise.all([client.allUnits(), client.allLeases()]);
    expect(await storedIds(app, 'UNIT', 'RENTROLL')).toEqual(sorted(units.map((u) => u.externalId)));
    expect(await storedIds(app, 'LEASE', 'RENTROLL')).toEqual(sorted(leases.map((l) => l.externalId)));
    expect(await storedIds(app, 'TENANT', 'RENTROLL')).toEqual(sorted(new Set(leases.flatMap((l) => l.tenants.map((t) => t.externalId)))));
    const lease = leases.find((l) => l.tenants.length > 1) ?? leases[0]!;
    const links = await createRecordStore(app.services.store).linked('lease_tenant', [`RENTROLL:${lease.externalId}`]);
    expect(links.get(`RENTROLL:${lease.externalId}`)?.map((t) => t.externalId)).toEqual(lease.tenants.map((t) => t.externalId));
    const stored = await createRecordStore(app.services.store).get('LEASE', [lease]);
    expect(stored.get(`RENTROLL:${lease.externalId}`)?.unitRef).toEqual({ vendor: 'RENTROLL', externalId: lease.unitExternalId });
  });

  it('keeps every RentEngine list as the vendor holds it', async () => {
    const sim = (app.simulator('rentengine') as unknown as { store: RentengineStore }).store;
    const ids = (rows: readonly { id: string | number }[]) => sorted(rows.map((row) => String(row.id)));
    expect(await storedIds(app, 'UNIT', 'RENTENGINE')).toEqual(ids(sim.units.rows));
    expect(await storedIds(app, 'LISTING', 'RENTENGINE')).toEqual(ids(sim.units.rows));
    expect(await storedIds(app, 'LOCKBOX', 'RENTENGINE')).toEqual(ids(sim.lockboxes.rows));
    expect(await storedIds(app, 'LOCKBOX_INSTALLATION', 'RENTENGINE')).toEqual(ids(sim.installations.rows));
    expect(await storedIds(app, 'LOCKBOX_EVENT', 'RENTENGINE')).toEqual(ids(sim.lockboxEvents.rows));
    expect(await storedIds(app, 'PROSPECT', 'RENTENGINE')).toEqual(ids(sim.prospects.rows));
    expect(await storedIds(app, 'MULTIFAMILY_PROPERTY', 'RENTENGINE')).toEqual(ids(sim.multifamily.rows));
    expect(await storedIds(app, 'FLOORPLAN', 'RENTENGINE')).toEqual(ids(sim.floorplans.rows));
    expect(await storedIds(app, 'SUBTEAM', 'RENTENGINE')).toEqual(ids(sim.subteams.rows));
    expect(await storedIds(app, 'PRESCREENING_TEMPLATE', 'RENTENGINE')).toEqual(ids(sim.templates.rows));
  });

  it('files a lockbox under the unit it is installed at now, and an installation under its lockbox', async () => {
    const client = clientOf<RentengineClient>(app, 'RENTENGINE');
    const active = await client.lockboxInstallations({ active: true });
    const installed = active.find((i) => i.unitExternalId !== null)!;
    expect(installed).toBeDefined();
    const records = createRecordStore(app.services.store);
    const lockbox = await records.get('LOCKBOX', [{ vendor: 'RENTENGINE', externalId: installed.lockboxExternalId }]);
    expect(lockbox.get(`RENTENGINE:${installed.lockboxExternalId}`)?.unitRef).toEqual({ vendor: 'RENTENGINE', externalId: installed.unitExternalId });
    const installation = await records.get('LOCKBOX_INSTALLATION', [installed]);
    expect(installation.get(`RENTENGINE:${installed.externalId}`)?.parentRef).toEqual({ vendor: 'RENTENGINE', externalId: installed.lockboxExternalId });
  });

  it('keeps Leasey properties (unit and listing), leads and showings', async () => {
    const client = clientOf<LeaseyClient>(app, 'LEASEY');
    const [properties, leads, showings] = await Promise.all([client.propertiesReport(), client.propertyLeads(), client.showingsReport()]);
    expect(properties.length).toBeGreaterThan(0);
    expect(await storedIds(app, 'UNIT', 'LEASEY')).toEqual(sorted(properties.map((p) => p.propertyId)));
    expect(await storedIds(app, 'LISTING', 'LEASEY')).toEqual(sorted(properties.map((p) => p.listing.externalId)));
    expect(await storedIds(app, 'PROSPECT', 'LEASEY')).toEqual(sorted(leads.map((l) => l.externalId)));
    // Each lead as the graph reads it live: with the application and note of its leads report row.
    const stored = await createRecordStore(app.services.store).get<ProspectModel>('PROSPECT', leads);
    const report = new Map((await client.leadsReport()).map((row) => [`${row.externalId}|${row.createdAt}`, row]));
    for (const lead of leads) {
      const row = report.get(`${lead.externalId.split('@')[0]}|${lead.createdAt}`);
      expect(row?.application).toBeTruthy();
      expect(stored.get(`LEASEY:${lead.externalId}`)?.model).toEqual({ ...lead, application: row!.application, note: row!.note });
    }
    expect(await storedIds(app, 'SHOWING', 'LEASEY')).toEqual(sorted(new Set(showings.map((s) => s.externalId))));
  });

  it('keeps StuRents houses (unit and listing)', async () => {
    const { houses } = await clientOf<SturentsClient>(app, 'STURENTS').houses();
    expect(houses.length).toBeGreaterThan(0);
    expect(await storedIds(app, 'UNIT', 'STURENTS')).toEqual(sorted(houses.map((h) => h.reference)));
    expect(await storedIds(app, 'LISTING', 'STURENTS')).toEqual(sorted(houses.map((h) => h.listing.externalId)));
  });

  it('keeps deep.rent protocols and the object of each', async () => {
    const protocols = await clientOf<DeeprentClient>(app, 'DEEPRENT').protocols();
    expect(protocols.length).toBeGreaterThan(0);
    expect(await storedIds(app, 'PROTOCOL', 'DEEPRENT')).toEqual(sorted(protocols.map((p) => p.protocol.externalId)));
    expect(await storedIds(app, 'UNIT', 'DEEPRENT')).toEqual(sorted(new Set(protocols.flatMap((p) => (p.object === null ? [] : [p.object.externalId])))));
  });

  it('spends no request on a 429 or a retry', () => {
    for (const connection of app.services.vendors.all()) {
      const stats = connection.link.stats();
      expect(stats.failures, connection.vendor).toEqual({});
      expect(stats.retries, connection.vendor).toBe(0);
    }
  });

  it('reads only what changed on the next run where the vendor can say so, and keeps the change', async () => {
    const sim = (app.simulator('rentengine') as unknown as { store: RentengineStore }).store;
    const unit = sim.units.rows[0]!;
    // A moment later than the last read's watermark, as a vendor's clock moves on.
    await new Promise((resolve) => setTimeout(resolve, 10));
    sim.updateUnit(unit, { target_rental_rate: 4567 });
    const next = await sync.run();
    const units = next.resources.find((r) => r.resource === 'rentengine:units')!;
    expect(units).toMatchObject({ ok: true, complete: false });
    expect(units.read).toBeGreaterThanOrEqual(1);
    expect(units.read).toBeLessThan(sim.units.rows.length);
    const listing = (await createRecordStore(app.services.store).get<{ rent: unknown }>('LISTING', [{ vendor: 'RENTENGINE', externalId: String(unit.id) }])).get(`RENTENGINE:${unit.id}`);
    expect(listing?.model.rent).toEqual({ amount: 4567, currency: 'USD', period: 'MONTH' });
    for (const name of ['rentengine:lockbox-events', 'rentengine:lockbox-installations', 'rentengine:prospects', 'sturents:houses', 'deeprent:protocols']) {
      expect(next.resources.find((r) => r.resource === name), name).toMatchObject({ ok: true, complete: false });
    }
  }, 30_000);

  it('reads again only the installations of lockboxes installed or uninstalled since the last run, keeps them as the vendor holds them and drops the interim one a webhook kept', async () => {
    const sim = (app.simulator('rentengine') as unknown as { store: RentengineStore }).store;
    const installations = () => sync.run().then((run) => run.resources.find((r) => r.resource === 'rentengine:lockbox-installations')!);
    const free = sim.lockboxes.rows.find((lockbox) => sim.openInstallation(lockbox.id) === undefined)!;
    const taken = sim.lockboxes.rows.find((lockbox) => lockbox.id !== free.id && sim.openInstallation(lockbox.id) !== undefined)!;
    const unit = sim.units.rows[1]!;
    await new Promise((resolve) => setTimeout(resolve, 10));
    const install = sim.recordLockboxEvent(free, 'Install', unit.id, {});
    sim.recordLockboxEvent(taken, 'Uninstall', Number(sim.openInstallation(taken.id)!.unit_id), {});
    // As its webhook files it: an interim installation under the event's id, until the vendor's own is read.
    await app.services.store.transaction((tx) => app.services.records.apply(tx, lockboxEventWrites(toLockboxEventModel(rawLockboxEvent.parse(install), install))));
    expect(await storedIds(app, 'LOCKBOX_INSTALLATION', 'RENTENGINE')).toContain(install.id);

    const next = await installations();
    const touched = sim.installations.rows.filter((i) => i.lockbox_id === free.id || i.lockbox_id === taken.id);
    expect(next).toMatchObject({ ok: true, complete: false });
    expect(next.read).toBeGreaterThanOrEqual(touched.length);
    expect(next.read).toBeLessThan(sim.installations.rows.length / 2);
    const stored = await createRecordStore(app.services.store).get<{ uninstalledAt: string | null }>('LOCKBOX_INSTALLATION', touched.map((i) => ({ vendor: 'RENTENGINE', externalId: i.id })));
    const instant = (at: string | null | undefined) => (at === null || at === undefined ? at : Date.parse(at));
    for (const installation of touched) {
      expect(instant(stored.get(`RENTENGINE:${installation.id}`)?.model.uninstalledAt), installation.id).toBe(instant(installation.uninstalled_at));
    }
    expect(touched.filter((i) => i.uninstalled_at === null).map((i) => i.lockbox_id)).toEqual([free.id]);
    expect(await storedIds(app, 'LOCKBOX_INSTALLATION', 'RENTENGINE')).toEqual(sorted(sim.installations.rows.map((i) => i.id)));
  }, 30_000);
});
