import { createHash, timingSafeEqual } from 'node:crypto';
import type { Vendor } from '../domain/vendor.js';
import type { NewEvent } from '../domain/events.js';
import type { RecordWrite } from './read-model.js';

/**
 * What a vendor's webhook module (vendors/<vendor>/webhook.ts) gives the intake: how
 * to check a delivery's credential over the raw bytes, and what the parsed payload
 * means. The intake does the rest (limits, dedupe, durable append, answers).
 */
export interface WebhookRequest {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body exactly as received; signatures are computed over these bytes. */
  rawBody: Buffer;
}

export type Verification =
  | { ok: true; /** The vendor's id for this delivery, the same on every retry; null when it sent none. */ deliveryId: string | null }
  | { ok: false; /** Why, for the 401 answer and the log; never echoes a secret. */ reason: string };

export type Interpretation =
  /** `records`: what the delivery changes in the read model, written in the transaction that appends its events. */
  | { kind: 'events'; events: NewEvent[]; records?: readonly RecordWrite[] }
  /** Authentic but not understood (an unknown table or event): kept, answered 202, never retried. */
  | { kind: 'park'; reason: string }
  /** Not this vendor's webhook format at all: answered 400. */
  | { kind: 'malformed'; reason: string };

export interface WebhookReceiver {
  vendor: Vendor;
  /** Served at /webhooks/<path>. */
  path: string;
  /**
   * Null when deliveries can be verified. Otherwise no secret is configured, nothing sent
   * can be told from a forgery, and every delivery is refused: this says so and names
   * the variable that turns the webhook on (logged once at start, sent with each 401).
   */
  notConfigured: string | null;
  /** The header that names a delivery (the same on every retry), for messages about it. */
  deliveryIdHeader: string;
  /** Fails closed: without a secret every request is refused. */
  verify(request: WebhookRequest): Verification;
  interpret(payload: unknown): Interpretation;
}

/** One header's value; a repeated header counts as absent, since which copy to trust is unclear. */
export function headerOf(request: WebhookRequest, name: string): string | null {
  const value = request.headers[name.toLowerCase()];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

const digest = (text: string | Buffer) => createHash('sha256').update(text).digest();

/** Compares secrets in time independent of where (or whether lengths) they differ. */
export function secretsEqual(received: string, expected: string): boolean {
  return timingSafeEqual(digest(received), digest(expected));
}
