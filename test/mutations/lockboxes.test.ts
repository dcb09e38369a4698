import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../utils/app.js';
import {
  expectRefusedBeforeVendorCalls, expectRentengineAuth, nodeId, onlyError, rentengineSim, resetAll, startMutationApp, unitIdOf, utcDayFromNow, writesTo,
} from './support.js';

const INSTALL = `mutation ($lockboxId: ID!, $unitId: ID!) {
  installLockbox(lockboxId: $lockboxId, unitId: $unitId) { id eventType lockbox { id serialNumber } unit { id lockboxes { id } } }
}`;
const UNINSTALL = `mutation ($lockboxId: ID!, $unitId: ID!) {
  uninstallLockbox(lockboxId: $lockboxId, unitId: $unitId) { id eventType unit { id lockboxes { id } } }
}`;
const UNIT_LOCKBOXES = 'query ($id: ID!) { node(id: $id) { ... on Unit { lockboxes { id } } } }';

interface EventAnswer { id: string; eventType: string; lockbox?: { id: string; serialNumber: string }; unit: { id: string; lockboxes: { id: string }[] } }

describe('lockbox mutations', () => {
  let app: TestApp;
  let lockbox: { id: string; serial_number: string };
  let lockboxId: string;
  let rentengineUnitId: number;
  let unitId: string;

  const unitLockboxes = async () => {
    const { data, errors } = await app.graphql<{ node: { lockboxes: { id: string }[] } }>(UNIT_LOCKBOXES, { id: unitId });
    expect(errors).toBeUndefined();
    return data!.node.lockboxes.map((l) => l.id);
  };

  beforeAll(async () => {
    app = await startMutationApp();
    const store = rentengineSim(app).store;
    lockbox = store.lockboxes.rows.find((l) => store.openInstallation(l.id) === undefined)!;
    lockboxId = nodeId('Lockbox', 'RENTENGINE', lockbox.id);
    rentengineUnitId = store.units.rows.find((u) => store.installationsAt(u.id).every((i) => i.uninstalled_at !== null))!.id;
    unitId = await unitIdOf(app, 'RENTENGINE', rentengineUnitId);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('leaves a failed write unchanged: a 503 is VENDOR_UNAVAILABLE after one request, never retried', async () => {
    resetAll(app);
    rentengineSim(app).server.setFaults({ script: [503] });
    const error = onlyError(await app.graphql(INSTALL, { lockboxId, unitId }));
    expect(error.extensions).toMatchObject({ code: 'VENDOR_UNAVAILABLE', vendor: 'RENTENGINE', http: { status: 503 } });
    // A faulted request is counted but not recorded by the simulator.
    const { total, byRoute } = rentengineSim(app).server.stats();
    expect(total).toBe(1);
    expect(Object.keys(byRoute)).toEqual([expect.stringMatching(/^POST .*\/lockbox_events$/)]);
    expect(rentengineSim(app).store.openInstallation(lockbox.id)).toBeUndefined();
    expect(await unitLockboxes()).not.toContain(lockboxId);
  });

  it('installs with POST /lockbox_events, and the answer already shows the lockbox at the unit', async () => {
    resetAll(app);
    const { data, errors } = await app.graphql<{ installLockbox: EventAnswer }>(INSTALL, { lockboxId, unitId });
    expect(errors).toBeUndefined();
    const writes = writesTo(app, 'rentengine');
    expect(writes.map((w) => w.url)).toEqual(['/api/public/v1/lockbox_events']);
    expectRentengineAuth(writes[0]!);
    expect(writes[0]!.body).toEqual({ events: [{ lockbox_id: lockbox.id, event_type: 'Install', unit_id: rentengineUnitId }] });
    const event = data!.installLockbox;
    expect(event).toMatchObject({ eventType: 'INSTALL', lockbox: { id: lockboxId, serialNumber: lockbox.serial_number }, unit: { id: unitId } });
    expect(event.unit.lockboxes.map((l) => l.id)).toContain(lockboxId);
    expect(await unitLockboxes()).toContain(lockboxId);
  });

  it('generates a code for the installed lockbox with POST /lockboxes/generate_code', async () => {
    resetAll(app);
    const date = utcDayFromNow(0);
    const { data, errors } = await app.graphql<{ generateLockboxCode: { code: string; lockboxType: string; instructions: string } }>(
      'mutation ($input: GenerateLockboxCodeInput!) { generateLockboxCode(input: $input) { code lockboxType instructions } }',
      { input: { lockboxId, date } },
    );
    expect(errors).toBeUndefined();
    expect(data!.generateLockboxCode.code).toMatch(/^\d{7}$/);
    expect(data!.generateLockboxCode.lockboxType).toBe('Sentrilock');
    const writes = writesTo(app, 'rentengine');
    expect(writes.map((w) => w.url)).toEqual(['/api/public/v1/lockboxes/generate_code']);
    expectRentengineAuth(writes[0]!);
    expect(writes[0]!.body).toEqual({ lockbox_id: lockbox.id, date });
  });

  it('uninstalls with POST /lockbox_events, and the unit no longer lists the lockbox', async () => {
    resetAll(app);
    const { data, errors } = await app.graphql<{ uninstallLockbox: EventAnswer }>(UNINSTALL, { lockboxId, unitId });
    expect(errors).toBeUndefined();
    expect(writesTo(app, 'rentengine')[0]!.body).toEqual({ events: [{ lockbox_id: lockbox.id, event_type: 'Uninstall', unit_id: rentengineUnitId }] });
    expect(data!.uninstallLockbox.eventType).toBe('UNINSTALL');
    expect(data!.uninstallLockbox.unit.lockboxes.map((l) => l.id)).not.toContain(lockboxId);
    expect(await unitLockboxes()).not.toContain(lockboxId);
  });

  it('creates SentriLock boxes with POST /lockboxes and transfers them with POST /lockboxes/transfer_accounts', async () => {
    const store = rentengineSim(app).store;
    const [from, to] = [store.mainAccountId, [...store.accounts.keys()].find((id) => id !== store.mainAccountId)!];
    resetAll(app);
    const created = await app.graphql<{ createLockboxes: { id: string; serialNumber: string; accountId: string }[] }>(
      'mutation ($input: CreateLockboxesInput!) { createLockboxes(input: $input) { id serialNumber accountId } }',
      { input: { serialNumbers: ['SL-900001', 'SL-900002'], accountId: from } },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createLockboxes.map((l) => [l.serialNumber, l.accountId])).toEqual([['SL-900001', from], ['SL-900002', from]]);
    expect(writesTo(app, 'rentengine')[0]!.body).toEqual({ lockbox_type: 'Sentrilock', serial_numbers: ['SL-900001', 'SL-900002'], account_id: from });

    const ids = created.data!.createLockboxes.map((l) => l.id);
    resetAll(app);
    const moved = await app.graphql<{ transferLockboxes: { id: string; accountId: string }[] }>(
      'mutation ($ids: [ID!]!, $to: String!) { transferLockboxes(lockboxIds: $ids, newAccountId: $to) { id accountId } }',
      { ids, to },
    );
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.transferLockboxes).toEqual(ids.map((id) => ({ id, accountId: to })));
    const writes = writesTo(app, 'rentengine');
    expect(writes.map((w) => w.url)).toEqual(['/api/public/v1/lockboxes/transfer_accounts']);
    expectRentengineAuth(writes[0]!);
    expect(writes[0]!.body).toEqual({ lockbox_ids: ids.map((id) => Buffer.from(id, 'base64url').toString().split(':')[2]), new_account_id: to });

    const node = await app.graphql<{ node: { accountId: string } }>('query ($id: ID!) { node(id: $id) { ... on Lockbox { accountId } } }', { id: ids[0] });
    expect(node.data!.node.accountId).toBe(to);
  });

  describe('rejects bad input before any vendor call, naming the field', () => {
    const refuse = (query: string, variables: Record<string, unknown>, field: string, message: RegExp) =>
      expectRefusedBeforeVendorCalls(app, query, variables, field, message);

    it('refuses a Leasey listing id as a lockbox id', () =>
      refuse(INSTALL, { lockboxId: nodeId('Listing', 'LEASEY', '12'), unitId }, 'lockboxId', /expected the id of a Lockbox, got the id of a Listing/));

    it('refuses a lockbox id of another vendor', () =>
      refuse(INSTALL, { lockboxId: nodeId('Lockbox', 'LEASEY', lockbox.id), unitId }, 'lockboxId', /must be the id of a RentEngine Lockbox, got the id of a Leasey Lockbox/));

    it('refuses a garbled id', () => refuse(UNINSTALL, { lockboxId: 'not an id!', unitId }, 'lockboxId', /expected an opaque global id/));

    it('refuses a lockbox type RentEngine cannot create', () =>
      refuse('mutation { createLockboxes(input: { serialNumbers: ["1"], accountId: "3f2b8c1e-9a4d-4c6e-8b1a-2d5e7f9a0c3b", lockboxType: "Codebox" }) { id } }', {},
        'input.lockboxType', /must be "Sentrilock"/));

    it('refuses a code request that names no lockbox', () =>
      refuse('mutation ($date: Date!) { generateLockboxCode(input: { date: $date }) { code } }', { date: utcDayFromNow(1) }, 'input', /one of lockboxId, unitId or serialNumber/));

    it('refuses a code for a day before yesterday', () =>
      refuse('mutation ($id: ID, $date: Date!) { generateLockboxCode(input: { lockboxId: $id, date: $date }) { code } }', { id: lockboxId, date: utcDayFromNow(-2) }, 'input.date', /today or a later day/));

    it('refuses an account id that is not a UUID', () =>
      refuse('mutation ($ids: [ID!]!) { transferLockboxes(lockboxIds: $ids, newAccountId: "acct-1") { id } }', { ids: [lockboxId] }, 'newAccountId', /a RentEngine account id \(a UUID/));
  });
});
