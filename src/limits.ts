import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, getNamedType, getVariableValues, getNullableType, isListType, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/**
 * Query limits, all enforced before execution, so a hostile or careless query costs
 * no vendor call: tokens (graphql-js's parser), depth, aliases and directives
 * (graphql-armor), and a cost in which every list multiplies its selection by how many
 * items it may return: `first` where a field takes it, else an assumed size.
 */
export const QUERY_LIMITS = Object.freeze({
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  maxTokens: 5_000,
  /** About 500 units with leases, tenants and a few vendor edges each. */
  maxCost: 250_000,
  /** Items assumed for a list without `first` (a unit's leases, lockboxes, ...). */
  assumedListSize: 10,
});

/** Cost of a field: 1, plus its selection times the number of items it can return. */
const listAwareEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const type = getNullableType(field.type);
  const first = typeof args['first'] === 'number' ? Math.max(args['first'], 0) : undefined;
  const returnsConnection = getNamedType(type).name.endsWith('Connection');
  if (first !== undefined || returnsConnection) return 1 + childComplexity * (first ?? 50);
  // A connection's `edges` was already multiplied by its `first`.
  if (isListType(type) && field.name !== 'edges') return 1 + childComplexity * QUERY_LIMITS.assumedListSize;
  return 1 + childComplexity;
};

/**
 * graphql-armor words every limit as a syntax error ("Syntax Error: Query depth limit of 12
 * exceeded, found 20."), though the document parsed; the limit is reported as what it is,
 * a validation failure of the client's document.
 */
const reportLimit = (context: ValidationContext | null, error: GraphQLError): void => {
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code: 'BAD_USER_INPUT' } }));
};
const asValidationError = { propagateOnRejection: false, onReject: [reportLimit] };

export interface QueryLimits<C extends BaseContext> {
  plugins: ApolloServerPlugin<C>[];
  validationRules: ValidationRule[];
  /**
   * For every parse of a client document (Apollo's `parseOptions`, the graphql-ws document
   * cache): graphql-js stops at `maxTokens` with an ordinary syntax error, which Apollo
   * answers as the client's (armor's own token plugin throws from a hook Apollo treats
   * as a server failure, so every syntax error became a 500).
   */
  parseOptions: ParseOptions;
}

export function queryLimits<C extends BaseContext>(): QueryLimits<C> {
  const armor = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth, flattenFragments: true, ...asValidationError },
    maxAliases: { n: QUERY_LIMITS.maxAliases, ...asValidationError },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives, ...asValidationError },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  const protection = armor.protect();
  const cost: ApolloServerPlugin<C> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          // Variables that do not fit their types give no cost to compute (getComplexity would throw, a 500);
          // execution refuses them in graphql-js's words with a 400, before any resolver runs.
          if (getVariableValues(schema, operation?.variableDefinitions ?? [], request.variables ?? {}).errors !== undefined) return;
          const complexity = getComplexity({
            schema,
            query: document,
            ...(request.operationName !== undefined && { operationName: request.operationName }),
            variables: request.variables ?? {},
            estimators: [listAwareEstimator],
          });
          if (complexity > QUERY_LIMITS.maxCost) {
            throw new GraphQLError(`query cost ${complexity} exceeds the limit of ${QUERY_LIMITS.maxCost}; ask for smaller pages (first) or fewer nested lists`, {
              // Apollo answers errors thrown here with 500 unless told otherwise; this one is the client's.
              extensions: { code: 'BAD_USER_INPUT', cost: complexity, maxCost: QUERY_LIMITS.maxCost, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
  // Armor's plugins only read the request, so they fit any context type.
  return {
    plugins: [...(protection.plugins as unknown as ApolloServerPlugin<C>[]), cost],
    validationRules: protection.validationRules,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
  };
}
