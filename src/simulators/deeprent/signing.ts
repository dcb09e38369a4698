import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks signing (ASSUMPTIONS.md): the key is the base64 after "whsec_",
 * the signed content is "<webhook-id>.<webhook-timestamp>.<raw body>", and the header
 * value is "v1,<base64 HMAC-SHA256>".
 */
export function signStandardWebhook(secret: string, webhookId: string, timestampSeconds: number, body: string): string {
  if (!secret.startsWith('whsec_')) throw new TypeError(`expected a secret written "whsec_<base64 key>", got one starting "${secret.slice(0, 6)}"`);
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const mac = createHmac('sha256', key).update(`${webhookId}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}
