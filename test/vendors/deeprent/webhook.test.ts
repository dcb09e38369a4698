import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WebhookRequest } from '../../../src/ports/webhooks.js';
import { signStandardWebhook } from '../../../src/simulators/deeprent/signing.js';
import { checkStandardWebhookSignature, createDeeprentReceiver, interpretDeeprentWebhook } from '../../../src/vendors/deeprent/webhook.js';

const secret = `whsec_${Buffer.from('a-deep-rent-signing-key-for-tests').toString('base64')}`;
const body = readFileSync(new URL('../../fixtures/webhooks/deeprent-protocol-generated.json', import.meta.url), 'utf8');
const now = Date.parse('2025-06-14T08:00:00Z');
const nowSeconds = Math.floor(now / 1000);

function signed(overrides: Record<string, string> = {}, text = body): WebhookRequest {
  const headers = { 'webhook-id': 'msg_abc', 'webhook-timestamp': String(nowSeconds), ...overrides };
  const signature = signStandardWebhook(secret, headers['webhook-id'], Number(headers['webhook-timestamp']), body);
  return { headers: { 'webhook-signature': signature, ...headers }, rawBody: Buffer.from(text) };
}

describe('deep.rent webhook signatures (Standard Webhooks)', () => {
  it('accepts a correctly signed delivery and names it by webhook-id', () => {
    const receiver = createDeeprentReceiver({ secret, now: () => now });
    expect(receiver.verify(signed())).toEqual({ ok: true, deliveryId: 'msg_abc' });
  });

  it('accepts any one valid v1 signature among several', () => {
    const request = signed();
    const good = String(request.headers['webhook-signature']);
    const several = { ...request, headers: { ...request.headers, 'webhook-signature': `v1,AAAA v1a,ignored ${good}` } };
    expect(checkStandardWebhookSignature(secret, several, now)).toBeNull();
  });

  it('refuses a wrong signature, a changed body, another id, missing headers and timestamps outside 300 s', () => {
    expect(checkStandardWebhookSignature(secret, { ...signed(), headers: { ...signed().headers, 'webhook-signature': 'v1,Zm9yZ2Vk' } }, now)).toMatch(/does not match/);
    expect(checkStandardWebhookSignature(secret, signed({}, body.replace('Handover', 'Move-out')), now)).toMatch(/does not match/);
    const request = signed();
    expect(checkStandardWebhookSignature(secret, { ...request, headers: { ...request.headers, 'webhook-id': 'msg_other' } }, now)).toMatch(/does not match/);
    expect(checkStandardWebhookSignature(secret, { headers: {}, rawBody: Buffer.from(body) }, now)).toMatch(/webhook-id, webhook-timestamp and webhook-signature/);
    expect(checkStandardWebhookSignature(secret, signed({ 'webhook-timestamp': String(nowSeconds - 301) }), now)).toMatch(/301 s away/);
    expect(checkStandardWebhookSignature(secret, signed({ 'webhook-timestamp': String(nowSeconds + 400) }), now)).toMatch(/400 s away/);
    expect(checkStandardWebhookSignature(secret, signed({ 'webhook-timestamp': String(nowSeconds - 299) }), now)).toBeNull();
  });

  it('fails closed without a secret: every delivery is refused, signed or not, naming the variable', () => {
    const receiver = createDeeprentReceiver({ secret: null, now: () => now });
    expect(receiver.notConfigured).toContain('DEEPRENT_WEBHOOK_SECRET');
    const unsigned = { headers: { 'webhook-id': 'msg_1' }, rawBody: Buffer.from(body) };
    expect(receiver.verify(unsigned)).toMatchObject({ ok: false, reason: expect.stringContaining('DEEPRENT_WEBHOOK_SECRET') });
    expect(receiver.verify(signed())).toMatchObject({ ok: false });
    expect(createDeeprentReceiver({ secret }).notConfigured).toBeNull();
  });
});

describe('deep.rent webhook interpretation', () => {
  it('reads the documented payload as a created protocol at its object', () => {
    const meaning = interpretDeeprentWebhook(JSON.parse(body));
    expect(meaning).toMatchObject({
      kind: 'events',
      events: [{
        vendor: 'DEEPRENT', entityType: 'PROTOCOL', change: 'CREATED', externalId: 'Jwlo-Qe8a-3dSn-OQ-w', previous: null, prospectRef: null,
        unitRef: { vendor: 'DEEPRENT', externalId: '4IdD-3NdM-TrSm-dKGb' },
        node: { __typename: 'Protocol', cause: 'Handover', createdAt: '2025-01-15T10:30:00.000Z', contacts: [{ firstName: 'Max', role: 'RENTER' }] },
      }],
    });
  });

  it('reads protocol.deleted as DELETED, parks other events and calls non-envelopes malformed', () => {
    const payload = JSON.parse(body) as { event: string };
    expect(interpretDeeprentWebhook({ ...payload, event: 'protocol.deleted' })).toMatchObject({ kind: 'events', events: [{ change: 'DELETED' }] });
    expect(interpretDeeprentWebhook({ ...payload, event: 'protocol.signed' })).toMatchObject({ kind: 'park', reason: expect.stringContaining('protocol.signed') });
    expect(interpretDeeprentWebhook({ event: 'protocol.generated', orgId: 'o', protocol: { object: {} } })).toMatchObject({ kind: 'park' });
    expect(interpretDeeprentWebhook({ orgId: 'o' })).toMatchObject({ kind: 'malformed' });
  });
});
