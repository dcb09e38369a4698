import type DataLoader from 'dataloader';
import type {
  FloorplanModel, LeaseModel, ListingModel, LockboxEventModel, LockboxEventType, LockboxInstallationModel, LockboxModel, MultifamilyPropertyModel,
  PrescreeningTemplateModel, ProspectModel, ProtocolModel, ProtocolPdfModel, ShowingAvailabilityModel, ShowingModel, SubteamModel,
  TenantModel, UnitRecord,
} from '../domain/models.js';
import type { UnitDirectory } from './directory.js';

/**
 * What the resolvers ask a vendor for, by domain: one vendor's answers for one request,
 * read through per-request loaders (batched and deduplicated within the request, never
 * shared with another). A vendor offers the kinds it has; resolvers ask every vendor
 * that offers a kind and merge, in vendor precedence. Ids are the vendor's own; a
 * record's `vendor` says whose.
 *
 * Results may be shared with other readers of the same request (or, for reads a vendor
 * caches across requests, with other requests): read-only.
 */
export interface VendorReads {
  /** Its unit-like record by id (a unit of the system of record, a listing's property, a protocol's object), for merging a Unit. */
  unitRecord: DataLoader<string, UnitRecord | null>;
  leases?: LeaseReads;
  lockboxes?: LockboxReads;
  portfolio?: PortfolioReads;
  prospects?: ProspectReads;
  showings?: ShowingReads;
  /** Showing windows by unit id: one vendor call per unit where the vendor has no batch form. */
  showingAvailability?: DataLoader<string, ShowingAvailabilityModel>;
  listings?: ListingReads;
  protocols?: ProtocolReads;
  /**
   * Where `units` pages before the identity index's first sync: this vendor's units, one
   * unit per record. The system of record offers it; the first such vendor in precedence serves.
   */
  interimDirectory?: UnitDirectory;
}

export interface LeaseReads {
  allLeases(): Promise<LeaseModel[]>;
  leaseById: DataLoader<string, LeaseModel | null>;
  /** By the vendor's unit id. */
  leasesByUnit: DataLoader<string, LeaseModel[]>;
  leasesByTenant: DataLoader<string, LeaseModel[]>;
  tenantById: DataLoader<string, TenantModel | null>;
}

export interface LockboxReads {
  allLockboxes(): Promise<LockboxModel[]>;
  lockboxById: DataLoader<string, LockboxModel | null>;
  /** Where a lockbox is installed now: its open installation, by lockbox id. */
  installationByLockbox: DataLoader<string, LockboxInstallationModel | null>;
  /** The open installations at a unit, by the vendor's unit id. */
  installationsByUnit: DataLoader<string, LockboxInstallationModel[]>;
  eventsByLockbox: DataLoader<string, LockboxEventModel[]>;
  lockboxEventById: DataLoader<string, LockboxEventModel | null>;
  /** The events matching every condition given, read with the vendor's own filters; in no particular order. */
  events(query: LockboxEventQuery): Promise<LockboxEventModel[]>;
  /** Every installation of a lockbox, open and closed, by lockbox id. */
  installationsOfLockbox: DataLoader<string, LockboxInstallationModel[]>;
}

/** Conditions on lockbox events; each one given must hold. `from` and `to` are inclusive ISO 8601 times. */
export interface LockboxEventQuery {
  lockboxIds?: readonly string[];
  /** The vendor's unit ids. */
  unitIds?: readonly string[];
  eventTypes?: readonly LockboxEventType[];
  from?: string;
  to?: string;
}

export interface PortfolioReads {
  allMultifamilyProperties(): Promise<MultifamilyPropertyModel[]>;
  multifamilyPropertyById: DataLoader<string, MultifamilyPropertyModel | null>;
  allFloorplans(): Promise<FloorplanModel[]>;
  floorplanById: DataLoader<string, FloorplanModel | null>;
  floorplansByProperty: DataLoader<string, FloorplanModel[]>;
  allSubteams(): Promise<SubteamModel[]>;
  subteamById: DataLoader<string, SubteamModel | null>;
  allPrescreeningTemplates(): Promise<PrescreeningTemplateModel[]>;
  prescreeningTemplateById: DataLoader<string, PrescreeningTemplateModel | null>;
}

/** Bounds on when prospects were created: `createdAfter` inclusive, `createdBefore` exclusive (ISO 8601). */
export interface ProspectWindow {
  createdAfter?: string;
  createdBefore?: string;
}

export interface ProspectReads {
  /** The prospects created in the window, or more (a vendor that cannot filter reads all; the caller filters). */
  list(window: ProspectWindow): Promise<ProspectModel[]>;
  byId: DataLoader<string, ProspectModel | null>;
  /** Prospects whose unit of interest is this vendor unit id. */
  byUnit: DataLoader<string, ProspectModel[]>;
  /**
   * For an id of the vendor's older scheme, which now names several prospects: the prefix
   * their ids share; the newest of them is the one it names. Null (or absent) for an id
   * of the current scheme.
   */
  formerIdPrefix?(id: string): string | null;
}

export interface ShowingReads {
  all(): Promise<ShowingModel[]>;
  byId(id: string): Promise<ShowingModel | null>;
  /** Showings at any of these vendor unit ids (the vendor's records of one merged unit). */
  atUnits(ids: readonly string[]): Promise<ShowingModel[]>;
  ofProspect(id: string): Promise<ShowingModel[]>;
}

export interface ListingReads {
  all(): Promise<ListingModel[]>;
  /** The listing of one vendor record (by the record's own id). */
  byId(id: string): Promise<ListingModel | null>;
}

export interface ProtocolReads {
  /** Newest first; soft-deleted ones too when asked. */
  list(options: { includeDeleted: boolean }): Promise<ProtocolModel[]>;
  /** Live protocols by the vendor's object (unit record) id, newest first. */
  byObject: DataLoader<string, ProtocolModel[]>;
  /** A protocol by id, soft-deleted ones too. */
  byId: DataLoader<string, ProtocolModel | null>;
  /** A protocol's PDF link by protocol id. */
  pdfById: DataLoader<string, ProtocolPdfModel>;
}
