import type { UnitRecord } from '../../domain/models.js';
import type { UnitRecordSource } from '../../ports/records.js';
import type { DeeprentClient, DeeprentProtocol } from './client.js';

/**
 * deep.rent's unit records for the identity sync: the distinct objects of its live
 * (not soft-deleted) protocols, each as the newest protocol shows it. deep.rent has no
 * object list, so an object is known only through a protocol about it.
 *
 * Without `since` every live protocol is read (complete). With `since` only protocols
 * created from the watermark on (protocolsSince), so an object whose last protocol was
 * deleted in between still shows until the next full read (since = null).
 */
export function createDeeprentUnitSource(client: DeeprentClient): UnitRecordSource {
  return {
    vendor: 'DEEPRENT',
    async list(options) {
      if (options.since === null) {
        const protocols = await client.protocols();
        const records = objectsOf(protocols);
        options.onProgress?.(records.length);
        return { records, watermark: newestOf(protocols), complete: true };
      }
      const read = await client.protocolsSince(options.since);
      const records = objectsOf(read.protocols);
      options.onProgress?.(records.length);
      return { records, watermark: read.watermark, complete: false };
    },
  };
}

/** The list runs newest first, so the first protocol of an object shows it as it is now. */
function objectsOf(protocols: readonly DeeprentProtocol[]): UnitRecord[] {
  const objects = new Map<string, UnitRecord>();
  for (const { object } of protocols) if (object !== null && !objects.has(object.externalId)) objects.set(object.externalId, object);
  return [...objects.values()];
}

function newestOf(protocols: readonly DeeprentProtocol[]): string | null {
  let newest: string | null = null;
  for (const { protocol } of protocols) if (protocol.createdAt !== null && (newest === null || protocol.createdAt > newest)) newest = protocol.createdAt;
  return newest;
}
