import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changePollersOf } from '../../src/events/poll/start.js';
import { idOfRef, refKey } from '../../src/domain/ids.js';
import type { ProspectModel } from '../../src/domain/models.js';
import { createRecordStore } from '../../src/readmodel/records.js';
import type { RentengineStore } from '../../src/simulators/rentengine/store.js';
import { deeprentHeaders, fixture, postWebhook, rentengineHeaders } from '../events/support.js';
import { startTestApp, type TestApp } from '../utils/app.js';

/** A RentEngine `leasing_events` INSERT: a showing scheduled for tomorrow, by the gateway's clock. */
function showingScheduled(id: number, prospectId: number, unitId: string): string {
  const now = Date.now();
  return JSON.stringify({
    type: 'INSERT',
    table: 'leasing_events',
    record: {
      id, prospect_id: prospectId, unit_id: unitId, event_type: 'Showing Scheduled', source: 'Phone Call', notes: 'asked for a morning slot',
      planned_date_time: new Date(now + 86_400_000).toISOString(), created_at: new Date(now).toISOString(),
    },
    old_record: null,
  });
}

// Written in the transaction that appends the events: on both engines.
describe.each(['sqlite', 'postgres'] as const)('webhooks and mutations written through to the read model on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine, rentrollUnits: 80, synced: true });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('keeps a RentEngine leasing event under its prospect, the showing it opened, and a leasing history row, once the webhook is answered', async () => {
    const records = createRecordStore(app.services.store);
    const prospect = (await app.services.store.read.selectFrom('records').select(['external_id', 'unit_ref']).where('kind', '=', 'PROSPECT').where('vendor', '=', 'RENTENGINE').orderBy('external_id').executeTakeFirstOrThrow());
    const unitId = prospect.unit_ref?.split(':')[1] ?? '1';
    const answer = await postWebhook(app.url, 'rentengine', showingScheduled(880_001, Number(prospect.external_id), unitId), rentengineHeaders());
    expect(answer.status).toBe(200);

    const events = await records.byParentRef('LEASING_EVENT', [`RENTENGINE:${prospect.external_id}`]);
    expect(events.get(`RENTENGINE:${prospect.external_id}`)?.map((r) => ({ id: r.externalId, unitRef: r.unitRef, model: r.model }))).toEqual([{
      id: '880001',
      unitRef: { vendor: 'RENTENGINE', externalId: unitId },
      model: expect.objectContaining({ eventType: 'Showing Scheduled', stage: 'SHOWING_SCHEDULED', notes: 'asked for a morning slot' }),
    }]);
    const showing = await records.get('SHOWING', [{ vendor: 'RENTENGINE', externalId: '880001' }]);
    expect(showing.get('RENTENGINE:880001')).toMatchObject({
      parentRef: { vendor: 'RENTENGINE', externalId: prospect.external_id },
      model: { __typename: 'Showing', status: 'Showing Scheduled', prospect: { vendor: 'RENTENGINE', externalId: prospect.external_id } },
    });
    const history = await app.services.store.read.selectFrom('leasing_history').selectAll().where('vendor', '=', 'RENTENGINE').where('external_id', '=', '880001').execute();
    expect(history).toMatchObject([{ stage: 'SHOWING_SCHEDULED', prospect_ref: `RENTENGINE:${prospect.external_id}`, unit_ref: `RENTENGINE:${unitId}` }]);
  });

  it('shows a unit\'s new rent in its record and its unit\'s facts once the webhook is answered', async () => {
    const member = await app.services.store.read.selectFrom('identity_records').select(['unit_key', 'external_id']).where('vendor', '=', 'RENTENGINE').orderBy('external_id').executeTakeFirstOrThrow();
    const records = createRecordStore(app.services.store);
    const stored = (await records.get<{ raw: Record<string, unknown> }>('UNIT', [{ vendor: 'RENTENGINE', externalId: member.external_id }])).get(`RENTENGINE:${member.external_id}`)!;
    const before = stored.model.raw;
    const after = { ...before, target_rental_rate: 4321, updated_at: new Date().toISOString() };
    const answer = await postWebhook(app.url, 'rentengine', JSON.stringify({ type: 'UPDATE', table: 'units', record: after, old_record: before }), rentengineHeaders());
    expect(answer.status).toBe(200);

    const listing = (await records.get<{ rent: unknown }>('LISTING', [{ vendor: 'RENTENGINE', externalId: member.external_id }])).get(`RENTENGINE:${member.external_id}`)!;
    expect(listing.model.rent).toEqual({ amount: 4321, currency: 'USD', period: 'MONTH' });
    const facts = await app.services.store.read.selectFrom('unit_facts').select(['rent_monthly', 'rent_currency']).where('unit_key', '=', member.unit_key).executeTakeFirstOrThrow();
    expect(facts).toEqual({ rent_monthly: 4321, rent_currency: 'USD' });
  });

  it('answers with the newer prospect when RentEngine delivers an older update after it, and still delivers both events', async () => {
    const row = await app.services.store.read.selectFrom('records').select('external_id').where('kind', '=', 'PROSPECT').where('vendor', '=', 'RENTENGINE').orderBy('external_id', 'desc').executeTakeFirstOrThrow();
    const ref = { vendor: 'RENTENGINE' as const, externalId: row.external_id };
    const raw = (await createRecordStore(app.services.store).get<{ raw: Record<string, unknown> }>('PROSPECT', [ref])).get(refKey(ref))!.model.raw;
    const now = Date.now();
    const newer = { ...raw, name: 'Newer Name', updated_at: new Date(now).toISOString() };
    const older = { ...raw, name: 'Older Name', updated_at: new Date(now - 3_600_000).toISOString() };
    const before = await app.services.events.log.lastSeq();
    for (const record of [newer, older]) {
      const answer = await postWebhook(app.url, 'rentengine', JSON.stringify({ type: 'UPDATE', table: 'prospects', record, old_record: raw }), rentengineHeaders());
      expect(answer.status).toBe(200);
    }

    const read = await app.graphql<{ node: { name: string } }>('query ($id: ID!) { node(id: $id) { ... on Prospect { name } } }', { id: idOfRef('Prospect', ref) });
    expect(read.errors).toBeUndefined();
    expect(read.data!.node.name).toBe('Newer Name');
    const events = (await app.services.events.log.after(before, 100)).filter((e) => e.entityType === 'PROSPECT' && e.externalId === ref.externalId);
    expect(events.map((e) => (e.node as ProspectModel).name)).toEqual(['Newer Name', 'Older Name']);

    // A delete stamped before the newer update is just as late: the prospect stays.
    const deleted = await postWebhook(app.url, 'rentengine', JSON.stringify({ type: 'DELETE', table: 'prospects', record: null, old_record: older }), rentengineHeaders());
    expect(deleted.status).toBe(200);
    const again = await app.graphql<{ node: { name: string } | null }>('query ($id: ID!) { node(id: $id) { ... on Prospect { name } } }', { id: idOfRef('Prospect', ref) });
    expect(again.data!.node?.name).toBe('Newer Name');
  });

  it('removes a unit the vendor deleted, with its listing', async () => {
    const unit = await app.services.store.read.selectFrom('records').select('external_id').where('kind', '=', 'UNIT').where('vendor', '=', 'RENTENGINE').orderBy('external_id', 'desc').executeTakeFirstOrThrow();
    const records = createRecordStore(app.services.store);
    const ref = { vendor: 'RENTENGINE' as const, externalId: unit.external_id };
    const raw = (await records.get<{ raw: unknown }>('UNIT', [ref])).get(`RENTENGINE:${unit.external_id}`)!.model.raw;
    const answer = await postWebhook(app.url, 'rentengine', JSON.stringify({ type: 'DELETE', table: 'units', record: null, old_record: raw }), rentengineHeaders());
    expect(answer.status).toBe(200);
    expect((await records.get('UNIT', [ref])).size).toBe(0);
    expect((await records.get('LISTING', [ref])).size).toBe(0);
  });

  it('keeps a deep.rent protocol and its object from the webhook, and drops the protocol when it is deleted', async () => {
    const records = createRecordStore(app.services.store);
    const generated = fixture('deeprent-protocol-generated.json');
    expect((await postWebhook(app.url, 'deeprent', generated, deeprentHeaders(generated))).status).toBe(200);
    const ref = { vendor: 'DEEPRENT' as const, externalId: 'Jwlo-Qe8a-3dSn-OQ-w' };
    expect((await records.get('PROTOCOL', [ref])).get('DEEPRENT:Jwlo-Qe8a-3dSn-OQ-w')).toMatchObject({ unitRef: { vendor: 'DEEPRENT', externalId: '4IdD-3NdM-TrSm-dKGb' } });
    expect((await records.get('UNIT', [{ vendor: 'DEEPRENT', externalId: '4IdD-3NdM-TrSm-dKGb' }])).size).toBe(1);
    const deleted = generated.replace('"protocol.generated"', '"protocol.deleted"');
    expect((await postWebhook(app.url, 'deeprent', deleted, deeprentHeaders(deleted))).status).toBe(200);
    expect((await records.get('PROTOCOL', [ref])).size).toBe(0);
  });

  it('keeps what a mutation\'s vendor answered in the records before the mutation answers', async () => {
    const sim = (app.simulator('rentengine') as unknown as { store: RentengineStore }).store;
    // RentEngine announces no portfolio change by webhook: only the mutation's own answer can have put these here.
    const property = await app.graphql<{ upsertMultifamilyProperty: { id: string } }>(
      'mutation ($input: UpsertMultifamilyPropertyInput!) { upsertMultifamilyProperty(input: $input) { id } }',
      { input: { communityName: 'Quay Gardens', buildingCount: 1, unitCount: 12, structureType: 'garden style', yearBuilt: 2004, photos: [], textAddress: '9 Quay St, Oakland, CA 94607', accountId: sim.mainAccountId } },
    );
    expect(property.errors).toBeUndefined();
    const propertyId = String(sim.multifamily.rows.at(-1)!.id);
    const records = createRecordStore(app.services.store);
    expect((await records.get('MULTIFAMILY_PROPERTY', [{ vendor: 'RENTENGINE', externalId: propertyId }])).get(`RENTENGINE:${propertyId}`)?.model)
      .toMatchObject({ communityName: 'Quay Gardens', unitCount: 12 });

    const floorplan = await app.graphql<{ upsertFloorplan: { id: string } }>(
      'mutation ($input: UpsertFloorplanInput!) { upsertFloorplan(input: $input) { id } }',
      { input: { propertyId: property.data!.upsertMultifamilyProperty.id, name: '1B1B', bedroomCount: 1, bathroomCount: 1, marketRent: 2100 } },
    );
    expect(floorplan.errors).toBeUndefined();
    const floorplanId = String(sim.floorplans.rows.at(-1)!.id);
    expect((await records.byParentRef('FLOORPLAN', [`RENTENGINE:${propertyId}`])).get(`RENTENGINE:${propertyId}`)?.map((r) => r.externalId)).toEqual([floorplanId]);
  });

  it('lands a poll\'s changes as records beside its events: a Leasey lead that moved, and the leasing event it means', async () => {
    const leads = changePollersOf(app.services.vendors.get('LEASEY')!, app.services).flatMap((group) => group.pollers).find((p) => p.name === 'leasey:leads')!;
    await leads.pollOnce();
    const before = await app.services.events.log.lastSeq();
    await app.simulator('leasey').activityTick!();
    await leads.pollOnce();
    const events = await app.services.events.log.after(before, 10_000);
    const prospects = events.filter((e) => e.entityType === 'PROSPECT');
    const leasing = events.filter((e) => e.entityType === 'LEASING_EVENT');
    expect(prospects.length).toBeGreaterThan(0);
    expect(leasing.length).toBeGreaterThan(0);
    const records = createRecordStore(app.services.store);
    for (const event of prospects.filter((e) => e.change !== 'DELETED')) {
      const stored = (await records.get<ProspectModel>('PROSPECT', [{ vendor: 'LEASEY', externalId: event.externalId }])).get(`LEASEY:${event.externalId}`);
      expect(stored?.model.status).toBe((event.node as ProspectModel).status);
    }
    for (const event of leasing) {
      const stored = (await records.get('LEASING_EVENT', [{ vendor: 'LEASEY', externalId: event.externalId }])).get(`LEASEY:${event.externalId}`);
      expect(stored?.parentRef).toEqual(event.prospectRef);
    }
    const history = await app.services.store.read.selectFrom('leasing_history').select('external_id').where('vendor', '=', 'LEASEY').execute();
    expect(history.map((h) => h.external_id)).toEqual(expect.arrayContaining(leasing.map((e) => e.externalId)));
  });
});
