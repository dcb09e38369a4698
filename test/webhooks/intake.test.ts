import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { RunningRentengineSimulator } from '../../src/simulators/rentengine/server.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { CHANGES, CHANGES_NO_NODE, deeprentHeaders, disposeAll, eventually, fixture, LEASING, postWebhook, rentengineHeaders, subscribe } from '../events/support.js';

interface ChangeNotice {
  changes: { cursor: string; vendor: string; type: string; change: string; previous: Record<string, unknown> | null; receivedAt: string; node: { __typename: string } | null };
}
interface LeasingNotice {
  leasingEvents: { cursor: string; event: { id: string; vendor: string; eventType: string; stage: string; occurredAt: string; notes: string | null } };
}

// Every webhook is written to the store before it is answered: on both engines.
describe.each(['sqlite', 'postgres'] as const)('webhook intake on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: 50, engine });
  });
  afterEach(disposeAll);
  afterAll(async () => {
    await app.close();
  });

  const lastSeq = () => app.services.events.log.lastSeq();

  it('delivers the documented RentEngine unit webhook to a subscriber within a second', async () => {
    const sub = subscribe<ChangeNotice>(app.url, CHANGES_NO_NODE, { filter: { vendors: ['RENTENGINE'] } });
    await sub.socket;
    await eventually(() => app.services.events.bus.listenerCount() > 0);
    const started = Date.now();
    const answer = await postWebhook(app.url, 'rentengine', fixture('rentengine-unit-update.json'), rentengineHeaders());
    expect(answer.status).toBe(200);
    await sub.waitFor(1, 1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    const notice = sub.results[0]!.data!.changes;
    expect(notice).toMatchObject({ vendor: 'RENTENGINE', type: 'UNIT', change: 'UPDATED' });
    expect(notice.previous).toMatchObject({ id: 3318, target_rental_rate: '1900' });
    await sub.dispose();
  });

  it('delivers the documented deep.rent protocol webhook, signed, to a subscriber within a second', async () => {
    const sub = subscribe<ChangeNotice>(app.url, CHANGES, { filter: { types: ['PROTOCOL'] } });
    await sub.socket;
    await eventually(() => app.services.events.bus.listenerCount() > 0);
    const body = fixture('deeprent-protocol-generated.json');
    const started = Date.now();
    const answer = await postWebhook(app.url, 'deeprent', body, deeprentHeaders(body));
    expect(answer.status).toBe(200);
    await sub.waitFor(1, 1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(sub.results[0]!.data!.changes).toMatchObject({ vendor: 'DEEPRENT', type: 'PROTOCOL', change: 'CREATED', previous: null });
    expect(sub.results[0]!.data!.changes.node?.__typename).toBe('Protocol');
    await sub.dispose();
  });

  it('turns a RentEngine leasing event into a LeasingEvent notice with its stage', async () => {
    const sub = subscribe<LeasingNotice>(app.url, LEASING, { filter: { stages: ['SHOWING_SCHEDULED'] } });
    await sub.socket;
    await eventually(() => app.services.events.bus.listenerCount() > 0);
    expect((await postWebhook(app.url, 'rentengine', fixture('rentengine-leasing-event.json'), rentengineHeaders())).status).toBe(200);
    await sub.waitFor(1, 1_000);
    expect(sub.results[0]!.data!.leasingEvents.event).toMatchObject({
      vendor: 'RENTENGINE', eventType: 'Showing Scheduled', stage: 'SHOWING_SCHEDULED', occurredAt: '2024-10-05T18:53:03.406Z',
    });
    await sub.dispose();
    // The log is where the graph knows RentEngine leasing events from, so node(id) finds it there.
    const id = sub.results[0]!.data!.leasingEvents.event.id;
    const { data, errors } = await app.graphql<{ node: { id: string; eventType: string; stage: string } }>(
      'query ($id: ID!) { node(id: $id) { id ... on LeasingEvent { eventType stage } } }',
      { id },
    );
    expect(errors).toBeUndefined();
    expect(data!.node).toEqual({ id, eventType: 'Showing Scheduled', stage: 'SHOWING_SCHEDULED' });
  });

  it('receives what the RentEngine simulator sends when a prospect arrives', async () => {
    const sim = app.simulator('rentengine') as RunningRentengineSimulator;
    const sub = subscribe<LeasingNotice>(app.url, LEASING, { filter: { stages: ['NEW'] } });
    await sub.socket;
    await eventually(() => app.services.events.bus.listenerCount() > 0);
    const prospect = sim.activity.newProspect();
    await sim.webhooks.idle();
    await sub.waitFor(1, 1_000);
    expect(sub.results[0]!.data!.leasingEvents.event).toMatchObject({ vendor: 'RENTENGINE', eventType: 'New', stage: 'NEW' });
    expect(sim.webhooks.stats().failedAttempts).toBe(0);
    expect(await app.services.events.log.byRef('PROSPECT', 'prospect', [{ vendor: 'RENTENGINE', externalId: String(prospect.id) }])).toHaveLength(1);
    await sub.dispose();
  });

  it('answers 401 to a wrong or missing token and records and publishes nothing', async () => {
    const sub = subscribe<ChangeNotice>(app.url, CHANGES_NO_NODE);
    await sub.socket;
    await eventually(() => app.services.events.bus.listenerCount() > 0);
    const before = await lastSeq();
    const body = fixture('rentengine-unit-update.json');
    const wrong = await postWebhook(app.url, 'rentengine', body, rentengineHeaders(undefined, 'not-the-token'));
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toMatchObject({ error: 'Unauthorized', message: expect.stringContaining('x-api-token') });
    const missing = await postWebhook(app.url, 'rentengine', body, { 'Upstash-Message-Id': 'msg_missing' });
    expect(missing.status).toBe(401);
    expect(await lastSeq()).toBe(before);
    // The next good delivery is the first thing the subscriber sees.
    expect((await postWebhook(app.url, 'rentengine', body, rentengineHeaders())).status).toBe(200);
    await sub.waitFor(1, 1_000);
    expect(sub.results).toHaveLength(1);
    expect(await lastSeq()).toBe(before + 1);
    await sub.dispose();
  });

  it('answers 401 to a bad deep.rent signature, a stale timestamp or no signature, and records nothing', async () => {
    const before = await lastSeq();
    const body = fixture('deeprent-protocol-generated.json');
    const otherSecret = `whsec_${Buffer.from('some-other-signing-key-entirely!').toString('base64')}`;
    const forged = await postWebhook(app.url, 'deeprent', body, deeprentHeaders(body, { secret: otherSecret }));
    expect(forged.status).toBe(401);
    const stale = await postWebhook(app.url, 'deeprent', body, deeprentHeaders(body, { timestampSeconds: Math.floor(Date.now() / 1000) - 301 }));
    expect(stale.status).toBe(401);
    expect(JSON.parse(stale.body).message).toMatch(/webhook-timestamp/);
    const tampered = await postWebhook(app.url, 'deeprent', body.replace('Handover', 'Move-out'), deeprentHeaders(body));
    expect(tampered.status).toBe(401);
    const unsigned = await postWebhook(app.url, 'deeprent', body, {});
    expect(unsigned.status).toBe(401);
    expect(await lastSeq()).toBe(before);
  });

  it('answers 413 to a body over 1 MB, 400 to JSON it cannot read, and records nothing', async () => {
    const before = await lastSeq();
    const huge = JSON.stringify({ type: 'INSERT', table: 'units', record: { id: 1, key_access: 'x'.repeat(1_100_000) }, old_record: null });
    expect((await postWebhook(app.url, 'rentengine', huge, rentengineHeaders())).status).toBe(413);
    expect((await postWebhook(app.url, 'rentengine', '{"type": "INSERT", ', rentengineHeaders())).status).toBe(400);
    expect((await postWebhook(app.url, 'rentengine', '[1, 2, 3]', rentengineHeaders())).status).toBe(400);
    const garbled = '{not json';
    expect((await postWebhook(app.url, 'deeprent', garbled, deeprentHeaders(garbled))).status).toBe(400);
    expect(await lastSeq()).toBe(before);
  });

  it('parks an unknown table or event with 202, once, and counts it', async () => {
    const before = await lastSeq();
    const parkedBefore = await app.services.events.log.parkedCount();
    // The overview's envelope example, placeholders and all: authentic, but no table we know.
    const example = fixture('rentengine-envelope-example.json');
    const first = await postWebhook(app.url, 'rentengine', example, rentengineHeaders('msg_example'));
    expect(first.status).toBe(202);
    expect(JSON.parse(first.body)).toMatchObject({ status: 'parked' });
    expect((await postWebhook(app.url, 'rentengine', example, rentengineHeaders('msg_example'))).status).toBe(202);
    const unknownTable = JSON.stringify({ type: 'INSERT', table: 'work_orders', record: { id: 1 }, old_record: null });
    expect((await postWebhook(app.url, 'rentengine', unknownTable, rentengineHeaders())).status).toBe(202);
    const unknownEvent = JSON.stringify({ event: 'protocol.archived', orgId: 'org', protocol: {} });
    expect((await postWebhook(app.url, 'deeprent', unknownEvent, deeprentHeaders(unknownEvent))).status).toBe(202);
    expect(await app.services.events.log.parkedCount()).toBe(parkedBefore + 3);
    expect(await lastSeq()).toBe(before);
    const metrics = await (await request(`${app.url}/metrics`)).body.text();
    expect(metrics).toMatch(/rentgraph_webhooks\{vendor="RENTENGINE",outcome="parked"\} 2/);
    expect(metrics).toMatch(/rentgraph_webhooks\{vendor="DEEPRENT",outcome="parked"\} 1/);
    expect(metrics).toMatch(/rentgraph_webhooks\{vendor="RENTENGINE",outcome="rejected"\} [1-9]/);
  });

  it('records the same delivery five times over as one event, also when the five arrive at once', async () => {
    const body = fixture('rentengine-leasing-event.json').replace('90412', '90413');
    const before = await lastSeq();
    for (let i = 0; i < 5; i++) expect((await postWebhook(app.url, 'rentengine', body, rentengineHeaders('msg_sequential'))).status).toBe(200);
    expect(await lastSeq()).toBe(before + 1);
    const answers = await Promise.all(Array.from({ length: 5 }, () => postWebhook(app.url, 'rentengine', body, rentengineHeaders('msg_concurrent'))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.filter((a) => JSON.parse(a.body).status === 'accepted')).toHaveLength(1);
    expect(await lastSeq()).toBe(before + 2);
    // deep.rent names a delivery by webhook-id.
    const signed = fixture('deeprent-protocol-generated.json').replace('Jwlo-Qe8a-3dSn-OQ-w', 'Dupe-Qe8a-3dSn-OQ-w');
    const same = deeprentHeaders(signed, { id: 'msg_same_delivery' });
    const deliveries = await Promise.all(Array.from({ length: 5 }, () => postWebhook(app.url, 'deeprent', signed, same)));
    expect(deliveries.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await lastSeq()).toBe(before + 3);
    // Without a delivery id, the body's hash is the key.
    const tokenOnly = { 'x-api-token': rentengineHeaders()['x-api-token']! };
    const unnamed = body.replace('90413', '90414');
    const hashed = await Promise.all(Array.from({ length: 5 }, () => postWebhook(app.url, 'rentengine', unnamed, tokenOnly)));
    expect(hashed.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await lastSeq()).toBe(before + 4);
  });

  it('drops the cached reads of the vendor an event is about', async () => {
    const cache = app.services.cache;
    let loads = 0;
    const load = async () => ++loads;
    await cache.get('RENTENGINE', 'units:all', 60_000, load);
    await cache.get('DEEPRENT', 'protocols', 60_000, load);
    expect(await cache.get('RENTENGINE', 'units:all', 60_000, load)).toBe(1);
    expect((await postWebhook(app.url, 'rentengine', fixture('rentengine-unit-update.json'), rentengineHeaders())).status).toBe(200);
    expect(await cache.get('RENTENGINE', 'units:all', 60_000, load)).toBe(3);
    expect(await cache.get('DEEPRENT', 'protocols', 60_000, load)).toBe(2);
  });
});
