import { randomBytes, randomUUID } from 'node:crypto';
import { createWebhookSender, type WebhookSender, type WebhookStats } from '../kit/webhooks.js';
import { signStandardWebhook } from './signing.js';

export const WEBHOOK_EVENTS = ['protocol.generated', 'protocol.deleted'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export function isWebhookEvent(value: unknown): value is WebhookEvent {
  return typeof value === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

export interface Subscription {
  id: string;
  orgId: string;
  name: string | null;
  event: WebhookEvent;
  url: string;
  active: boolean;
  createdAt: string;
}

/** The Standard Webhooks schedule after the first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const STANDARD_WEBHOOKS_RETRY_MILLIS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000] as const;

/**
 * Webhook subscriptions of the organization and their outbound delivery. Each
 * subscription has its own signing secret, generated at creation and never returned
 * by the management endpoints.
 */
export class Subscriptions {
  private readonly items = new Map<string, { subscription: Subscription; secret: string }>();
  private readonly sender: WebhookSender;

  /**
   * @param retryScale factor on the Standard Webhooks schedule; 0.001 turns 5 s into 5 ms.
   * @param now the vendor's clock: creation times and each attempt's webhook-timestamp.
   */
  constructor(private readonly orgId: string, retryScale: number, private readonly now: () => Date) {
    this.sender = createWebhookSender({ retryDelaysMillis: STANDARD_WEBHOOKS_RETRY_MILLIS.map((ms) => ms * retryScale) });
  }

  list(): Subscription[] {
    return [...this.items.values()].map((item) => ({ ...item.subscription }));
  }

  get(id: string): Subscription | undefined {
    const item = this.items.get(id);
    return item === undefined ? undefined : { ...item.subscription };
  }

  /** `secret` defaults to a fresh "whsec_" secret. */
  create(fields: { name: string | null; event: WebhookEvent; url: string; active: boolean }, secret?: string): Subscription {
    const subscription: Subscription = { id: `wh_${randomUUID()}`, orgId: this.orgId, ...fields, createdAt: this.now().toISOString() };
    this.items.set(subscription.id, { subscription, secret: secret ?? `whsec_${randomBytes(24).toString('base64')}` });
    return { ...subscription };
  }

  update(id: string, fields: Partial<Pick<Subscription, 'name' | 'event' | 'url' | 'active'>>): Subscription | undefined {
    const item = this.items.get(id);
    if (item === undefined) return undefined;
    Object.assign(item.subscription, fields);
    return { ...item.subscription };
  }

  delete(id: string): boolean {
    return this.items.delete(id);
  }

  secretOf(id: string): string | undefined {
    return this.items.get(id)?.secret;
  }

  /**
   * Sends `{event, orgId, protocol}` to every active subscription of `event`. Resolves
   * once every delivery succeeded or gave up; callers that must not wait ignore it.
   */
  async publish(event: WebhookEvent, protocol: unknown): Promise<boolean[]> {
    const body = JSON.stringify({ event, orgId: this.orgId, protocol });
    const targets = [...this.items.values()].filter((item) => item.subscription.active && item.subscription.event === event);
    return Promise.all(targets.map(({ subscription, secret }) => {
      // One id for the delivery; timestamp and signature are fresh on every attempt
      // so a retry hours later still passes the receiver's 300 s tolerance.
      const webhookId = `msg_${randomBytes(16).toString('base64url')}`;
      return this.sender.send({
        url: subscription.url,
        body,
        headers: () => {
          const timestamp = Math.floor(this.now().getTime() / 1000);
          return {
            'webhook-id': webhookId,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signStandardWebhook(secret, webhookId, timestamp, body),
          };
        },
      });
    }));
  }

  stats(): WebhookStats {
    return this.sender.stats();
  }

  close(): void {
    this.sender.close();
  }
}
