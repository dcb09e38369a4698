import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, getVariableValues, GraphQLError, printSchema, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

/**
 * Runs operations as JavaScript compiled for each document by graphql-jit (as
 * Mercurius does), instead of graphql-js interpreting the document for every
 * request. On a page of 100 units with leases and tenants this halves the gateway's
 * CPU per request: graphql-js builds a resolve-info object and a promise chain for
 * every field, graphql-jit reads plain fields inline and only calls real resolvers.
 *
 * Apollo Server takes a custom executor only through its gateway interface; parsing,
 * validation, limits, plugins and error formatting stay Apollo's. What stays on
 * graphql-js, and why:
 * - a document's first run: compiling costs milliseconds, so a one-off query (Sandbox
 *   exploring) is interpreted and only documents that come back are compiled;
 * - documents graphql-jit cannot compile.
 * Variables are checked by graphql-js first, so refused ones get its standard messages,
 * which Apollo turns into a 400 BAD_USER_INPUT, exactly as without compilation.
 * Subscriptions do not pass through here (graphql-ws executes them).
 */
export interface JitOptions {
  /** Compiled documents kept, least recently used dropped first. Default 1_000. */
  maxCompiled?: number;
  /** Runs on graphql-js before a document is compiled. Default 1. */
  interpretedRuns?: number;
}

type Entry = { runs: number; compiled: CompiledQuery | null; failed: boolean };

/** Operations run since start, by how (for /metrics). */
export interface ExecutionStats {
  compiled: number;
  interpreted: number;
}

export interface JitGateway extends GatewayInterface {
  stats(): ExecutionStats;
}

export function jitGateway(schema: GraphQLSchema, options: JitOptions = {}): JitGateway {
  const entries = new LRUCache<string, Entry>({ max: options.maxCompiled ?? 1_000 });
  const interpretedRuns = options.interpretedRuns ?? 1;
  const stats: ExecutionStats = { compiled: 0, interpreted: 0 };

  const executor: GatewayExecutor = async (request) => {
    const operationName = request.operationName ?? undefined;
    const variableValues = request.request.variables ?? {};
    const interpret = () => execute({ schema, document: request.document, contextValue: request.context, variableValues, operationName }) as Promise<ExecutionResult>;

    const key = `${request.queryHash}\u0000${operationName ?? ''}`;
    let entry = entries.get(key);
    if (entry === undefined) entries.set(key, (entry = { runs: 0, compiled: null, failed: false }));
    if (entry.compiled === null && !entry.failed && entry.runs >= interpretedRuns) {
      const compiled = compileOrNull(schema, request.document, operationName);
      if (compiled === null) entry.failed = true;
      else entry.compiled = compiled;
    }
    entry.runs++;
    if (entry.compiled === null) {
      stats.interpreted++;
      return interpret();
    }

    // Refused variables are answered as graphql-js words them (Apollo makes those a 400); nothing has run yet.
    const coerced = getVariableValues(schema, request.operation.variableDefinitions ?? [], variableValues, { maxErrors: 50 });
    if (coerced.errors !== undefined) return { errors: coerced.errors };
    stats.compiled++;
    const result = await entry.compiled.query(undefined, request.context, variableValues);
    return result.errors === undefined ? result : { ...result, errors: result.errors.map(asGraphqlJsError) };
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async load() {
      return { executor };
    },
    async stop() {},
    stats: () => ({ ...stats }),
  };
}

/**
 * graphql-jit's errors are its own GraphQLError look-alike, whose `extensions` is
 * undefined when the resolver's error had none; Apollo's error formatting reads
 * `extensions.code` and would fail on it. A graphql-js GraphQLError with the same
 * message, path, locations, cause and extensions goes through Apollo unchanged.
 */
function asGraphqlJsError(error: GraphQLError): GraphQLError {
  const cause = error.originalError ?? undefined;
  const converted = new GraphQLError(error.message, { path: error.path ?? undefined, originalError: cause, extensions: error.extensions ?? {} });
  // locations is a plain field of graphql-js errors; jit computed it from the document.
  (converted as { locations: GraphQLError['locations'] }).locations = error.locations;
  return converted;
}

function compileOrNull(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
  try {
    const compiled = compileQuery(schema, document, operationName);
    return isCompiledQuery(compiled) ? compiled : null;
  } catch {
    // graphql-jit throws on constructs it does not support; graphql-js runs those.
    return null;
  }
}
