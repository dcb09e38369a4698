import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import { request } from 'undici';
import WebSocket from 'ws';
import type { Scope } from '../../src/access/scopes.js';
import type { AuditLogTable } from '../../src/store/tables.js';
import { afterAll, beforeAll } from 'vitest';
import { startTestApp, type TestApp } from '../utils/app.js';

/** Client keys for access tests: one per scope, and one with all four. */
export const KEYS = {
  reader: { key: 'reader-key-0f3c9a71d2b84e65', scopes: ['READ'] },
  writer: { key: 'writer-key-8b21c6e0947f3da5', scopes: ['WRITE'] },
  subscriber: { key: 'subscriber-key-5d7e2a9c14b0', scopes: ['SUBSCRIBE'] },
  admin: { key: 'admin-key-3e8f1b6c9d20a475', scopes: ['ADMIN'] },
  operator: { key: 'operator-key-a4c7e19f0b3d62', scopes: ['READ', 'SUBSCRIBE', 'WRITE', 'ADMIN'] },
} satisfies Record<string, { key: string; scopes: Scope[] }>;

export type KeyName = keyof typeof KEYS;

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** A keys file entry; `hashed` lists the key's SHA-256 instead of the key. */
export function entry(name: string, key: string, scopes: readonly string[], hashed = false): Record<string, unknown> {
  return hashed ? { name, sha256: sha256Hex(key), scopes } : { name, key, scopes };
}

/** The KEYS as a keys file: readers and writers by digest, the others in plain text. */
export function keysFileEntries(names: readonly KeyName[] = Object.keys(KEYS) as KeyName[]): Record<string, unknown>[] {
  return names.map((name) => entry(name, KEYS[name].key, KEYS[name].scopes, name === 'reader' || name === 'writer'));
}

/** A folder for a test's files, removed by `remove()`. */
export function tempFolder(): { path(name: string): string; write(name: string, content: unknown): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'rentgraph-access-'));
  return {
    path: (name) => join(dir, name),
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const bearer = (name: KeyName): Record<string, string> => ({ authorization: `Bearer ${KEYS[name].key}` });

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions: Record<string, unknown> }[] };
}

/** POSTs a GraphQL request body as given (query, extensions, documentId, ...). */
export async function post(app: TestApp, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const response = await request(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.statusCode, headers: response.headers, body: (await response.body.json()) as HttpAnswer['body'] };
}

/** The audit log's rows as stored, newest first. */
export async function auditRows(app: TestApp): Promise<(Omit<AuditLogTable, 'id'> & { id: number })[]> {
  return (await app.services.store.read.selectFrom('audit_log').selectAll().orderBy('id', 'desc').execute()) as (Omit<AuditLogTable, 'id'> & { id: number })[];
}

export interface WsResult {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

export interface WsOperation {
  results: WsResult[];
  /** Resolves once `count` results arrived (an error counts as one). */
  waitFor(count: number, timeoutMillis?: number): Promise<void>;
  /** The first result: a query's answer, or a refusal. */
  first(): Promise<WsResult>;
}

export interface WsSession {
  /** Resolves with the socket's close code and reason once it closed. */
  closed: Promise<{ code: number; reason: string }>;
  start(payload: { query: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown>; documentId?: string }): WsOperation;
  dispose(): Promise<void>;
}

/** One graphql-ws connection with these connectionParams, for several operations. */
export function wsSession(app: TestApp, connectionParams: Record<string, unknown>): WsSession {
  let resolveClosed!: (event: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (resolveClosed = resolve));
  const client: Client = createClient({
    url: `${app.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams,
    onNonLazyError: () => {},
    on: { closed: (event) => resolveClosed({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }) },
  });
  return {
    closed,
    start(payload) {
      const results: WsResult[] = [];
      const waiters: { count: number; resolve: () => void }[] = [];
      const settle = () => {
        for (const waiter of [...waiters]) {
          if (results.length < waiter.count) continue;
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      };
      // graphql-ws sends the payload as given; documentId rides along as trusted-documents clients send it.
      client.subscribe(payload as { query: string }, {
        next: (result) => {
          results.push(result as WsResult);
          settle();
        },
        error: (error) => {
          results.push({ errors: Array.isArray(error) ? (error as NonNullable<WsResult['errors']>) : [{ message: String((error as { reason?: string; message?: string }).reason ?? (error as Error).message) }] });
          settle();
        },
        complete: () => {},
      });
      const operation: WsOperation = {
        results,
        waitFor(count, timeoutMillis = 5_000) {
          if (results.length >= count) return Promise.resolve();
          return new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`expected ${count} results within ${timeoutMillis} ms, got ${JSON.stringify(results).slice(0, 400)}`)), timeoutMillis);
            waiters.push({ count, resolve: () => { clearTimeout(timer); resolve(); } });
          });
        },
        async first() {
          await operation.waitFor(1);
          return results[0]!;
        },
      };
      return operation;
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}

/**
 * A gateway for a describe block, serving the KEYS from a keys file plus `env`: started
 * in beforeAll, closed in afterAll. Call the returned function inside tests.
 */
export function gatewayWithKeys(env: Record<string, string> = {}, options: { rentrollUnits?: number; files?: ReturnType<typeof tempFolder> } = {}): () => TestApp {
  const files = options.files ?? tempFolder();
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: options.rentrollUnits ?? 20, env: { RENTGRAPH_API_KEYS_FILE: files.write('keys.json', keysFileEntries()), ...env } });
  });
  afterAll(async () => {
    await app?.close();
    files.remove();
  });
  return () => {
    if (app === undefined) throw new Error('the gateway is started in beforeAll');
    return app;
  };
}
