import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult, type GraphQLError } from 'graphql';
import { createSharedNotices, groupKeyOf, type SharedNotices } from './shared-notices.js';

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
  release(): void;
}

export function subscribeWithFreshContext(makeContext: () => EventContext) {
  const notices = createSharedNotices();
  return async (args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    // The subscription's own context (graphql-ws keeps it as long as the subscription) was
    // needed to start the stream (a filter's unit lookup); notices run with fresh ones.
    (args.contextValue as Partial<EventContext> | undefined)?.release?.();
    return new NoticeStream(source[Symbol.asyncIterator](), notices, groupKeyOf(args), args, makeContext);
  };
}

type NoticeArgs = Pick<ExecutionArgs, 'schema' | 'document' | 'operationName' | 'variableValues' | 'fieldResolver' | 'typeResolver'>;

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * A subscription's notices, one object per subscriber with its methods on the prototype
 * (at 50,000 subscribers, closures and suspended async frames per subscriber are
 * megabytes). Not a native async generator either: that would queue `return()` behind
 * a pending `next()`, and a quiet subscription would never end.
 */
class NoticeStream implements AsyncGenerator<ExecutionResult, void, void> {
  private readonly args: NoticeArgs;

  constructor(
    private readonly events: AsyncIterator<unknown>,
    private readonly notices: SharedNotices,
    private readonly groupKey: string,
    { schema, document, operationName, variableValues, fieldResolver, typeResolver }: ExecutionArgs,
    private readonly makeContext: () => EventContext,
  ) {
    // Only what a notice's execution needs, not the subscription's context or root value.
    this.args = { schema, document, operationName, variableValues, fieldResolver, typeResolver };
  }

  next(): Promise<IteratorResult<ExecutionResult, void>> {
    return this.events.next().then((step) => {
      if (step.done === true) return DONE;
      const payload: unknown = step.value;
      return this.notices.resultFor(payload, this.groupKey, () => this.run(payload)).then((value) => ({ done: false as const, value }));
    });
  }

  async return(): Promise<IteratorResult<ExecutionResult, void>> {
    await this.events.return?.();
    return DONE;
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult, void>> {
    await this.events.return?.();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  private async run(payload: unknown): Promise<ExecutionResult> {
    const contextValue = this.makeContext();
    const result = await execute({ ...this.args, rootValue: payload, contextValue });
    const degraded = contextValue.partial.drain();
    return degraded.length === 0 ? result : { ...result, errors: [...(result.errors ?? []), ...degraded] };
  }
}
