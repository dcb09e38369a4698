import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult, type GraphQLError } from 'graphql';
import { isPushedEventStream } from '../events/stream.js';
import { createSharedNotices, groupKeyOf, type NoticeFormat, type SharedNotices } from './shared-notices.js';
import { NoticeGroups } from './notice-groups.js';
import { DONE, NoticeIterator, SocketNoticeStream, type NoticeTarget } from './notice-delivery.js';

/**
 * graphql-js runs every event of a subscription with the context the subscription
 * started with, so its per-request DataLoaders would answer the tenth notice from what
 * they cached for the first. This runs each event with a fresh context instead (fresh
 * loaders: a notice never resolves a node from before its event), and appends the
 * vendor failures resolvers degraded around, as HTTP responses do.
 *
 * Subscribers of one group (same operation, document and variables) share that
 * execution and its serialization: the first to reach an event runs it, the others
 * reuse its result (see shared-notices.ts for why that is the same answer). With 10,000
 * subscribers that is one execution per event and group instead of one per event and
 * subscriber.
 *
 * A subscription over the event log whose context names its connection
 * (`noticeTarget`) writes its notices to that connection itself (notice-delivery.ts),
 * through its group's one listener while it is caught up (notice-groups.ts); any other
 * yields its results to graphql-ws one by one.
 */
export interface EventContext {
  partial: { drain(): GraphQLError[] };
  release(): void;
}

/** What a subscription's own context may carry: how to let go of it, and where its notices go. */
interface SubscriptionContext {
  release?: () => void;
  noticeTarget?: NoticeTarget;
}

export type NoticeArgs = Pick<ExecutionArgs, 'schema' | 'document' | 'operationName' | 'variableValues' | 'fieldResolver' | 'typeResolver'>;

/**
 * `format` is what a subscriber is sent for a result (server.ts masks errors with it, as
 * graphql-ws's onNext does for what goes through graphql-ws).
 */
export function subscribeWithFreshContext(makeContext: () => EventContext, format: NoticeFormat) {
  const notices = createSharedNotices(format);
  const groups = new NoticeGroups(notices);
  return async (args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    // The subscription's own context (graphql-ws keeps it as long as the subscription) was
    // needed to start the stream (a filter's unit lookup); notices run with fresh ones.
    const context = args.contextValue as SubscriptionContext | undefined;
    context?.release?.();
    const { schema, document, operationName, variableValues, fieldResolver, typeResolver } = args;
    // Only what a notice's execution needs, not the subscription's context or root value.
    const noticeArgs: NoticeArgs = { schema, document, operationName, variableValues, fieldResolver, typeResolver };
    const runNotice = (payload: unknown) => runWithFreshContext(noticeArgs, payload, makeContext);
    const events = source[Symbol.asyncIterator]();
    const target = context?.noticeTarget;
    if (target !== undefined && isPushedEventStream(events)) return new SocketNoticeStream(events, notices, groups, groupKeyOf(args), runNotice, target);
    return new NoticeStream(events, notices, groupKeyOf(args), runNotice);
  };
}

async function runWithFreshContext(args: NoticeArgs, payload: unknown, makeContext: () => EventContext): Promise<ExecutionResult> {
  const contextValue = makeContext();
  const result = await execute({ ...args, rootValue: payload, contextValue });
  const degraded = contextValue.partial.drain();
  return degraded.length === 0 ? result : { ...result, errors: [...(result.errors ?? []), ...degraded] };
}

/**
 * A subscription's notices yielded to graphql-ws one by one. Not a native async
 * generator: that would queue `return()` behind a pending `next()`, and a quiet
 * subscription would never end.
 */
class NoticeStream extends NoticeIterator<AsyncIterator<unknown>> {
  constructor(
    events: AsyncIterator<unknown>,
    private readonly notices: SharedNotices,
    private readonly groupKey: string,
    private readonly run: (payload: unknown) => Promise<ExecutionResult>,
  ) {
    super(events);
  }

  override next(): Promise<IteratorResult<ExecutionResult, void>> {
    return this.events.next().then((step) => {
      if (step.done === true) return DONE;
      const payload: unknown = step.value;
      const result = typeof payload === 'object' && payload !== null ? this.notices.noticeFor(payload, this.groupKey, () => this.run(payload)).result : this.run(payload);
      return result.then((value) => ({ done: false as const, value }));
    });
  }
}
