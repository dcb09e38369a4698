import type { ProtocolModel } from '../../domain/models.js';
import { changeEventOf, modelSource, recordsOfDiff, type PollContext, type PollDiff, type PollSource } from '../../ports/polling.js';
import { DEEPRENT_PROTOCOLS, protocolDrafts } from './resources.js';
import type { DeeprentClient } from './client.js';

/**
 * deep.rent announces protocols by webhook; this poll is a backstop for a missed
 * delivery. A change the log already has from a webhook is not announced again, and
 * a protocol that became soft-deleted is a DELETED change, as its webhook would say.
 */
export function deeprentPollSource(client: DeeprentClient, context: PollContext): PollSource<ProtocolModel> {
  return modelSource<ProtocolModel>({
    name: 'deeprent:protocols',
    fetch: async () => ({ records: (await client.protocols({ includeDeleted: true })).map((row) => row.protocol), complete: true }),
    keyOf: (protocol) => protocol.externalId,
    toEvents: async (diff: PollDiff<ProtocolModel>) => {
      const deletedNow = diff.record !== null && diff.record.deletedAt !== null && (diff.previous === null || diff.previous.deletedAt === null);
      const effective: PollDiff<ProtocolModel> = deletedNow ? { ...diff, change: 'DELETED' } : diff;
      const latest = await context.latestChange('PROTOCOL', { vendor: 'DEEPRENT', externalId: diff.key });
      if (effective.change !== 'UPDATED' && latest === effective.change) return [];
      return [changeEventOf('DEEPRENT', 'PROTOCOL', effective, { unit: (p) => p.object })];
    },
    // The read model keeps live protocols only: a soft-deleted one leaves it.
    toRecords: (diff) => recordsOfDiff(DEEPRENT_PROTOCOLS, diff.record?.deletedAt === null || diff.record === null ? diff : { ...diff, record: null, previous: diff.record }, (protocol) => protocolDrafts(protocol, null)),
  });
}
