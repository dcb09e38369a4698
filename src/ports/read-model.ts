import type { SourceRef } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';

/**
 * What a vendor module hands the read model (src/readmodel/): the records it lists, as
 * drafts, and the resources it can list them from. Vendors implement these without
 * knowing how the read model stores them.
 *
 * What the read model keeps: one kind per schema entity type, UNIT for every vendor's
 * unit-like record (a unit of the system of record, a marketing vendor's unit or property,
 * the object of a handover protocol), and LOCKBOX_INSTALLATION for lockbox installation
 * history.
 */
export const RECORD_KINDS = [
  'UNIT', 'LEASE', 'TENANT', 'LOCKBOX', 'LOCKBOX_INSTALLATION', 'LOCKBOX_EVENT', 'PROSPECT', 'SHOWING', 'LEASING_EVENT',
  'LISTING', 'PROTOCOL', 'MULTIFAMILY_PROPERTY', 'FLOORPLAN', 'SUBTEAM', 'PRESCREENING_TEMPLATE',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Many-to-many relations, each from records of one kind to records of another. */
export const RECORD_LINKS = {
  /** A lease's tenants. */
  lease_tenant: { from: 'LEASE', to: 'TENANT' },
} as const satisfies Record<string, { from: RecordKind; to: RecordKind }>;
export type RecordLinkKind = keyof typeof RECORD_LINKS;

/** The link kinds whose links start at records of `kind`. */
export function linksFrom(kind: RecordKind): RecordLinkKind[] {
  return (Object.keys(RECORD_LINKS) as RecordLinkKind[]).filter((link) => RECORD_LINKS[link].from === kind);
}

export interface RecordLink {
  link: RecordLinkKind;
  to: SourceRef;
}

/** A record as a writer hands it over. The model's `raw` is stored apart from the rest of it. */
export interface RecordDraft<M extends object = object> {
  kind: RecordKind;
  vendor: Vendor;
  externalId: string;
  /** The mapped domain model (its `raw`, if any, is the vendor payload). */
  model: M;
  /** The unit-like record this one belongs to, where there is one. */
  unitRef?: SourceRef | null;
  /** The one record that owns this one, where there is one. */
  parentRef?: SourceRef | null;
  /** Many-to-many relations from this record (all of them: they replace the stored ones). */
  links?: readonly RecordLink[];
  /**
   * The vendor's own last-change time, where it sends one: a draft older than the stored
   * copy by it does not replace that copy (deliveries and pages arrive out of order).
   */
  vendorUpdatedAt?: string | null;
}

export interface RecordKey {
  kind: RecordKind;
  vendor: Vendor;
  externalId: string;
}

/**
 * A record to remove. With the vendor's last-change time of the record as the deletion
 * saw it, a stored copy the vendor changed later stays (a late delivery of an old delete).
 */
export interface RecordDelete extends RecordKey {
  vendorUpdatedAt?: string | null;
}

/** The delete of a drafted record, with the vendor's time the draft carries. */
export function deleteOf({ kind, vendor, externalId, vendorUpdatedAt }: RecordDraft): RecordDelete {
  return vendorUpdatedAt === null || vendorUpdatedAt === undefined ? { kind, vendor, externalId } : { kind, vendor, externalId, vendorUpdatedAt };
}

/** A stored record filed under another unit, its model as stored (no change where the record is not stored). */
export interface RecordMove {
  key: RecordKey;
  unitRef: SourceRef | null;
}

/**
 * Ends the open spans stored under one parent: each stored record of `kind` filed under
 * `parentRef` whose model has `field` null gets `at` there (e.g. a lockbox's open
 * installation, closed by an Uninstall that does not name it).
 */
export interface RecordSpanEnd {
  kind: RecordKind;
  parentRef: SourceRef;
  field: string;
  at: string;
}

export interface RecordChanges {
  upserts?: readonly RecordDraft[];
  deletes?: readonly RecordDelete[];
  /** Applied after upserts and deletes: where an event says a record now belongs to another unit. */
  moves?: readonly RecordMove[];
  /** Applied after moves. */
  spanEnds?: readonly RecordSpanEnd[];
}

/**
 * Record changes learned outside a sync (a webhook, a poll, a mutation's answer), under
 * the resource that lists such records (so the resource's next complete read confirms
 * or sweeps them), or a resource of their own where no list has them.
 */
export interface RecordWrite extends RecordChanges {
  resource: string;
}

export interface RecordPage extends RecordChanges {
  /** Records the vendor has read so far in this resource (for progress). */
  readSoFar?: number;
}

export interface ResourceReadOptions {
  /** A watermark this resource returned before; null = read everything. */
  since: string | null;
  /** Writes a page; resolves once it is committed. Pages are written in order. */
  onPage(page: RecordPage): Promise<void>;
  signal: AbortSignal;
}

export interface ResourceReadResult {
  /** True when the pages were the resource's whole set (records missing from them are gone). */
  complete: boolean;
  /** Hand back as `since` next time; null when the vendor cannot read incrementally. */
  watermark: string | null;
}

/** One listable vendor resource (a vendor module provides one per list it can read). */
export interface ResourceSource {
  vendor: Vendor;
  /** Unique and never renamed: names the records it wrote and its sync state, e.g. "<vendor>:units". */
  resource: string;
  /** The record kinds it writes, for progress and counts. */
  kinds: readonly RecordKind[];
  read(options: ResourceReadOptions): Promise<ResourceReadResult>;
}


/** What a draft says beside its model: where it belongs, what owns it, what it links to. */
export type DraftRelations = Pick<RecordDraft, 'unitRef' | 'parentRef' | 'links' | 'vendorUpdatedAt'>;

/** A draft of a mapped model, keyed by the model's own vendor and id. */
export function draftOf<M extends SourceRef>(kind: RecordKind, model: M, relations: DraftRelations = {}): RecordDraft<M> {
  return { kind, vendor: model.vendor, externalId: model.externalId, model, ...relations };
}

/** The ref of `vendor`'s record `externalId`, or null without an id. */
export function refOf(vendor: Vendor, externalId: string | null | undefined): SourceRef | null {
  return externalId === null || externalId === undefined ? null : { vendor, externalId };
}

/** The later of two ISO 8601 instants (null counts as earliest): an incremental resource's next watermark. */
export function laterOf(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** Hands drafts a vendor gives whole to the sync a page at a time, so each transaction stays small. */
export async function inPages(read: Pick<ResourceReadOptions, 'onPage' | 'signal'>, drafts: readonly RecordDraft[], size = 500): Promise<void> {
  for (let i = 0; i < drafts.length; i += size) {
    read.signal.throwIfAborted();
    await read.onPage({ upserts: drafts.slice(i, i + size), readSoFar: Math.min(i + size, drafts.length) });
  }
}
