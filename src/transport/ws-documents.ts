import { GraphQLError, getOperationAST, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema, type ParseOptions, type ValidationRule } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { LRUCache } from 'lru-cache';

/**
 * Parsing and validation for graphql-ws subscriptions, done once per distinct document
 * instead of once per subscription. Many subscribers send the same document (a client
 * app's few subscriptions, opened by every user): each kept its own parsed document for
 * the life of the subscription (with its token chain, several KB) and paid a full
 * validation to start. Documents are immutable to graphql-js, so one parsed document
 * serves every subscription that sent the same text; validation results are kept per
 * document and schema. Only successful parses are kept, the most recently used
 * `maxDocuments`.
 *
 * Parsing uses `parseOptions` and validation runs graphql-js's rules plus `extraRules`
 * (the query limits HTTP requests get, so a subscription is held to the same token,
 * depth and alias limits).
 */
export interface DocumentCacheOptions {
  /** Distinct document texts kept. Default 1_000. */
  maxDocuments?: number;
  /** Validation rules on top of graphql-js's. Default none. */
  extraRules?: readonly ValidationRule[];
  /** Options for every parse (e.g. `maxTokens`). Default none. */
  parseOptions?: ParseOptions;
}

export interface DocumentCache {
  /**
   * For graphql-ws's `onSubscribe`: the execution arguments of a subscribe message, or the
   * errors that keep it from running (a syntax error, a validation failure, no operation of
   * that name), each with code BAD_USER_INPUT. graphql-ws sends those as the operation's
   * error message; a syntax error thrown from its own parse step would instead close the
   * whole connection with 4500, and its errors carry no code.
   */
  prepare(schema: GraphQLSchema, payload: SubscribePayload): ExecutionArgs | GraphQLError[];
}

/** The same error, marked as the client's. */
const asClientError = (error: GraphQLError): GraphQLError =>
  new GraphQLError(error.message, {
    ...(error.nodes !== undefined && { nodes: error.nodes }),
    ...(error.source !== undefined && { source: error.source }),
    ...(error.positions !== undefined && { positions: error.positions }),
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
  });

export function createDocumentCache(options: DocumentCacheOptions = {}): DocumentCache {
  const byText = new LRUCache<string, DocumentNode>({ max: options.maxDocuments ?? 1_000 });
  const rules = [...specifiedRules, ...(options.extraRules ?? [])];
  const verdicts = new WeakMap<DocumentNode, WeakMap<GraphQLSchema, readonly GraphQLError[]>>();

  function cachedParse(source: string): DocumentNode {
    let document = byText.get(source);
    if (document === undefined) byText.set(source, (document = parse(source, options.parseOptions)));
    return document;
  }

  function cachedValidate(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] {
    let bySchema = verdicts.get(document);
    if (bySchema === undefined) verdicts.set(document, (bySchema = new WeakMap()));
    let errors = bySchema.get(schema);
    if (errors === undefined) bySchema.set(schema, (errors = validate(schema, document, rules)));
    return errors;
  }

  function prepare(schema: GraphQLSchema, payload: SubscribePayload): ExecutionArgs | GraphQLError[] {
    let document: DocumentNode;
    try {
      document = cachedParse(payload.query);
    } catch (error) {
      if (error instanceof GraphQLError) return [asClientError(error)];
      throw error;
    }
    const errors = cachedValidate(schema, document);
    if (errors.length > 0) return errors.map(asClientError);
    if (getOperationAST(document, payload.operationName) === null) {
      const wanted = payload.operationName === undefined || payload.operationName === null ? 'one operation' : `an operation named "${payload.operationName}"`;
      return [new GraphQLError(`expected the document to hold ${wanted}, got none to run`, { extensions: { code: 'BAD_USER_INPUT' } })];
    }
    return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
  }

  return { prepare };
}
