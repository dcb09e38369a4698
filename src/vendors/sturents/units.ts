import type { UnitRecordSource } from '../../ports/records.js';
import type { SturentsClient } from './client.js';

/**
 * StuRents' unit records for the identity sync. Without `since` it reads every house
 * (complete); with `since` only the houses added after it (added-since), and the
 * watermark is the time of this read. StuRents has no "changed since" and no deletions
 * feed, so an incremental read never shows an edited address or a removed house: the
 * sync still needs a periodic full read (since = null) to catch those.
 */
export function createSturentsUnitSource(client: SturentsClient): UnitRecordSource {
  return {
    vendor: 'STURENTS',
    async list(options) {
      const read = options.since === null ? await client.houses() : await client.housesAddedSince(options.since);
      const records = read.houses.map((house) => house.unit);
      options.onProgress?.(records.length);
      return { records, watermark: read.watermark, complete: options.since === null };
    },
  };
}
