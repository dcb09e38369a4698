import type { GatewayContext } from '../../request/scope.js';
import { InvalidIdError } from '../../domain/ids.js';
import { badInput, userError } from '../../errors.js';
import { SUBSCRIBER_TOO_SLOW_CLOSE_CODE } from '../../events/stream.js';
import { seqOfCursor, type StoredEvent } from '../../events/types.js';
import type { EventFilter } from './filters.js';

/**
 * Starts a subscription's stream. Everything that can be wrong with the request (a
 * garbled cursor, one older than retention, a filter naming nothing) is thrown here,
 * before the first notice, so the client gets a GraphQL error instead of a dropped
 * connection.
 */
export async function subscribeToEvents(context: GatewayContext, after: string | null | undefined, filter: EventFilter): Promise<AsyncIterableIterator<StoredEvent>> {
  const { feed } = context.gateway;
  let afterSeq: number | null = null;
  if (after !== null && after !== undefined) {
    try {
      afterSeq = seqOfCursor(after);
    } catch (error) {
      if (error instanceof InvalidIdError) throw badInput(error.message, 'after');
      throw error;
    }
    if (afterSeq < (await feed.prunedThrough())) {
      throw userError(
        'CURSOR_EXPIRED',
        `the cursor points at an event older than the ${feed.retentionDays}-day retention; read the current state and subscribe without after`,
      );
    }
    if (afterSeq > (await feed.lastSeq())) throw badInput('the cursor is ahead of every event this gateway has recorded', 'after');
  }
  const limit = feed.bufferLimit;
  // Only the close function outlives this call: the context (every vendor's loaders) must not stay reachable from a long-lived stream.
  const closeConnection = context.closeConnection;
  return feed.open({
    afterSeq,
    matches: filter.matches,
    unitRefs: filter.unitRefs,
    onOverflow: () =>
      closeConnection?.(SUBSCRIBER_TOO_SLOW_CLOSE_CODE, `Subscriber too slow: over ${limit} notices waiting; resubscribe with the last cursor`),
  });
}
