import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../utils/app.js';
import { forgetFullSyncs } from '../../utils/read-model.js';
import { callsByVendor, globalId, query, rentengineOf, rentengineRoute, resetStats } from '../support.js';

interface LockboxNode {
  id: string;
  serialNumber: string;
  lockboxType: string;
  unit: { id: string } | null;
  events: { edges: { node: { id: string; eventType: string; occurredAt: string; lockbox: { id: string } | null; unit: { id: string } | null } }[] };
  sources: { vendor: string; externalId: string }[];
}

const LOCKBOX_FIELDS = 'id serialNumber lockboxType unit { id } events(first: 50) { edges { node { id eventType occurredAt lockbox { id } unit { id } } } } sources { vendor externalId }';

describe('lockboxes', () => {
  let app: TestApp;
  /** A RentEngine unit with a lockbox installed now. */
  let unitId: string;
  beforeAll(async () => {
    app = await startTestApp({ synced: true });
    unitId = rentengineOf(app).store.installations.rows.find((i) => i.uninstalled_at === null)!.unit_id;
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('shows the lockboxes installed at a unit, each pointing back to that unit, with its events', async () => {
    const store = rentengineOf(app).store;
    const data = await query<{ nodeBySource: { id: string; lockboxes: LockboxNode[] } }>(
      app,
      `query($id: String!) { nodeBySource(vendor: RENTENGINE, type: UNIT, externalId: $id) { id ... on Unit { lockboxes { ${LOCKBOX_FIELDS} } } } }`,
      { id: unitId },
    );
    const unit = data.nodeBySource;
    const installed = store.installationsAt(Number(unitId)).map((i) => store.lockboxes.get(i.lockbox_id)!);
    expect(installed.length).toBeGreaterThan(0);
    expect(unit.lockboxes.map((l) => l.serialNumber).sort()).toEqual(installed.map((l) => l.serial_number).sort());
    for (const lockbox of unit.lockboxes) {
      expect(lockbox.unit?.id).toBe(unit.id);
      expect(lockbox.lockboxType).toBe('Sentrilock');
      const externalId = lockbox.sources[0]!.externalId;
      const events = store.lockboxEvents.rows.filter((e) => e.lockbox_id === externalId);
      expect(lockbox.events.edges.map((e) => e.node.id).sort()).toEqual(events.map((e) => globalId('LockboxEvent', 'RENTENGINE', e.id)).sort());
      const times = lockbox.events.edges.map((e) => Date.parse(e.node.occurredAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      for (const { node } of lockbox.events.edges) expect(node.lockbox?.id).toBe(lockbox.id);
      const install = lockbox.events.edges.find((e) => e.node.eventType === 'INSTALL' && e.node.unit?.id === unit.id);
      expect(install).toBeDefined();
    }
  });

  it('lists every lockbox once when walking the pages', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const data: { lockboxes: { edges: { node: { serialNumber: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await query(
        app,
        'query($after: String) { lockboxes(first: 25, after: $after) { edges { node { serialNumber } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      seen.push(...data.lockboxes.edges.map((e) => e.node.serialNumber));
      if (!data.lockboxes.pageInfo.hasNextPage) break;
      after = data.lockboxes.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(rentengineOf(app).store.lockboxes.rows.map((l) => l.serial_number).sort());
  });

  const UNITS_WITH_LOCKBOXES = '{ units(first: 100) { edges { node { lockboxes { serialNumber unit { id } } } } } }';
  const UNITS_WITH_LOCKBOX_EVENTS = '{ units(first: 100) { edges { node { lockboxes { serialNumber events(first: 5) { edges { node { eventType } } } } } } } }';
  const LOCKBOXES_WITH_UNITS_AND_EVENTS = '{ lockboxes(first: 50) { edges { node { serialNumber unit { id } events(first: 3) { edges { node { eventType lockbox { id } } } } } } } }';
  type UnitsWithLockboxes = { units: { edges: { node: { lockboxes: { serialNumber: string; unit: { id: string } | null }[] } }[] } };

  it('costs two RentEngine calls for the lockboxes of a page of 100 units before the store holds RentEngine, and one more for their events', async () => {
    const restore = await forgetFullSyncs(app);
    try {
      resetStats(app);
      const data = await query<UnitsWithLockboxes>(app, UNITS_WITH_LOCKBOXES);
      expect(data.units.edges.filter((e) => e.node.lockboxes.length > 0).length).toBeGreaterThan(5);
      expect(callsByVendor(app)).toEqual({
        rentengine: { [rentengineRoute('GET', '/lockbox_installations')]: 1, [rentengineRoute('GET', '/lockboxes')]: 1 },
      });

      resetStats(app);
      await query(app, UNITS_WITH_LOCKBOX_EVENTS);
      expect(callsByVendor(app).rentengine).toEqual({
        [rentengineRoute('GET', '/lockbox_installations')]: 1,
        [rentengineRoute('GET', '/lockboxes')]: 1,
        [rentengineRoute('GET', '/lockbox_events')]: 1,
      });
    } finally {
      await restore();
    }
  });

  it('answers the lockboxes of a page of 100 units and their units from the store once it holds RentEngine, as RentEngine did, and reads only their events', async () => {
    const restore = await forgetFullSyncs(app);
    let live: UnitsWithLockboxes;
    try {
      live = await query<UnitsWithLockboxes>(app, UNITS_WITH_LOCKBOXES);
    } finally {
      await restore();
    }
    resetStats(app);
    const stored = await query<UnitsWithLockboxes>(app, UNITS_WITH_LOCKBOXES);
    expect(callsByVendor(app)).toEqual({});
    const bySerial = (page: UnitsWithLockboxes) => page.units.edges.map((e) => [...e.node.lockboxes].sort((a, b) => a.serialNumber.localeCompare(b.serialNumber)));
    expect(bySerial(stored)).toEqual(bySerial(live));

    resetStats(app);
    await query(app, UNITS_WITH_LOCKBOX_EVENTS);
    expect(callsByVendor(app)).toEqual({ rentengine: { [rentengineRoute('GET', '/lockbox_events')]: 1 } });
  });

  it('costs one call per resource for a page of lockboxes with their units and events before the store holds RentEngine', async () => {
    const restore = await forgetFullSyncs(app);
    try {
      resetStats(app);
      const data = await query<{ lockboxes: { edges: { node: { unit: { id: string } | null } }[] } }>(app, LOCKBOXES_WITH_UNITS_AND_EVENTS);
      expect(data.lockboxes.edges).toHaveLength(50);
      expect(callsByVendor(app)).toEqual({
        rentengine: {
          [rentengineRoute('GET', '/lockboxes')]: 1,
          [rentengineRoute('GET', '/lockbox_installations')]: 1,
          [rentengineRoute('GET', '/lockbox_events')]: 1,
        },
      });
    } finally {
      await restore();
    }
  });

  it('reads only the events of a page of lockboxes once the store holds RentEngine: the lockboxes and their units are stored', async () => {
    resetStats(app);
    const data = await query<{ lockboxes: { edges: { node: { unit: { id: string } | null } }[] } }>(app, LOCKBOXES_WITH_UNITS_AND_EVENTS);
    expect(data.lockboxes.edges).toHaveLength(50);
    expect(data.lockboxes.edges.some((e) => e.node.unit !== null)).toBe(true);
    expect(callsByVendor(app)).toEqual({ rentengine: { [rentengineRoute('GET', '/lockbox_events')]: 1 } });
  });

  it('finds lockboxes and lockbox events by global id and by RentEngine id', async () => {
    const store = rentengineOf(app).store;
    const lockbox = store.lockboxes.rows[0]!;
    const event = store.lockboxEvents.rows[0]!;
    const data = await query<Record<'a' | 'b' | 'c' | 'd', { id: string } | null>>(
      app,
      `query($lockbox: ID!, $event: ID!, $lockboxExt: String!, $eventExt: String!) {
        a: node(id: $lockbox) { id }
        b: node(id: $event) { id ... on LockboxEvent { lockbox { id } } }
        c: nodeBySource(vendor: RENTENGINE, type: LOCKBOX, externalId: $lockboxExt) { id }
        d: nodeBySource(vendor: RENTENGINE, type: LOCKBOX_EVENT, externalId: $eventExt) { id }
      }`,
      { lockbox: globalId('Lockbox', 'RENTENGINE', lockbox.id), event: globalId('LockboxEvent', 'RENTENGINE', event.id), lockboxExt: lockbox.id, eventExt: event.id },
    );
    expect(data.a?.id).toBe(globalId('Lockbox', 'RENTENGINE', lockbox.id));
    expect(data.b?.id).toBe(globalId('LockboxEvent', 'RENTENGINE', event.id));
    expect(data.c?.id).toBe(data.a?.id);
    expect(data.d?.id).toBe(data.b?.id);
  });

  it('answers null for a lockbox id RentEngine does not have, without asking it for a malformed id', async () => {
    resetStats(app);
    const data = await query<{ node: null }>(app, 'query($id: ID!) { node(id: $id) { id } }', { id: globalId('Lockbox', 'RENTENGINE', 'not-a-uuid') });
    expect(data.node).toBeNull();
    expect(callsByVendor(app)).toEqual({});
  });
});
