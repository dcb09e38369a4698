import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult, type GraphQLError } from 'graphql';
import { createSharedNotices, groupKeyOf } from './shared-notices.js';

/**
 * graphql-js runs every event of a subscription with the context the subscription
 * started with, so its per-request DataLoaders would answer the tenth notice from what
 * they cached for the first. This runs each event with a fresh context instead (fresh
 * loaders: a notice never resolves a node from before its event), and appends the
 * vendor failures resolvers degraded around, as HTTP responses do.
 *
 * Subscribers of one group (same operation, document and variables) share that
 * execution: the first to reach an event runs it, the others reuse its result (see
 * shared-notices.ts for why that is the same answer). With 10,000 subscribers that is
 * one execution per event and group instead of one per event and subscriber.
 */
export interface EventContext {
  partial: { drain(): GraphQLError[] };
  releaseLoaders(): void;
}

export function subscribeWithFreshContext(makeContext: () => EventContext) {
  const notices = createSharedNotices();
  return async (args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const iterator = source[Symbol.asyncIterator]();
    const groupKey = groupKeyOf(args);
    // The subscription's own context (graphql-ws keeps it as long as the subscription) was
    // needed to start the stream (a filter's unit lookup); notices run with fresh ones.
    (args.contextValue as Partial<EventContext> | undefined)?.releaseLoaders?.();
    const { schema, document, operationName, variableValues, fieldResolver, typeResolver } = args;
    const run = async (payload: unknown): Promise<ExecutionResult> => {
      const contextValue = makeContext();
      const result = await execute({ schema, document, operationName, variableValues, fieldResolver, typeResolver, rootValue: payload, contextValue });
      const degraded = contextValue.partial.drain();
      return degraded.length === 0 ? result : { ...result, errors: [...(result.errors ?? []), ...degraded] };
    };
    // A hand-made generator object: a native async generator would queue `return()`
    // behind a pending `next()`, and a quiet subscription would never end.
    const mapped: AsyncGenerator<ExecutionResult, void, void> = {
      async next() {
        const step = await iterator.next();
        if (step.done === true) return { done: true, value: undefined };
        const payload: unknown = step.value;
        return { done: false, value: await notices.resultFor(payload, groupKey, () => run(payload)) };
      },
      async return() {
        await iterator.return?.();
        return { done: true, value: undefined };
      },
      async throw(error: unknown) {
        await iterator.return?.();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return mapped;
      },
      async [Symbol.asyncDispose]() {
        await mapped.return();
      },
    };
    return mapped;
  };
}
