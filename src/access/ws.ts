import { getOperationAST, type ExecutionArgs, type GraphQLError } from 'graphql';
import type { Context, SubscribePayload } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { ClientKeyGate } from '../http/client-keys.js';
import type { AuditLog } from './audit-log.js';
import type { Keyring } from './keyring.js';
import { refusalOf } from './operation-scopes.js';
import { recordRefusedMutation } from './plugin.js';
import type { ClientRateLimiter } from './rate-limit.js';
import { hasScope, type Client } from './scopes.js';
import { resolveTrustedDocument, type TrustedDocuments } from './trusted-documents.js';

/**
 * Access rules on graphql-ws. A connection authenticates once, in `connection_init`
 * (refused: closed with 4403). Each operation it starts then takes a token of the
 * client's rate limit, must be a trusted document when a manifest is set, and needs the
 * scope of its root fields: a query or mutation without it gets an `error` message coded
 * FORBIDDEN (a mutation is recorded in the audit log) and the connection stays open; a
 * subscription without SUBSCRIBE closes the connection with 4403.
 *
 * When the keys are reloaded (SIGHUP), every open connection is checked against them: one
 * whose key is gone (or rotated) is closed with 4403, as is one that holds subscriptions
 * but whose key lost SUBSCRIBE; the others carry on with their key's new scopes.
 */
export type WsContext = Context<Record<string, unknown>, Extra>;

export interface WsAccess {
  /** For graphql-ws's onConnect: false closes the connection with 4403. */
  onConnect(ctx: WsContext): boolean;
  /** The client a connection's operations run as now. */
  clientOf(ctx: WsContext): Client;
  /** For graphql-ws's onSubscribe, around the document cache's `prepare`. */
  onSubscribe(ctx: WsContext, payload: SubscribePayload, prepare: (payload: SubscribePayload) => ExecutionArgs | GraphQLError[]): Promise<ExecutionArgs | GraphQLError[]>;
}

export const FORBIDDEN_CLOSE = 4403;

interface Connection {
  ctx: WsContext;
  client: Client;
  /** The digest of the key it authenticated with; null in loopback-only mode. */
  digest: Buffer | null;
}

/** A close reason, kept within the 123 bytes a websocket close frame allows. */
const reason = (text: string) => (Buffer.byteLength(text) <= 123 ? text : `${Buffer.from(text).subarray(0, 120).toString()}…`);

export interface WsAccessOptions {
  gate: ClientKeyGate;
  keyring: Keyring;
  audit: AuditLog;
  rateLimiter: ClientRateLimiter | null;
  documents: TrustedDocuments | null;
}

export function createWsAccess(options: WsAccessOptions): WsAccess {
  const { gate, keyring, audit, rateLimiter, documents } = options;
  const connections = new Map<WsContext, Connection>();

  keyring.onChange(() => {
    for (const connection of connections.values()) {
      if (connection.digest === null) continue;
      const client = keyring.clientOfDigest(connection.digest);
      const socket = connection.ctx.extra.socket;
      if (client === null) {
        socket.close(FORBIDDEN_CLOSE, reason(`Forbidden: the key "${connection.client.name}" is no longer accepted`));
        continue;
      }
      connection.client = client;
      const subscribed = Object.keys(connection.ctx.subscriptions).length > 0;
      if (subscribed && !hasScope(client, 'SUBSCRIBE')) socket.close(FORBIDDEN_CLOSE, reason(`Forbidden: the key "${client.name}" no longer has the SUBSCRIBE scope`));
    }
  });

  const connectionOf = (ctx: WsContext): Connection => {
    const connection = connections.get(ctx);
    // graphql-ws runs operations only on acknowledged connections, which onConnect registered.
    if (connection === undefined) throw new Error('an operation on a graphql-ws connection that onConnect did not accept');
    return connection;
  };

  return {
    onConnect(ctx) {
      const verdict = gate.connectionClient(ctx.connectionParams, ctx.extra.request.socket.remoteAddress);
      if (!('client' in verdict)) return false;
      connections.set(ctx, { ctx, client: verdict.client, digest: verdict.digest });
      ctx.extra.socket.once('close', () => connections.delete(ctx));
      return true;
    },
    clientOf: (ctx) => connectionOf(ctx).client,
    async onSubscribe(ctx, payload, prepare) {
      const { client } = connectionOf(ctx);
      const limited = rateLimiter?.take(client.name) ?? null;
      if (limited !== null) return [limited.error];
      let trusted = payload;
      if (documents !== null) {
        const resolved = resolveTrustedDocument(documents, client, payload as SubscribePayload & { documentId?: unknown });
        if ('refusal' in resolved) return [resolved.refusal];
        trusted = { ...payload, query: resolved.query ?? '', ...(resolved.extensions !== undefined && { extensions: resolved.extensions }) };
      }
      const prepared = prepare(trusted);
      if (Array.isArray(prepared)) return prepared;
      const operation = getOperationAST(prepared.document, prepared.operationName);
      if (operation === null || operation === undefined) return prepared;
      const refusal = refusalOf(client, prepared.schema, prepared.document, operation, prepared.variableValues);
      if (refusal === null) return prepared;
      await recordRefusedMutation(audit, refusal, client.name, null);
      if (refusal.operation === 'subscription') ctx.extra.socket.close(FORBIDDEN_CLOSE, reason(`Forbidden: ${refusal.error.message}`));
      return [refusal.error];
    },
  };
}
