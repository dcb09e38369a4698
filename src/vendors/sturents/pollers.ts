import type { ListingModel } from '../../domain/models.js';
import { changeEventOf, modelSource, recordsOfDiff, type PollSource } from '../../ports/polling.js';
import { draftOf } from '../../ports/read-model.js';
import type { SturentsClient } from './client.js';

/**
 * StuRents has no webhooks: between full reads, only houses added since the last poll
 * (added-since); a full read every `fullEveryMillis` finds edits and removals.
 */
export function sturentsPollSource(client: SturentsClient, fullEveryMillis: number | null): PollSource<ListingModel> {
  let watermark: string | null = null;
  let lastFullAt = 0;
  return modelSource<ListingModel>({
    name: 'sturents:houses',
    fetch: async () => {
      const full = watermark === null || (fullEveryMillis !== null && Date.now() - lastFullAt >= fullEveryMillis);
      const read = full ? await client.houses() : await client.housesAddedSince(watermark!);
      watermark = read.watermark;
      if (full) lastFullAt = Date.now();
      return { records: read.houses.map((house) => house.listing), complete: full };
    },
    keyOf: (listing) => listing.externalId,
    toEvents: (diff) => [changeEventOf('STURENTS', 'LISTING', diff, { unit: (l) => l.unit })],
    toRecords: (diff) => recordsOfDiff('sturents:houses', diff, (listing) => [draftOf('LISTING', listing, { unitRef: listing.unit })]),
  });
}
