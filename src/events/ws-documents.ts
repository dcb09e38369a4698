import { parse, specifiedRules, validate, type DocumentNode, type GraphQLError, type GraphQLSchema, type ParseOptions, type Source, type ValidationRule } from 'graphql';
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
 * Validation runs graphql-js's rules plus `extraRules` (the query limits HTTP requests
 * get, so a subscription is held to the same depth and alias limits).
 */
export interface DocumentCacheOptions {
  /** Distinct document texts kept. Default 1_000. */
  maxDocuments?: number;
  /** Validation rules on top of graphql-js's. Default none. */
  extraRules?: readonly ValidationRule[];
}

export interface DocumentCache {
  parse: typeof parse;
  validate: typeof validate;
}

export function createDocumentCache(options: DocumentCacheOptions = {}): DocumentCache {
  const byText = new LRUCache<string, DocumentNode>({ max: options.maxDocuments ?? 1_000 });
  const rules = [...specifiedRules, ...(options.extraRules ?? [])];
  const verdicts = new WeakMap<DocumentNode, WeakMap<GraphQLSchema, readonly GraphQLError[]>>();

  function cachedParse(source: string | Source, parseOptions?: ParseOptions): DocumentNode {
    if (typeof source !== 'string' || parseOptions !== undefined) return parse(source, parseOptions);
    let document = byText.get(source);
    if (document === undefined) byText.set(source, (document = parse(source)));
    return document;
  }

  function cachedValidate(...args: Parameters<typeof validate>): readonly GraphQLError[] {
    const [schema, document, givenRules, ...rest] = args;
    // Only calls with the default rules are cached (and given the extra ones): other rules or options give other verdicts.
    if (givenRules !== undefined || rest.some((arg) => arg !== undefined)) return validate(...args);
    let bySchema = verdicts.get(document);
    if (bySchema === undefined) verdicts.set(document, (bySchema = new WeakMap()));
    let errors = bySchema.get(schema);
    if (errors === undefined) bySchema.set(schema, (errors = validate(schema, document, rules)));
    return errors;
  }

  return { parse: cachedParse, validate: cachedValidate };
}
