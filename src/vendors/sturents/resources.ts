import { draftOf, type ResourceSource } from '../../ports/read-model.js';
import type { SturentsClient } from './client.js';

/**
 * What the read model keeps of StuRents: its houses (a unit record and its listing each),
 * walked 50 a page through the client's cache, so no identical request reaches the
 * vendor within its 10 s window (docs/vendors.md, StuRents). Incremental by added-since:
 * such a read shows new houses only (no edits, no removals), so it is never complete;
 * the daily full read brings the rest.
 */
export function createSturentsResources(client: Pick<SturentsClient, 'streamHouses'>): ResourceSource[] {
  return [{
    vendor: 'STURENTS',
    resource: 'sturents:houses',
    kinds: ['UNIT', 'LISTING'],
    async read({ since, onPage, signal }) {
      let readSoFar = 0;
      const watermark = await client.streamHouses(since, async (houses) => {
        signal.throwIfAborted();
        readSoFar += houses.length;
        await onPage({
          upserts: houses.flatMap((house) => [
            draftOf('UNIT', house.unit),
            draftOf('LISTING', house.listing, { unitRef: { vendor: 'STURENTS', externalId: house.reference } }),
          ]),
          readSoFar,
        });
      });
      return { complete: since === null, watermark };
    },
  }];
}
