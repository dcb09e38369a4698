import { randomUUID } from 'node:crypto';
import { createWebhookSender, type WebhookStats } from '../kit/webhooks.js';
import type { Change } from './store.js';
import type { Unit } from './types.js';

/**
 * RentEngine's outbound webhooks (rentengine.md, ASSUMPTIONS.md): POST
 * `{type, table, record, old_record}` with `x-api-token`, delivered through QStash,
 * which names each delivery `Upstash-Message-Id: msg_...` (the same on every retry)
 * and counts retries in `Upstash-Retried`.
 */

/** QStash's retry schedule: about 12 s, 2.5 min, 30 min, 6 h, then daily (three more days). */
export const QSTASH_RETRY_DELAYS_MILLIS: readonly number[] = [12_000, 150_000, 1_800_000, 21_600_000, 86_400_000, 86_400_000, 86_400_000];

/** The UnitsEvents fields the reference lists, plus `status` and `address` (ASSUMPTIONS.md). */
export const UNIT_WEBHOOK_FIELDS = [
  'id', 'property_type', 'highlighted_amenities', 'bedrooms', 'bathrooms', 'sqft', 'furnished', 'renovated',
  'num_parking_spots', 'laundry', 'target_rental_rate', 'is_occupied', 'earliest_move_in_date',
  'allow_cooperating_brokers', 'desired_lease_duration_months', 'pets_allowed', 'pet_restrictions',
  'hoa_app_required', 'hoa_app_fee', 'hoa_application_url', 'key_access', 'status', 'address',
] as const satisfies readonly (keyof Unit)[];

export type UnitWebhookRecord = Pick<Unit, (typeof UNIT_WEBHOOK_FIELDS)[number]>;

export function unitWebhookRecord(unit: Unit): UnitWebhookRecord {
  return Object.fromEntries(UNIT_WEBHOOK_FIELDS.map((field) => [field, unit[field]])) as UnitWebhookRecord;
}

export interface WebhookPayload {
  type: 'INSERT' | 'UPDATE' | 'DELETE';
  table: Change['table'];
  record: object | null;
  old_record: object | null;
}

export function webhookPayload(change: Change): WebhookPayload {
  switch (change.table) {
    case 'units':
      return { type: change.type, table: change.table, record: unitWebhookRecord(change.record), old_record: change.old_record === null ? null : unitWebhookRecord(change.old_record) };
    case 'prospects':
    case 'leasing_events':
    case 'lockbox_events':
      return { type: change.type, table: change.table, record: change.record, old_record: change.old_record };
    default: {
      const unreachable: never = change;
      throw new Error(`unknown webhook table in ${JSON.stringify(unreachable)}`);
    }
  }
}

export interface RentengineWebhookOptions {
  /** Subscriber URL; none = changes are not announced. */
  url: string | undefined;
  /** Sent as `x-api-token`. */
  token: string;
  /** Factor on QSTASH_RETRY_DELAYS_MILLIS. */
  retryScale: number;
}

export interface RentengineWebhooks {
  /** Queues one delivery; the body is fixed now, so later writes cannot change it. */
  emit(change: Change): void;
  stats(): WebhookStats;
  /** Resolves once every delivery queued so far got a 2xx or gave up. */
  idle(): Promise<void>;
  close(): void;
}

export function createRentengineWebhooks(options: RentengineWebhookOptions): RentengineWebhooks {
  const sender = createWebhookSender({ retryDelaysMillis: QSTASH_RETRY_DELAYS_MILLIS.map((d) => Math.round(d * options.retryScale)) });
  const pending = new Set<Promise<boolean>>();
  return {
    emit(change) {
      const url = options.url;
      if (url === undefined) return;
      const messageId = `msg_${randomUUID().replaceAll('-', '')}`;
      const delivery = sender.send({
        url,
        body: JSON.stringify(webhookPayload(change)),
        headers: (attempt) => ({ 'x-api-token': options.token, 'Upstash-Message-Id': messageId, 'Upstash-Retried': String(attempt) }),
      });
      pending.add(delivery);
      void delivery.finally(() => pending.delete(delivery));
    },
    stats: () => sender.stats(),
    idle: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    close: () => sender.close(),
  };
}
