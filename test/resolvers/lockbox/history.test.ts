import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../utils/app.js';
import { globalId, query, rentengineOf } from '../support.js';

interface EventNode { id: string; eventType: string; occurredAt: string; accountId: string | null; metadata: unknown; unit: { id: string } | null; lockbox: { id: string } | null }
interface EventConnection { edges: { node: EventNode }[]; totalCount?: number }

const EVENT = 'id eventType occurredAt accountId metadata unit { id } lockbox { id }';
const EVENTS = `query ($filter: LockboxEventFilter) { lockboxEvents(first: 100, filter: $filter) { edges { node { ${EVENT} } } } }`;

describe('lockbox event filters and installation history', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ synced: true });
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  const store = () => rentengineOf(app).store;
  const events = async (filter: Record<string, unknown> | null) => (await query<{ lockboxEvents: EventConnection }>(app, EVENTS, { filter })).lockboxEvents.edges.map((e) => e.node);

  it('lists installs of one unit in a time window, newest first, with the account each belongs to', async () => {
    const installs = store().lockboxEvents.rows.filter((e) => e.event_type === 'Install');
    const unitExternalId = installs[0]!.unit_id;
    const atUnit = installs.filter((e) => e.unit_id === unitExternalId).sort((a, b) => b.created_at.localeCompare(a.created_at));
    const from = atUnit.at(-1)!.created_at;
    const to = atUnit[0]!.created_at;
    const unit = await query<{ nodeBySource: { id: string } }>(app, 'query ($id: String!) { nodeBySource(vendor: RENTENGINE, type: UNIT, externalId: $id) { id } }', { id: unitExternalId });

    const found = await events({ types: ['INSTALL'], unitId: unit.nodeBySource.id, from, to });
    expect(found.map((e) => e.id)).toEqual(atUnit.map((e) => globalId('LockboxEvent', 'RENTENGINE', e.id)));
    for (const event of found) expect(event).toMatchObject({ eventType: 'INSTALL', unit: { id: unit.nodeBySource.id } });
    expect(found[0]!.accountId).toBe(atUnit[0]!.account_id);
    expect(found[0]!.metadata).toEqual(atUnit[0]!.metadata);
  });

  it('narrows one lockbox\'s events by type, and every event of several lockboxes by id', async () => {
    const lockbox = store().lockboxes.rows.find((l) => store().lockboxEvents.rows.some((e) => e.lockbox_id === l.id && e.event_type === 'Uninstall'))!;
    const lockboxId = globalId('Lockbox', 'RENTENGINE', lockbox.id);
    const data = await query<{ node: { events: EventConnection } }>(
      app, `query ($id: ID!) { node(id: $id) { ... on Lockbox { events(first: 50, filter: { types: [UNINSTALL] }) { edges { node { ${EVENT} } } } } } }`, { id: lockboxId },
    );
    const uninstalls = store().lockboxEvents.rows.filter((e) => e.lockbox_id === lockbox.id && e.event_type === 'Uninstall');
    expect(data.node.events.edges.map((e) => e.node.id).sort()).toEqual(uninstalls.map((e) => globalId('LockboxEvent', 'RENTENGINE', e.id)).sort());

    const other = store().lockboxes.rows.find((l) => l.id !== lockbox.id)!;
    const both = await events({ lockboxIds: [lockboxId, globalId('Lockbox', 'RENTENGINE', other.id)] });
    const expected = store().lockboxEvents.rows.filter((e) => e.lockbox_id === lockbox.id || e.lockbox_id === other.id);
    expect(both.map((e) => e.id).sort()).toEqual(expected.map((e) => globalId('LockboxEvent', 'RENTENGINE', e.id)).sort());
  });

  it('shows a lockbox\'s installations, open and closed, newest first', async () => {
    const installations = store().installations.rows;
    const lockboxExternal = installations.find((i) => i.uninstalled_at !== null && installations.some((j) => j.lockbox_id === i.lockbox_id && j !== i))?.lockbox_id
      ?? installations.find((i) => i.uninstalled_at !== null)!.lockbox_id;
    const own = installations.filter((i) => i.lockbox_id === lockboxExternal).sort((a, b) => (b.installed_at ?? '').localeCompare(a.installed_at ?? ''));
    const data = await query<{ node: { installations: { installedAt: string; uninstalledAt: string | null; installed: boolean; lockbox: { id: string }; unit: { id: string } | null }[] } }>(
      app, 'query ($id: ID!) { node(id: $id) { ... on Lockbox { installations { installedAt uninstalledAt installed lockbox { id } unit { id } } } } }',
      { id: globalId('Lockbox', 'RENTENGINE', lockboxExternal) },
    );
    const shown = data.node.installations;
    const millis = (at: string | null) => (at === null ? null : Date.parse(at));
    expect(shown.map((i) => [millis(i.installedAt), millis(i.uninstalledAt), i.installed])).toEqual(own.map((i) => [millis(i.installed_at), millis(i.uninstalled_at), i.uninstalled_at === null]));
    expect(shown.some((i) => !i.installed)).toBe(true);
    for (const installation of shown) expect(installation.lockbox.id).toBe(globalId('Lockbox', 'RENTENGINE', lockboxExternal));
  });

  it('names every bad part of a filter at once', async () => {
    const response = await app.graphql(EVENTS, { filter: { from: '2030-01-02T00:00:00Z', to: '2030-01-01T00:00:00Z', lockboxIds: ['garbled!'] } });
    const error = response.errors![0]!;
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect((error.extensions['fields'] as { field: string }[]).map((f) => f.field)).toEqual(['filter.to', 'filter.lockboxIds[0]']);
  });

  it('answers an event type list that is empty with no events and no vendor call', async () => {
    rentengineOf(app).server.resetStats();
    expect(await events({ types: [] })).toEqual([]);
    expect(rentengineOf(app).server.stats().total).toBe(0);
  });
});
