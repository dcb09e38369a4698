import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LockboxInstallationModel } from '../../src/domain/models.js';
import { createRecordStore } from '../../src/readmodel/records.js';
import type { LockboxEvent } from '../../src/simulators/rentengine/types.js';
import { postWebhook, rentengineHeaders } from '../events/support.js';
import { nodeId, rentengineSim, startMutationApp, unitIdOf } from '../mutations/support.js';
import type { TestApp } from '../utils/app.js';
import { STORE_ENGINES } from '../utils/stores.js';

/**
 * A unit's lockboxes come from the store once it holds RentEngine, so an install or an
 * uninstall, made through the gateway or announced by webhook, has moved the stored
 * lockbox by the time the gateway answers.
 */

const INSTALL = 'mutation ($lockboxId: ID!, $unitId: ID!) { installLockbox(lockboxId: $lockboxId, unitId: $unitId) { id } }';
const UNINSTALL = 'mutation ($lockboxId: ID!, $unitId: ID!) { uninstallLockbox(lockboxId: $lockboxId, unitId: $unitId) { id } }';
const UNIT_LOCKBOXES = 'query ($id: ID!) { node(id: $id) { ... on Unit { lockboxes { id serialNumber } } } }';

describe.each(STORE_ENGINES)('lockboxes moved while the store holds RentEngine, on $name', (engine) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startMutationApp({ engine: engine.name });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  /** A unit's lockbox ids, asserting the answer cost RentEngine no request. */
  async function storedLockboxesAt(unitId: string): Promise<string[]> {
    const sim = rentengineSim(app);
    sim.server.resetStats();
    const { data, errors } = await app.graphql<{ node: { lockboxes: { id: string }[] } }>(UNIT_LOCKBOXES, { id: unitId });
    expect(errors).toBeUndefined();
    expect(sim.server.stats().total).toBe(0);
    return data!.node.lockboxes.map((lockbox) => lockbox.id);
  }

  /** The stored installations of a lockbox, the open one first. */
  async function storedInstallations(lockboxExternalId: string): Promise<LockboxInstallationModel[]> {
    const found = await createRecordStore(app.services.store).byParentRef<LockboxInstallationModel>('LOCKBOX_INSTALLATION', [`RENTENGINE:${lockboxExternalId}`]);
    return (found.get(`RENTENGINE:${lockboxExternalId}`) ?? []).map((record) => record.model).sort((a, b) => Number(a.uninstalledAt !== null) - Number(b.uninstalledAt !== null));
  }

  /** The lockbox has no open stored installation, and one at the unit closed (at `at`, where given). */
  async function expectClosedAt(lockboxExternalId: string, unitExternalId: number, at?: string): Promise<void> {
    const stored = await storedInstallations(lockboxExternalId);
    expect(stored.filter((installation) => installation.uninstalledAt === null)).toEqual([]);
    expect(stored).toContainEqual(expect.objectContaining({ unitExternalId: String(unitExternalId), uninstalledAt: at ?? expect.any(String) }));
  }

  /** A lockbox installed nowhere and a unit with no lockbox, in the simulator. */
  function spareLockboxAndUnit(): { lockboxExternalId: string; unitExternalId: number } {
    const { store } = rentengineSim(app);
    const lockbox = store.lockboxes.rows.find((l) => store.openInstallation(l.id) === undefined)!;
    const unit = store.units.rows.find((u) => store.installationsAt(u.id).every((i) => i.uninstalled_at !== null))!;
    return { lockboxExternalId: lockbox.id, unitExternalId: unit.id };
  }

  it('shows a lockbox at its new unit, from the store, as soon as installLockbox answers, and nowhere once uninstalled', async () => {
    const { lockboxExternalId, unitExternalId } = spareLockboxAndUnit();
    const lockboxId = nodeId('Lockbox', 'RENTENGINE', lockboxExternalId);
    const unitId = await unitIdOf(app, 'RENTENGINE', unitExternalId);
    expect(await storedLockboxesAt(unitId)).not.toContain(lockboxId);

    const installed = await app.graphql(INSTALL, { lockboxId, unitId });
    expect(installed.errors).toBeUndefined();
    expect(await storedLockboxesAt(unitId)).toContain(lockboxId);
    expect((await storedInstallations(lockboxExternalId))[0]).toMatchObject({ unitExternalId: String(unitExternalId), uninstalledAt: null });

    const uninstalled = await app.graphql(UNINSTALL, { lockboxId, unitId });
    expect(uninstalled.errors).toBeUndefined();
    expect(await storedLockboxesAt(unitId)).not.toContain(lockboxId);
    await expectClosedAt(lockboxExternalId, unitExternalId);
  });

  it('moves the stored lockbox when a lockbox_events webhook announces an Install or an Uninstall, before answering 200', async () => {
    const { store } = rentengineSim(app);
    const { lockboxExternalId, unitExternalId } = spareLockboxAndUnit();
    const lockboxId = nodeId('Lockbox', 'RENTENGINE', lockboxExternalId);
    const unitId = await unitIdOf(app, 'RENTENGINE', unitExternalId);
    const announce = async (event: LockboxEvent) => {
      const answer = await postWebhook(app.url, 'rentengine', JSON.stringify({ type: 'INSERT', table: 'lockbox_events', record: event, old_record: null }), rentengineHeaders());
      expect(answer.status).toBe(200);
    };

    // The vendor records the install itself (its own app); only the webhook tells the gateway.
    await announce(store.recordLockboxEvent(store.lockboxes.get(lockboxExternalId)!, 'Install', unitExternalId, { notes: 'Front door' }));
    expect(await storedLockboxesAt(unitId)).toContain(lockboxId);
    expect((await storedInstallations(lockboxExternalId))[0]).toMatchObject({ unitExternalId: String(unitExternalId), uninstalledAt: null });

    const uninstall = store.recordLockboxEvent(store.lockboxes.get(lockboxExternalId)!, 'Uninstall', unitExternalId, { notes: 'Lease signed' });
    await announce(uninstall);
    expect(await storedLockboxesAt(unitId)).not.toContain(lockboxId);
    await expectClosedAt(lockboxExternalId, unitExternalId, uninstall.created_at);
  });

  it('after the next full sync, keeps the installations the vendor lists in place of those kept from events', async () => {
    const { store } = rentengineSim(app);
    const { lockboxExternalId, unitExternalId } = spareLockboxAndUnit();
    const lockboxId = nodeId('Lockbox', 'RENTENGINE', lockboxExternalId);
    const unitId = await unitIdOf(app, 'RENTENGINE', unitExternalId);
    expect((await app.graphql(INSTALL, { lockboxId, unitId })).errors).toBeUndefined();
    const vendorIds = () => store.installations.rows.filter((i) => i.lockbox_id === lockboxExternalId).map((i) => i.id).sort();
    expect((await storedInstallations(lockboxExternalId)).map((i) => i.externalId).sort()).not.toEqual(vendorIds());

    await app.services.readModel.run();
    expect(await storedLockboxesAt(unitId)).toContain(lockboxId);
    expect((await storedInstallations(lockboxExternalId)).map((i) => i.externalId).sort()).toEqual(vendorIds());
  });
});
