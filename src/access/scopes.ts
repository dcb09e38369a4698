import { userError } from '../errors.js';
import type { GraphQLError } from 'graphql';

/**
 * What a client key may do. Each scope stands alone: ADMIN does not imply READ, WRITE or
 * SUBSCRIBE, so a key lists exactly what it may do and an operator who hands out an
 * ADMIN key for the audit log does not hand out write access with it. A key for
 * everything lists all four (keys from RENTGRAPH_API_KEYS do).
 *
 * - READ: queries (every Query field but `viewer` and `auditLog`);
 * - SUBSCRIBE: subscriptions over graphql-ws (their notices included);
 * - WRITE: mutations (every vendor write);
 * - ADMIN: `auditLog`, identity administration (`linkRecords`, `unlinkRecord`,
 *   `clearIdentityOverride`), audit
 *   entries by id, /metrics and /readyz's detail when keys are configured, and operations
 *   outside the trusted-documents manifest.
 */
export type Scope = 'READ' | 'SUBSCRIBE' | 'WRITE' | 'ADMIN';

export const SCOPES: readonly Scope[] = ['READ', 'SUBSCRIBE', 'WRITE', 'ADMIN'];

export const isScope = (value: unknown): value is Scope => typeof value === 'string' && (SCOPES as readonly string[]).includes(value);

/** The client a request or connection was made by: its key's name (never the key) and scopes. */
export interface Client {
  readonly name: string;
  readonly scopes: readonly Scope[];
}

/** Who a loopback client is when no keys are configured: it may do everything. */
export const LOOPBACK_CLIENT: Client = Object.freeze({ name: 'loopback', scopes: SCOPES });

export const hasScope = (client: Client, scope: Scope): boolean => client.scopes.includes(scope);

/** The FORBIDDEN error for a client that lacks `scope` to do `what`. */
export function missingScopeError(client: Client, scope: Scope, what: string): GraphQLError {
  return userError('FORBIDDEN', `${what} needs the ${scope} scope; the key "${client.name}" has ${client.scopes.length === 0 ? 'no scope' : client.scopes.join(', ')}`, { scope });
}

/** Throws FORBIDDEN unless the client has `scope`. */
export function requireScope(client: Client, scope: Scope, what: string): void {
  if (!hasScope(client, scope)) throw missingScopeError(client, scope, what);
}

/**
 * Who a subscription notice runs as. One notice's execution is shared by every
 * subscriber of the same operation (src/transport/shared-notices.ts), whichever key each
 * started it with, so it runs as no key: subscribing needed SUBSCRIBE, and a notice
 * resolves no field that asks for a scope.
 */
export const NOTICE_CLIENT: Client = Object.freeze({ name: 'subscription-notice', scopes: [] });
