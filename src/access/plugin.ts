import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { AuditLog } from './audit-log.js';
import type { AuditedCaller } from './audited.js';
import { refusalOf, type OperationRefusal } from './operation-scopes.js';

/**
 * Scopes over HTTP: once Apollo has parsed and validated an operation, and before it
 * runs, an operation whose client lacks a root field's scope is answered 403 FORBIDDEN
 * with no data; no resolver runs and no vendor is called. A refused mutation is
 * recorded in the audit log, one entry per root field.
 */
export async function recordRefusedMutation(audit: AuditLog, refusal: OperationRefusal, client: string, idempotencyKey: string | null): Promise<void> {
  if (refusal.operation !== 'mutation') return;
  for (const field of refusal.fields) {
    await audit.record({ client, operation: field.name, input: field.input, outcome: 'FORBIDDEN', vendor: null, vendorStatus: null, idempotencyKey });
  }
}

/** What the plugin reads of a request's context (a request scope, src/request/scope.ts). */
export type ScopedContext = Pick<AuditedCaller, 'client' | 'idempotencyKey'>;

export function scopePlugin(audit: AuditLog): ApolloServerPlugin<ScopedContext> {
  // One listener for every request: it keeps no state.
  const listener: GraphQLRequestListener<ScopedContext> = {
    async didResolveOperation({ contextValue, document, operation, request, schema }) {
      if (operation === undefined) return;
      const refusal = refusalOf(contextValue.client, schema, document, operation, request.variables);
      if (refusal === null) return;
      await recordRefusedMutation(audit, refusal, contextValue.client.name, contextValue.idempotencyKey);
      // Apollo answers with the status in `extensions.http` and drops it from the error.
      throw new GraphQLError(refusal.error.message, { extensions: { ...refusal.error.extensions, http: { status: 403 } } });
    },
  };
  return { requestDidStart: async () => listener };
}
