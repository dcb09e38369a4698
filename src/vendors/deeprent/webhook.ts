import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { headerOf, type Interpretation, type Verification, type WebhookReceiver, type WebhookRequest } from '../../ports/webhooks.js';
import type { ChangeKind } from '../../domain/events.js';
import type { RecordWrite } from '../../ports/read-model.js';
import { toObjectRecord, toProtocolModel } from './map.js';
import { DEEPRENT_PROTOCOLS, protocolDrafts } from './resources.js';
import { rawProtocol } from './raw.js';

/**
 * deep.rent webhooks (docs/vendors.md, deep.rent): `{event, orgId,
 * protocol}` with the protocol snapshot, for protocol.generated and protocol.deleted.
 * The signature scheme is not documented yet; the gateway assumes Standard
 * Webhooks (webhook-id, webhook-timestamp, webhook-signature "v1,<base64 HMAC-SHA256 of
 * id.timestamp.body>", secret "whsec_<base64 key>", 300 s tolerance). That check is one
 * HMAC, written here with node:crypto rather than adding the `standardwebhooks` package.
 * With a secret configured anything else is refused; without one, every delivery is.
 */
export interface DeeprentReceiverOptions {
  /** DEEPRENT_WEBHOOK_SECRET ("whsec_<base64 key>"); null = every delivery is refused. */
  secret: string | null;
  /** Allowed distance between webhook-timestamp and now. Default 300. */
  toleranceSeconds?: number;
  now?: () => number;
}

const VENDOR = 'DEEPRENT' as const;

/** Null when the request is signed with `secret`; else what is wrong. */
export function checkStandardWebhookSignature(secret: string, request: WebhookRequest, nowMillis: number, toleranceSeconds = 300): string | null {
  const webhookId = headerOf(request, 'webhook-id');
  const timestamp = headerOf(request, 'webhook-timestamp');
  const signatures = headerOf(request, 'webhook-signature');
  if (webhookId === null || timestamp === null || signatures === null) {
    return 'expected the webhook-id, webhook-timestamp and webhook-signature headers (Standard Webhooks)';
  }
  if (!/^\d{1,12}$/.test(timestamp)) return `expected webhook-timestamp in unix seconds, got ${JSON.stringify(timestamp.slice(0, 20))}`;
  const skew = Math.abs(nowMillis / 1000 - Number(timestamp));
  if (skew > toleranceSeconds) return `webhook-timestamp is ${Math.round(skew)} s away from now (at most ${toleranceSeconds} s allowed)`;
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  const expected = createHmac('sha256', key).update(`${webhookId}.${timestamp}.`).update(request.rawBody).digest();
  const matches = signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || value === undefined) return false;
    const received = Buffer.from(value, 'base64');
    return received.length === expected.length && timingSafeEqual(received, expected);
  });
  return matches ? null : 'webhook-signature does not match DEEPRENT_WEBHOOK_SECRET for this body';
}

const envelope = z.object({ event: z.string(), orgId: z.unknown(), protocol: z.unknown() });

const CHANGE_OF_EVENT: Readonly<Record<string, ChangeKind>> = { 'protocol.generated': 'CREATED', 'protocol.deleted': 'DELETED' };

export function interpretDeeprentWebhook(payload: unknown): Interpretation {
  const parsed = envelope.safeParse(payload);
  if (!parsed.success) return { kind: 'malformed', reason: 'expected a deep.rent webhook {event, orgId, protocol} with a string event' };
  const { event, protocol } = parsed.data;
  const change = Object.hasOwn(CHANGE_OF_EVENT, event) ? CHANGE_OF_EVENT[event]! : null;
  if (change === null) return { kind: 'park', reason: `unknown event ${JSON.stringify(event)} (expected ${Object.keys(CHANGE_OF_EVENT).join(' or ')})` };
  const snapshot = rawProtocol.safeParse(protocol);
  if (!snapshot.success) {
    const issue = snapshot.error.issues[0]!;
    return { kind: 'park', reason: `a protocol snapshot with ${['protocol', ...issue.path.map(String)].join('.')}: ${issue.message}` };
  }
  const node = toProtocolModel(snapshot.data, protocol);
  // A deleted protocol's object stays while other protocols may be about it; the next complete read settles it.
  const object = snapshot.data.object === null || snapshot.data.object === undefined ? null : toObjectRecord(snapshot.data.object, (protocol as { object?: unknown }).object);
  const records: RecordWrite = change === 'DELETED'
    ? { resource: DEEPRENT_PROTOCOLS, deletes: [{ kind: 'PROTOCOL', vendor: VENDOR, externalId: node.externalId }] }
    : { resource: DEEPRENT_PROTOCOLS, upserts: protocolDrafts(node, object) };
  return {
    kind: 'events',
    events: [{ vendor: VENDOR, entityType: 'PROTOCOL', change, externalId: node.externalId, unitRef: node.object, prospectRef: null, node, previous: null }],
    records: [records],
  };
}

export const DEEPRENT_NOT_CONFIGURED =
  'deep.rent webhooks are refused: DEEPRENT_WEBHOOK_SECRET is not set; set it to the signing secret of the webhook endpoint (whsec_<base64 key>) to receive them';

export function createDeeprentReceiver(options: DeeprentReceiverOptions): WebhookReceiver {
  const now = options.now ?? Date.now;
  const secret = options.secret;
  return {
    vendor: VENDOR,
    path: 'deeprent',
    deliveryIdHeader: 'webhook-id',
    notConfigured: secret === null ? DEEPRENT_NOT_CONFIGURED : null,
    verify(request): Verification {
      if (secret === null) return { ok: false, reason: DEEPRENT_NOT_CONFIGURED };
      const problem = checkStandardWebhookSignature(secret, request, now(), options.toleranceSeconds);
      return problem === null ? { ok: true, deliveryId: headerOf(request, 'webhook-id') } : { ok: false, reason: problem };
    },
    interpret: interpretDeeprentWebhook,
  };
}
