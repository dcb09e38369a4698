import DataLoader from 'dataloader';
import type { ProtocolModel, ProtocolPdfModel, UnitRecord } from '../../domain/models.js';
import type { DeeprentClient, DeeprentProtocol } from './client.js';
import { groupLoader, memo, type LoaderOptions } from '../../ports/batching.js';

/**
 * deep.rent loaders. The vendor has one list (protocols, newest first, each with the
 * object it is about) and no id filter, so everything is answered from a whole-list read
 * per request: the live list, or the list with soft-deleted protocols. The live list is
 * the other one filtered (docs/vendors.md, deep.rent: `meta.deletedAt` set = soft-deleted), so once a
 * request has read the list with deletions, it never reads the live one as well.
 */
export interface ProtocolLoaders {
  /** Live protocols (or with soft-deleted ones), newest first. */
  list(options: { includeDeleted: boolean }): Promise<DeeprentProtocol[]>;
  /** Live protocols by deep.rent object id, newest first. */
  byObject: DataLoader<string, ProtocolModel[]>;
  /** An object as its newest live protocol shows it: deep.rent's unit record. */
  objectById: DataLoader<string, UnitRecord | null>;
  /** A protocol by id, soft-deleted ones too (read only when the live list lacks one). */
  byId: DataLoader<string, ProtocolModel | null>;
  /** A protocol's PDF link by protocol id: one call per protocol (the vendor has no batch form); repeated ids share it. */
  pdfById: DataLoader<string, ProtocolPdfModel>;
}

export function createProtocolLoaders(client: DeeprentClient, options: LoaderOptions): ProtocolLoaders {
  let withDeletedAsked = false;
  const readWithDeleted = memo(options, () => client.protocols({ includeDeleted: true }));
  const readLive = memo(options, () => client.protocols());
  const withDeleted = () => {
    withDeletedAsked = true;
    return readWithDeleted();
  };
  const live = async () => (withDeletedAsked && options.batching ? (await readWithDeleted()).filter((row) => row.protocol.deletedAt === null) : readLive());

  const objects = async (): Promise<UnitRecord[]> => {
    // Newest first, so the first protocol of an object shows it as it is now.
    const seen = new Map<string, UnitRecord>();
    for (const { object } of await live()) if (object !== null && !seen.has(object.externalId)) seen.set(object.externalId, object);
    return [...seen.values()];
  };

  return {
    list: ({ includeDeleted }) => (includeDeleted ? withDeleted() : live()),
    byObject: groupLoader(options, async () => (await live()).map((row) => row.protocol), (protocol) => (protocol.object === null ? [] : [protocol.object.externalId])),
    objectById: new DataLoader<string, UnitRecord | null>(
      async (keys) => {
        const index = new Map((await objects()).map((object) => [object.externalId, object]));
        return keys.map((key) => index.get(key) ?? null);
      },
      { batch: options.batching, cache: options.batching },
    ),
    byId: new DataLoader<string, ProtocolModel | null>(
      async (keys) => {
        const index = new Map((await live()).map((row) => [row.protocol.externalId, row.protocol]));
        if (keys.some((key) => !index.has(key))) for (const row of await withDeleted()) index.set(row.protocol.externalId, row.protocol);
        return keys.map((key) => index.get(key) ?? null);
      },
      { batch: options.batching, cache: options.batching },
    ),
    pdfById: new DataLoader<string, ProtocolPdfModel>(async ([id]) => [await client.protocolPdf(id!)], { batch: false, cache: options.batching }),
  };
}
