import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WebhookRequest } from '../../../src/ports/webhooks.js';
import { checkQstashSignature, signQstash } from '../../../src/vendors/rentengine/qstash.js';
import { createRentengineReceiver, interpretRentengineWebhook } from '../../../src/vendors/rentengine/webhook.js';
import { LEASING_STAGE_BY_EVENT_TYPE } from '../../../src/vendors/rentengine/stages.js';
import { LEASING_EVENT_TYPES } from '../../../src/simulators/rentengine/types.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/webhooks/${name}`, import.meta.url), 'utf8');
const req = (headers: Record<string, string>, body = '{}'): WebhookRequest => ({ headers, rawBody: Buffer.from(body) });

describe('RentEngine webhook interpretation', () => {
  it('reads the documented unit record as a UNIT update with the old record kept', () => {
    const meaning = interpretRentengineWebhook(JSON.parse(fixture('rentengine-unit-update.json')));
    expect(meaning.kind).toBe('events');
    if (meaning.kind !== 'events') return;
    expect(meaning.events).toHaveLength(1);
    expect(meaning.events[0]).toMatchObject({
      vendor: 'RENTENGINE', entityType: 'UNIT', change: 'UPDATED', externalId: '3318', unitRef: { vendor: 'RENTENGINE', externalId: '3318' }, prospectRef: null,
      node: { vendor: 'RENTENGINE', externalId: '3318', bedrooms: 3, bathrooms: 2, squareFeet: 1378 },
      previous: { target_rental_rate: '1900' },
    });
  });

  it.each([
    ['prospects', { id: 55, name: 'Ana Ruiz', email: 'ana@example.com', phone: '5550100', status: 'New', source: 'Zillow', unit_of_interest: 3318, created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z' },
      { entityType: 'PROSPECT', externalId: '55', unitRef: { externalId: '3318' }, prospectRef: { externalId: '55' }, node: { __typename: 'Prospect', status: 'New' } }],
    ['leasing_events', { id: 9, prospect_id: 55, unit_id: null, event_type: 'Lease Signed', source: null, notes: 'signed', planned_date_time: null, created_at: '2025-01-02T00:00:00' },
      { entityType: 'LEASING_EVENT', externalId: '9', unitRef: null, prospectRef: { externalId: '55' }, node: { __typename: 'LeasingEvent', stage: 'LEASE_SIGNED', occurredAt: '2025-01-02T00:00:00.000Z' } }],
    ['lockbox_events', { id: 'le-1', lockbox_id: 'lb-1', event_type: 'Install', unit_id: '3318', account_id: 'acc', created_at: '2025-01-03T00:00:00Z', metadata: {} },
      { entityType: 'LOCKBOX_EVENT', externalId: 'le-1', unitRef: { externalId: '3318' }, prospectRef: null, node: { __typename: 'LockboxEvent', eventType: 'INSTALL' } }],
  ])('reads an INSERT on %s', (table, record, expected) => {
    const meaning = interpretRentengineWebhook({ type: 'INSERT', table, record, old_record: null });
    expect(meaning).toMatchObject({ kind: 'events', events: [{ change: 'CREATED', previous: null, ...expected }] });
  });

  it('gives each of the 43 documented leasing event types its stage from the table', () => {
    expect(LEASING_EVENT_TYPES).toHaveLength(43);
    for (const [i, eventType] of LEASING_EVENT_TYPES.entries()) {
      const record = { id: i + 1, prospect_id: 7, unit_id: 3318, event_type: eventType, source: null, notes: null, planned_date_time: null, created_at: '2025-01-01T00:00:00Z' };
      const meaning = interpretRentengineWebhook({ type: 'INSERT', table: 'leasing_events', record, old_record: null });
      expect(meaning).toMatchObject({ kind: 'events', events: [{ node: { eventType, stage: LEASING_STAGE_BY_EVENT_TYPE[eventType] } }] });
    }
  });

  it('reads a DELETE from old_record', () => {
    const oldRecord = { id: 55, name: 'Ana', email: null, phone: null, status: 'Withdrawn', source: null, unit_of_interest: null, created_at: null, updated_at: null };
    const meaning = interpretRentengineWebhook({ type: 'DELETE', table: 'prospects', record: null, old_record: oldRecord });
    expect(meaning).toMatchObject({ kind: 'events', events: [{ change: 'DELETED', externalId: '55', previous: oldRecord }] });
  });

  it('parks an unknown table, an unknown change type and a record without the table shape', () => {
    expect(interpretRentengineWebhook({ type: 'INSERT', table: 'work_orders', record: {}, old_record: null })).toMatchObject({ kind: 'park', reason: expect.stringContaining('unknown table "work_orders"') });
    expect(interpretRentengineWebhook({ type: 'TRUNCATE', table: 'units', record: null, old_record: null })).toMatchObject({ kind: 'park', reason: expect.stringContaining('TRUNCATE') });
    expect(interpretRentengineWebhook({ type: 'INSERT', table: 'leasing_events', record: { id: 1 }, old_record: null })).toMatchObject({ kind: 'park', reason: expect.stringContaining('created_at') });
    expect(interpretRentengineWebhook({ type: 'UPDATE', table: 'units', record: null, old_record: null })).toMatchObject({ kind: 'park' });
  });

  it('calls anything without a string type and table malformed', () => {
    expect(interpretRentengineWebhook([1, 2])).toMatchObject({ kind: 'malformed' });
    expect(interpretRentengineWebhook({ table: 'units', record: {} })).toMatchObject({ kind: 'malformed' });
  });
});

describe('RentEngine webhook credentials', () => {
  const body = '{"type":"INSERT","table":"units","record":{"id":1},"old_record":null}';

  it('accepts the configured x-api-token and names the delivery by Upstash-Message-Id', () => {
    const receiver = createRentengineReceiver({ token: 'hook-token', qstashSigningKeys: [] });
    expect(receiver.verify(req({ 'x-api-token': 'hook-token', 'upstash-message-id': 'msg_1' }))).toEqual({ ok: true, deliveryId: 'msg_1' });
    expect(receiver.verify(req({ 'x-api-token': 'hook-token' }))).toEqual({ ok: true, deliveryId: null });
    expect(receiver.verify(req({ 'x-api-token': 'hook-tokeN' }))).toMatchObject({ ok: false });
    expect(receiver.verify(req({ 'x-api-token': 'hook-token-and-more' }))).toMatchObject({ ok: false });
    expect(receiver.verify(req({}))).toMatchObject({ ok: false, reason: expect.stringContaining('x-api-token') });
  });

  it('fails closed without a token: every delivery is refused, whatever it carries, naming the variable', () => {
    const receiver = createRentengineReceiver({ token: null, qstashSigningKeys: [] });
    expect(receiver.notConfigured).toContain('RENTENGINE_WEBHOOK_TOKEN');
    expect(receiver.verify(req({}))).toMatchObject({ ok: false, reason: expect.stringContaining('RENTENGINE_WEBHOOK_TOKEN') });
    expect(receiver.verify(req({ 'x-api-token': '' }))).toMatchObject({ ok: false });
    expect(receiver.verify(req({ 'x-api-token': 'anything' }))).toMatchObject({ ok: false });
    expect(createRentengineReceiver({ token: 'hook-token', qstashSigningKeys: [] }).notConfigured).toBeNull();
  });

  it('also requires a valid Upstash-Signature when QStash signing keys are configured', () => {
    const receiver = createRentengineReceiver({ token: 'hook-token', qstashSigningKeys: ['sig_current', 'sig_next'] });
    const headers = { 'x-api-token': 'hook-token' };
    expect(receiver.verify(req(headers, body))).toMatchObject({ ok: false, reason: expect.stringContaining('Upstash-Signature') });
    expect(receiver.verify(req({ ...headers, 'upstash-signature': signQstash('sig_current', body) }, body))).toMatchObject({ ok: true });
    expect(receiver.verify(req({ ...headers, 'upstash-signature': signQstash('sig_next', body) }, body))).toMatchObject({ ok: true });
    expect(receiver.verify(req({ ...headers, 'upstash-signature': signQstash('sig_other', body) }, body))).toMatchObject({ ok: false });
    expect(receiver.verify(req({ 'x-api-token': 'wrong', 'upstash-signature': signQstash('sig_current', body) }, body))).toMatchObject({ ok: false });
  });

  it('checks the QStash JWT claims: body hash, expiry, issuer, algorithm', () => {
    const keys = { signingKeys: ['k'] };
    const raw = Buffer.from(body);
    expect(checkQstashSignature(signQstash('k', body), raw, keys)).toBeNull();
    expect(checkQstashSignature(signQstash('k', '{"other":1}'), raw, keys)).toMatch(/different body/);
    expect(checkQstashSignature(signQstash('k', body, { nowMillis: Date.now() - 3_600_000 }), raw, keys)).toMatch(/expired/);
    expect(checkQstashSignature('not-a-jwt', raw, keys)).toMatch(/three dot-separated parts/);
    const [, payload, signature] = signQstash('k', body).split('.');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(checkQstashSignature(`${none}.${payload}.${signature}`, raw, keys)).toMatch(/HS256/);
  });
});
