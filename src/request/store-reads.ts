import DataLoader from 'dataloader';
import type { SourceRef } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';
import { parseRefKey, refKey } from '../domain/ids.js';
import { RECORD_KINDS, RECORD_LINKS, type RecordKind, type RecordLinkKind } from '../ports/read-model.js';
import type { ChangeTopic } from '../readmodel/changes.js';
import type { ReadModelReads, UnitFacts } from '../readmodel/reads.js';
import type { StoredRecord } from '../readmodel/records.js';
import { isStale, type VendorRefresh } from '../readmodel/vendor-status.js';
import type { ResponseInputs } from './response-inputs.js';

/**
 * One request's reads of the read model: DataLoaders over the store (one statement per
 * batch, 400 keys at most, for the engines' parameter limits), each vendor's refresh
 * state read once, and which vendors' stored data the request served, so the response
 * can say when some of it is stale (extensions.freshness). Every read tells the
 * response's inputs which parts of the store it read (response-inputs.ts).
 */
export interface StoreReads {
  readonly queries: ReadModelReads;
  /** A record by kind and ref; null when the read model holds none. */
  record<M extends object>(kind: RecordKind, ref: SourceRef): Promise<StoredRecord<M> | null>;
  /** Records of one kind in the order of `refs`, those the read model holds. */
  records<M extends object>(kind: RecordKind, refs: readonly SourceRef[]): Promise<StoredRecord<M>[]>;
  /** Records of one kind that belong to a unit-like record ("VENDOR:id"), batched per kind. */
  byUnitRef<M extends object>(kind: RecordKind, unitRef: string): Promise<StoredRecord<M>[]>;
  /** The records linking to `toRef` ("VENDOR:id") by `link`, e.g. a tenant's leases, batched per link. */
  linkedFrom(link: RecordLinkKind, toRef: string): Promise<SourceRef[]>;
  /**
   * Whether the read model holds a vendor's records: it completed a full sync of them. Its
   * reads are then answered from the store (stale or not), and the vendor is not called.
   */
  holds(vendor: Vendor): Promise<boolean>;
  unitFacts(unitKey: string): Promise<UnitFacts | null>;
  /** The oldest synced_at (epoch ms) of a vendor record's copies; null when the read model holds none. */
  syncedAt(ref: SourceRef): Promise<number | null>;
  /** Freshness of what stands on these vendor records (and marks their vendors as served). */
  freshness(refs: readonly SourceRef[]): Promise<{ syncedAt: string | null; stale: boolean }>;
  vendorRefresh(): Promise<Map<Vendor, VendorRefresh>>;
  countsByVendor(): Promise<Map<Vendor, number>>;
  /** Notes that this response shows stored data of `vendor`. */
  served(vendor: Vendor): void;
  /** The vendors whose stored data this response showed while their last refresh had failed, with their last success. */
  staleServed(): Promise<{ vendor: Vendor; since: string | null }[]>;
}

const MAX_BATCH = 400;

/** The parts of the store each query of ReadModelReads reads (see readmodel/changes.ts). */
const QUERY_TOPICS: { readonly [Q in keyof ReadModelReads]: readonly ChangeTopic[] } = {
  records: RECORD_KINDS,
  units: ['IDENTITY', 'FACTS'],
  leases: ['LEASE'],
  tenants: ['TENANT'],
  // A prospect's stage is its latest leasing event's.
  prospects: ['PROSPECT', 'LEASING_EVENT'],
  history: ['HISTORY'],
  lockboxes: ['LOCKBOX'],
  listings: ['LISTING'],
  unitFacts: ['FACTS'],
  syncedAt: ['SYNC_TIMES'],
  vendorRefresh: ['HOLDINGS', 'SYNC_TIMES'],
  countsByVendor: RECORD_KINDS,
  leaseStatusChangesAt: ['LEASE'],
};

/** `queries` that tell `inputs` what each use of them reads. */
function trackedQueries(queries: ReadModelReads, inputs: ResponseInputs): ReadModelReads {
  const tracked = {} as Record<keyof ReadModelReads, unknown>;
  for (const name of Object.keys(QUERY_TOPICS) as (keyof ReadModelReads)[]) {
    Object.defineProperty(tracked, name, {
      get() {
        inputs.reads(QUERY_TOPICS[name]);
        const value = queries[name];
        return typeof value === 'function' ? value.bind(queries) : value;
      },
    });
  }
  return tracked as unknown as ReadModelReads;
}

/** One DataLoader per kind (or link), built on first use, each batching its "VENDOR:id" keys. */
function loadersBy<K, V>(batch: (kind: K) => (keys: readonly string[]) => Promise<V[]>): (kind: K) => DataLoader<string, V> {
  const loaders = new Map<K, DataLoader<string, V>>();
  return (kind) => {
    let loader = loaders.get(kind);
    if (loader === undefined) loaders.set(kind, (loader = new DataLoader<string, V>(batch(kind), { maxBatchSize: MAX_BATCH })));
    return loader;
  };
}

export function createStoreReads(queries: ReadModelReads, inputs: ResponseInputs): StoreReads {
  const recordLoader = loadersBy((kind: RecordKind) => async (keys: readonly string[]) => {
    const found = await queries.records.get(kind, keys.map(parseRefKey));
    return keys.map((key) => found.get(key) ?? null);
  });
  const byUnitLoader = loadersBy((kind: RecordKind) => async (keys: readonly string[]) => {
    const found = await queries.records.byUnitRef(kind, keys);
    return keys.map((key) => found.get(key) ?? []);
  });
  const linkLoader = loadersBy((link: RecordLinkKind) => async (keys: readonly string[]) => {
    const found = await queries.records.linkedFrom(link, keys);
    return keys.map((key) => found.get(key) ?? []);
  });
  const facts = new DataLoader<string, UnitFacts | null>(async (keys) => {
    const found = await queries.unitFacts(keys);
    return keys.map((key) => found.get(key) ?? null);
  }, { maxBatchSize: MAX_BATCH });
  const synced = new DataLoader<string, number | null>(async (keys) => {
    const found = await queries.syncedAt(keys);
    return keys.map((key) => found.get(key) ?? null);
  }, { maxBatchSize: MAX_BATCH });
  let refresh: Promise<Map<Vendor, VendorRefresh>> | null = null;
  let counts: Promise<Map<Vendor, number>> | null = null;
  const servedVendors = new Set<Vendor>();

  const reads: StoreReads = {
    queries: trackedQueries(queries, inputs),
    async record<M extends object>(kind: RecordKind, ref: SourceRef) {
      inputs.reads([kind]);
      const found = (await recordLoader(kind).load(refKey(ref))) as StoredRecord<M> | null;
      if (found !== null) servedVendors.add(found.vendor);
      return found;
    },
    async records<M extends object>(kind: RecordKind, refs: readonly SourceRef[]) {
      const found = await Promise.all(refs.map((ref) => reads.record<M>(kind, ref)));
      return found.filter((record): record is StoredRecord<M> => record !== null);
    },
    async byUnitRef<M extends object>(kind: RecordKind, unitRef: string) {
      inputs.reads([kind]);
      const found = (await byUnitLoader(kind).load(unitRef)) as StoredRecord<M>[];
      for (const record of found) servedVendors.add(record.vendor);
      return found;
    },
    linkedFrom: (link, toRef) => {
      // Links are written with the record they start at.
      inputs.reads([RECORD_LINKS[link].from]);
      return linkLoader(link).load(toRef);
    },
    async holds(vendor) {
      return ((await reads.vendorRefresh()).get(vendor)?.lastFullSyncAt ?? null) !== null;
    },
    unitFacts: (unitKey) => {
      inputs.reads(['FACTS']);
      return facts.load(unitKey);
    },
    syncedAt: (ref) => {
      inputs.reads(['SYNC_TIMES']);
      return synced.load(refKey(ref));
    },
    async freshness(refs) {
      const [times, status] = await Promise.all([Promise.all(refs.map((ref) => reads.syncedAt(ref))), reads.vendorRefresh()]);
      const known = times.filter((time): time is number => time !== null);
      for (const [i, ref] of refs.entries()) if (times[i] !== null) servedVendors.add(ref.vendor);
      return {
        syncedAt: known.length === 0 ? null : new Date(Math.min(...known)).toISOString(),
        stale: refs.some((ref) => isStale(status.get(ref.vendor))),
      };
    },
    vendorRefresh: () => {
      inputs.reads(['HOLDINGS']);
      return (refresh ??= queries.vendorRefresh());
    },
    countsByVendor: () => {
      inputs.reads(RECORD_KINDS);
      return (counts ??= queries.countsByVendor());
    },
    served: (vendor) => {
      servedVendors.add(vendor);
    },
    async staleServed() {
      if (servedVendors.size === 0) return [];
      const status = await reads.vendorRefresh();
      return [...servedVendors]
        .filter((vendor) => isStale(status.get(vendor)))
        .sort()
        .map((vendor) => {
          const at = status.get(vendor)?.lastSuccessAt ?? null;
          return { vendor, since: at === null ? null : new Date(at).toISOString() };
        });
    },
  };
  return reads;
}
