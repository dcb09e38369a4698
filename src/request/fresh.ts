import type { ApolloServerPlugin } from '@apollo/server';
import { getDirectiveValues, getOperationAST, getVariableValues, GraphQLError, type ExecutionArgs, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { badInput } from '../errors.js';
import type { GatewayContext } from './scope.js';

/**
 * `@fresh(maxAgeSeconds: N)` on a query operation (schema/common.graphql): N in seconds,
 * or null when the operation does not carry it. The argument may be a variable. Variables
 * that do not fit their types give null here: execution refuses them before anything runs.
 * A negative N is the client's error (BAD_USER_INPUT naming the argument).
 */
export function freshMaxAgeSecondsOf(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown>): number | null {
  const directive = schema.getDirective('fresh');
  if (directive === undefined || directive === null || !(operation.directives ?? []).some((node) => node.name.value === 'fresh')) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors !== undefined) return null;
  const values = getDirectiveValues(directive, operation, coerced.coerced);
  const maxAgeSeconds = values?.['maxAgeSeconds'];
  if (typeof maxAgeSeconds !== 'number') return null;
  if (maxAgeSeconds < 0) throw badInput(`expected @fresh(maxAgeSeconds:) to be 0 or more seconds, got ${maxAgeSeconds}`, 'maxAgeSeconds');
  return maxAgeSeconds;
}

/**
 * The same for an operation graphql-ws runs: null for a subscription (the directive's
 * location refuses it there) or a document without one operation. Called from its
 * onSubscribe, where a refusal is answered to the client, and again for its context.
 */
export function freshMaxAgeSecondsOfExecution(args: Pick<ExecutionArgs, 'schema' | 'document' | 'operationName' | 'variableValues'>): number | null {
  const operation = getOperationAST(args.document, args.operationName);
  if (operation === null || operation === undefined || operation.operation !== 'query') return null;
  return freshMaxAgeSecondsOf(args.schema, operation, (args.variableValues ?? {}) as Record<string, unknown>);
}

/**
 * Puts an operation under its @fresh before it runs, on graphql-js and the compiled
 * executor alike (both run after this hook). The request's read-model reads (shared by
 * the copy of the context Apollo hands resolvers) then read vendors older than N live.
 */
export const freshPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, request, schema, contextValue }) {
        if (operation === undefined || operation.operation !== 'query') return;
        let maxAgeSeconds: number | null;
        try {
          maxAgeSeconds = freshMaxAgeSecondsOf(schema, operation, request.variables ?? {});
        } catch (error) {
          // Apollo answers errors thrown before execution with 500 unless told otherwise; this one is the client's.
          if (error instanceof GraphQLError) throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
          throw error;
        }
        if (maxAgeSeconds !== null) contextValue.readModel.requireFresh(maxAgeSeconds * 1000);
      },
    };
  },
};
