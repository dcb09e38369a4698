import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createClient, type Client } from 'graphql-ws';
import { request } from 'undici';
import WebSocket from 'ws';
import { SIM_CREDENTIALS } from '../../src/simulators/credentials.js';
import { signStandardWebhook } from '../../src/simulators/deeprent/signing.js';

/** Helpers for the event tests: posting webhooks as the vendors do, and subscribing as a client does. */

export const fixture = (name: string): string => readFileSync(new URL(`../fixtures/webhooks/${name}`, import.meta.url), 'utf8');

export interface WebhookAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export async function postWebhook(baseUrl: string, vendor: 'rentengine' | 'deeprent', body: string | Buffer, headers: Record<string, string>): Promise<WebhookAnswer> {
  const response = await request(`${baseUrl}/webhooks/${vendor}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
}

/** A RentEngine `leasing_events` INSERT webhook body for leasing event `id`. */
export function leasingEventBody(id: number, fields: { eventType?: string; prospectId?: number; unitId?: number } = {}): string {
  return JSON.stringify({
    type: 'INSERT',
    table: 'leasing_events',
    record: {
      id,
      prospect_id: fields.prospectId ?? 55123,
      unit_id: fields.unitId ?? 3318,
      event_type: fields.eventType ?? 'Contacted, Awaiting Information',
      source: 'Email',
      notes: `step ${id}`,
      planned_date_time: null,
      created_at: new Date().toISOString(),
    },
    old_record: null,
  });
}

/** RentEngine's delivery headers with the simulators' token. */
export function rentengineHeaders(messageId = `msg_${randomUUID().replaceAll('-', '')}`, token: string = SIM_CREDENTIALS.rentengine.webhookToken): Record<string, string> {
  return { 'x-api-token': token, 'Upstash-Message-Id': messageId, 'Upstash-Retried': '0' };
}

/** Standard Webhooks headers signed with the simulators' deep.rent secret. */
export function deeprentHeaders(body: string, options: { id?: string; timestampSeconds?: number; secret?: string } = {}): Record<string, string> {
  const id = options.id ?? `msg_${randomUUID()}`;
  const timestamp = options.timestampSeconds ?? Math.floor(Date.now() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signStandardWebhook(options.secret ?? SIM_CREDENTIALS.deeprent.webhookSecret, id, timestamp, body),
  };
}

export interface Subscription<T> {
  /** Every result received so far, in order. */
  results: { data?: T | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }[];
  /** Resolves once `count` results arrived; rejects after `timeoutMillis`. */
  waitFor(count: number, timeoutMillis?: number): Promise<void>;
  /** Resolves when the subscription ended (completed or errored). */
  ended: Promise<void>;
  /** The close event of the socket, once closed. */
  closed: Promise<{ code: number; reason: string }>;
  socket: Promise<WebSocket>;
  dispose(): Promise<void>;
}

export function wsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}/graphql`;
}

const open = new Set<Subscription<unknown>>();

/** Disposes every subscription a test left open (for afterEach). */
export async function disposeAll(): Promise<void> {
  await Promise.allSettled([...open].map((sub) => sub.dispose()));
}

/** Opens its own graphql-ws connection for one subscription. */
export function subscribe<T = Record<string, unknown>>(baseUrl: string, query: string, variables: Record<string, unknown> = {}): Subscription<T> {
  let resolveClosed!: (event: { code: number; reason: string }) => void;
  let resolveSocket!: (socket: WebSocket) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (resolveClosed = resolve));
  const socket = new Promise<WebSocket>((resolve) => (resolveSocket = resolve));
  const client: Client = createClient({
    url: wsUrl(baseUrl),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    // Closes are asserted through `closed`; the default would print them.
    onNonLazyError: () => {},
    on: {
      connected: (s) => resolveSocket(s as WebSocket),
      closed: (event) => {
        const e = event as { code: number; reason: string | Buffer };
        resolveClosed({ code: e.code, reason: String(e.reason) });
      },
    },
  });
  const results: Subscription<T>['results'] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let endedResolve!: () => void;
  const ended = new Promise<void>((resolve) => (endedResolve = resolve));
  const settle = () => {
    for (const waiter of [...waiters]) {
      if (results.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        results.push(result as Subscription<T>['results'][number]);
        settle();
      },
      error: (error) => {
        const errors = Array.isArray(error) ? error : [{ message: String((error as Error).message ?? error) }];
        results.push({ errors });
        settle();
        endedResolve();
      },
      complete: () => endedResolve(),
    },
  );
  const subscription: Subscription<T> = {
    results,
    waitFor(count, timeoutMillis = 5_000) {
      if (results.length >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${count} results within ${timeoutMillis} ms, got ${results.length}: ${JSON.stringify(results).slice(0, 500)}`)), timeoutMillis);
        waiters.push({ count, resolve: () => { clearTimeout(timer); resolve(); } });
      });
    },
    ended,
    closed,
    socket,
    dispose: async () => {
      open.delete(subscription as Subscription<unknown>);
      await client.dispose();
    },
  };
  open.add(subscription as Subscription<unknown>);
  return subscription;
}

/** Waits until `check` returns true, polling every 10 ms. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMillis = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMillis} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const CHANGES = `subscription ($filter: ChangeFilter, $after: String) {
  changes(filter: $filter, after: $after) { cursor vendor type change previous receivedAt node { __typename } }
}`;

export const CHANGES_NO_NODE = `subscription ($filter: ChangeFilter, $after: String) {
  changes(filter: $filter, after: $after) { cursor vendor type change previous receivedAt }
}`;

export const LEASING = `subscription ($filter: LeasingEventFilter, $after: String) {
  leasingEvents(filter: $filter, after: $after) { cursor event { id vendor eventType stage occurredAt notes } }
}`;
