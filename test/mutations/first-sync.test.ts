import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../src/domain/ids.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { nodeId, rentengineSim, writesTo } from './support.js';

describe('a write before the first identity sync', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('waits for the index, so a unit id the rent roll served resolves to RentEngine\'s record', async () => {
    expect(app.services.identity.status().firstSyncDone).toBe(false);
    const store = rentengineSim(app).store;
    const physical = app.world.units.find((u) => u.ids.rentroll !== undefined && u.ids.rentengine !== undefined && store.installationsAt(Number(u.ids.rentengine)).length === 0)!;
    const lockbox = store.lockboxes.rows.find((l) => store.openInstallation(l.id) === undefined)!;
    // The id `units` answers while only the rent roll serves; the index keeps that key for the merged unit.
    const unitId = encodeId('Unit', `RENTROLL:${physical.ids.rentroll}`);

    const { data, errors } = await app.graphql<{ installLockbox: { unit: { id: string } } }>(
      'mutation ($l: ID!, $u: ID!) { installLockbox(lockboxId: $l, unitId: $u) { unit { id } } }',
      { l: nodeId('Lockbox', 'RENTENGINE', lockbox.id), u: unitId },
    );
    expect(errors).toBeUndefined();
    expect(app.services.identity.status().firstSyncDone).toBe(true);
    expect(writesTo(app, 'rentengine').at(-1)!.body).toEqual({ events: [{ lockbox_id: lockbox.id, event_type: 'Install', unit_id: Number(physical.ids.rentengine) }] });
    expect(data!.installLockbox.unit.id).toBe(unitId);
  });
});
