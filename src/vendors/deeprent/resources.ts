import type { ProtocolModel, UnitRecord } from '../../domain/models.js';
import { draftOf, type RecordDraft, type ResourceSource } from '../../ports/read-model.js';
import type { DeeprentClient } from './client.js';

/** The resource protocols and their objects are filed under, by the sync and by webhooks. */
export const DEEPRENT_PROTOCOLS = 'deeprent:protocols';

/** A protocol and, where it names one, its object as a unit record. */
export function protocolDrafts(protocol: ProtocolModel, object: UnitRecord | null): RecordDraft[] {
  return [draftOf('PROTOCOL', protocol, { unitRef: protocol.object }), ...(object === null ? [] : [draftOf('UNIT', object)])];
}

/**
 * What the read model keeps of deep.rent: its live protocols, and the object (unit-like
 * record) of each, which deep.rent lists nowhere else. The list runs newest first, so
 * an object is written as its newest protocol shows it; an older protocol's copy of it
 * later in the same read is passed over (only the ids seen are kept, not the objects).
 *
 * Incremental by the list's cursor order: protocols created from the watermark on. Such
 * a read never shows a deletion, so it is not complete; webhooks and the daily full
 * read bring those.
 */
export function createDeeprentResources(client: Pick<DeeprentClient, 'streamProtocols'>): ResourceSource[] {
  return [{
    vendor: 'DEEPRENT',
    resource: DEEPRENT_PROTOCOLS,
    kinds: ['PROTOCOL', 'UNIT'],
    async read({ since, onPage, signal }) {
      const objectsSeen = new Set<string>();
      let readSoFar = 0;
      const watermark = await client.streamProtocols(since, async (protocols) => {
        signal.throwIfAborted();
        readSoFar += protocols.length;
        const upserts: RecordDraft[] = [];
        for (const { protocol, object } of protocols) {
          const fresh = object !== null && !objectsSeen.has(object.externalId);
          if (fresh) objectsSeen.add(object.externalId);
          upserts.push(...protocolDrafts(protocol, fresh ? object : null));
        }
        await onPage({ upserts, readSoFar });
      });
      return { complete: since === null, watermark };
    },
  }];
}
