import DataLoader from 'dataloader';
import type { SourceRef } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';
import { parseRefKey, refKey } from '../domain/ids.js';
import { VendorError } from '../errors.js';
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
   * Whether this request answers a vendor's reads from the store (stale or not), without
   * calling the vendor: the read model completed a full sync of its records, and, under
   * @fresh, they are young enough (or this request's live read of the vendor failed).
   */
  holds(vendor: Vendor): Promise<boolean>;
  /**
   * The one way to read what vendors own: `stored()` when this request answers every one
   * of `vendors` from the store (holds), else `live(fallsBack)`. Under @fresh, with the
   * store holding a full copy of each of them (`fallsBack` true), a vendor error from
   * `live` serves `stored()` instead, the failing vendor stale for the rest of this
   * response (and not called again by it); `live` then lets vendor errors through rather
   * than degrading around them.
   */
  storedOrLive<T>(vendors: Vendor | readonly Vendor[], stored: () => Promise<T>, live: (fallsBack: boolean) => Promise<T>): Promise<T>;
  /**
   * Under @fresh(maxAgeSeconds): the age in milliseconds beyond which this request reads a
   * vendor live; null when the operation is not under @fresh. A response under @fresh is
   * never served from, nor stored in, a response cache.
   */
  readonly freshMaxAgeMillis: number | null;
  /** Puts the request under @fresh, before it runs (request/fresh.ts). */
  requireFresh(maxAgeMillis: number): void;
  unitFacts(unitKey: string): Promise<UnitFacts | null>;
  /** The oldest synced_at (epoch ms) of a vendor record's copies; null when the read model holds none. */
  syncedAt(ref: SourceRef): Promise<number | null>;
  /** Freshness of what stands on these vendor records (and marks their vendors as served). */
  freshness(refs: readonly SourceRef[]): Promise<{ syncedAt: string | null; stale: boolean }>;
  vendorRefresh(): Promise<Map<Vendor, VendorRefresh>>;
  countsByVendor(): Promise<Map<Vendor, number>>;
  /** Notes that this response shows stored data of `vendor`. */
  served(vendor: Vendor): void;
  /** The vendors whose stored data this response showed while their last refresh (or this request's live read) had failed, with their last success. */
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
  // Under @fresh: a vendor last refreshed at or before `cutoff` (epoch ms) is read live.
  let fresh: { maxAgeMillis: number; cutoff: number } | null = null;
  // Vendors whose live read failed in this request: served from the store, stale.
  const liveFailed = new Set<Vendor>();
  /**
   * Whether this request serves a vendor from the store. A vendor's data is as old as its
   * last successful refresh: a sync or poll that succeeds confirms every record it did not
   * change (an incremental one writes only what changed, so a record's own synced_at says
   * when it last changed rather than how old the copy is), and live reads go per vendor and
   * resource anyway.
   */
  const servesStored = (vendor: Vendor, status: VendorRefresh | undefined): boolean => {
    if ((status?.lastFullSyncAt ?? null) === null) return false;
    if (fresh === null || liveFailed.has(vendor)) return true;
    const at = status?.lastSuccessAt ?? null;
    return at !== null && at > fresh.cutoff;
  };
  // What this request read live is not the stale copy, whatever the last sync did.
  const staleIn = (status: Map<Vendor, VendorRefresh>, vendor: Vendor): boolean => {
    const refresh = status.get(vendor);
    return liveFailed.has(vendor) || (isStale(refresh) && (fresh === null || servesStored(vendor, refresh)));
  };

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
      return servesStored(vendor, (await reads.vendorRefresh()).get(vendor));
    },
    async storedOrLive(vendors, stored, live) {
      const list: readonly Vendor[] = typeof vendors === 'string' ? [vendors] : vendors;
      const status = await reads.vendorRefresh();
      if (list.length > 0 && list.every((vendor) => servesStored(vendor, status.get(vendor)))) return stored();
      const fallsBack = fresh !== null && list.length > 0 && list.every((vendor) => (status.get(vendor)?.lastFullSyncAt ?? null) !== null);
      if (!fallsBack) return live(false);
      try {
        return await live(true);
      } catch (error) {
        if (!(error instanceof VendorError) || !list.includes(error.vendor)) throw error;
        liveFailed.add(error.vendor);
        servedVendors.add(error.vendor);
        return stored();
      }
    },
    get freshMaxAgeMillis() {
      return fresh?.maxAgeMillis ?? null;
    },
    requireFresh(maxAgeMillis) {
      fresh = { maxAgeMillis, cutoff: Date.now() - maxAgeMillis };
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
        stale: refs.some((ref) => staleIn(status, ref.vendor)),
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
        .filter((vendor) => staleIn(status, vendor))
        .sort()
        .map((vendor) => {
          const at = status.get(vendor)?.lastSuccessAt ?? null;
          return { vendor, since: at === null ? null : new Date(at).toISOString() };
        });
    },
  };
  return reads;
}
