import type { Vendor } from './vendor.js';

/**
 * Normalized models: what vendor clients map raw payloads to (vendors/<v>/map.ts) and
 * what resolvers receive as parents (codegen `mappers`). Dates are ISO 8601 strings
 * with an offset; a `Date` field is YYYY-MM-DD. Every node model carries `__typename`,
 * which is how `Node` resolves its concrete type.
 */

/** One vendor's id for one of its records. */
export interface SourceRef {
  vendor: Vendor;
  externalId: string;
}

/** A vendor record behind a unified object, with the payload as the vendor sent it. */
export interface SourceRecordModel extends SourceRef {
  raw: unknown;
  /** On a unit's sources: the identity rule that joined the record to the unit; absent elsewhere. */
  matchedBy?: string | null;
}

/** A vendor record that is part of a unit, with the identity rule that joined it (null when the index kept none). */
export interface UnitMember extends SourceRef {
  matchedBy?: string | null;
}

export interface AddressModel {
  line1: string;
  unitNumber: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2 when known. */
  country: string | null;
}

export interface MoneyModel {
  amount: number;
  currency: string;
  /** MONTH, WEEK, ... or null for a one-off amount. */
  period: string | null;
}

/**
 * One vendor's view of a physical unit; the graph merges these into one Unit. Not a node
 * of the graph, but tagged like one, so that what an event is about (events.ts) is one
 * tagged union.
 */
export interface UnitRecord extends SourceRecordModel {
  __typename: 'UnitRecord';
  address: AddressModel | null;
  bedrooms: number | null;
  bathrooms: number | null;
  squareFeet: number | null;
  ownerId: string | null;
  possessionStart: string | null;
  possessionEnd: string | null;
  active: boolean | null;
  /** The marketing vendor's own status of the unit ("Available", "Leased", ...); absent from vendors that market nothing. */
  marketingStatus?: string | null;
}

/**
 * A physical unit as the identity index knows it: a stable key and the vendor records
 * that are this unit. Fields are read through loaders when asked for.
 */
export interface UnitParent {
  __typename: 'Unit';
  key: string;
  members: readonly UnitMember[];
  /**
   * The unit's country as the identity index knows it: the one a member's vendor stated,
   * else the one the rules inferred. Absent when the directory keeps none.
   */
  country?: string | null;
}

export type LeaseStatus = 'PAST' | 'CURRENT' | 'FUTURE';

export interface TenantModel extends SourceRecordModel {
  __typename: 'Tenant';
  name: string;
  email: string | null;
  phone: string | null;
}

export interface LeaseModel extends SourceRecordModel {
  __typename: 'Lease';
  /** The vendor's id of the unit this lease is for. */
  unitExternalId: string | null;
  start: string | null;
  end: string | null;
  moveIn: string | null;
  moveOut: string | null;
  /**
   * The status at the time the lease was read from its vendor. A lease read later (from
   * the store) has another: the graph asks `leaseStatusOf` (domain/leases.ts).
   */
  status: LeaseStatus | null;
  /** The status as the vendor states it, where it states one; it stands over the dates. A vendor that derives it from the dates states none. */
  statedStatus?: LeaseStatus | null;
  primaryTenantId: string | null;
  tenants: TenantModel[];
}

export interface LockboxModel extends SourceRecordModel {
  __typename: 'Lockbox';
  serialNumber: string;
  lockboxType: string;
  accountId: string | null;
}

export type LockboxEventType = 'INSTALL' | 'UNINSTALL' | 'GENERATE_CODE';

export interface LockboxEventModel extends SourceRecordModel {
  __typename: 'LockboxEvent';
  /** Null when the vendor sent an event type this gateway does not know yet (kept in raw). */
  eventType: LockboxEventType | null;
  lockboxExternalId: string;
  unitExternalId: string | null;
  occurredAt: string;
  /** The vendor account the event belongs to, where the vendor says. */
  accountId?: string | null;
  /** What the vendor recorded with the event (e.g. installer and notes), as it sent it. */
  metadata?: Record<string, unknown> | null;
}

export interface ProspectModel extends SourceRecordModel {
  __typename: 'Prospect';
  name: string | null;
  email: string | null;
  phone: string | null;
  status: string | null;
  source: string | null;
  createdAt: string | null;
  /** The vendor's unit-like record the prospect is interested in. */
  unitOfInterest: SourceRef | null;
  /** The lead's rental application, where the vendor keeps one (absent where it does not say). */
  application?: ProspectApplicationModel | null;
  /** Internal notes on the lead. */
  note?: string | null;
}

export interface ProspectApplicationModel {
  id: string;
  applicantId: string | null;
  status: string | null;
  rating: number | null;
  approvalStatus: string | null;
  documentStatus: string | null;
  sentAt: string | null;
  receivedAt: string | null;
}

export interface ShowingModel extends SourceRecordModel {
  __typename: 'Showing';
  unit: SourceRef | null;
  prospect: SourceRef | null;
  startsAt: string | null;
  endsAt: string | null;
  status: string | null;
  method: string | null;
  teamMember: string | null;
}

export type LeasingStage =
  | 'NEW' | 'CONTACTED' | 'PRESCREENING' | 'SHOWING_REQUESTED' | 'SHOWING_SCHEDULED' | 'SHOWING_COMPLETED'
  | 'SHOWING_MISSED' | 'APPLICATION' | 'APPLICATION_APPROVED' | 'APPLICATION_REJECTED'
  | 'LEASE_SENT' | 'LEASE_SIGNED' | 'MOVE_IN' | 'LOST' | 'OTHER';

export interface LeasingEventModel extends SourceRecordModel {
  __typename: 'LeasingEvent';
  eventType: string;
  stage: LeasingStage;
  occurredAt: string;
  prospect: SourceRef | null;
  unit: SourceRef | null;
  notes: string | null;
  /** The channel it came through, as the vendor labels it (e.g. "Phone Call"); absent where the vendor does not say. */
  source?: string | null;
  /** The time the step is planned for, e.g. a scheduled showing's start. */
  plannedAt?: string | null;
  /**
   * The showing this event opened, where a vendor announces showings only as leasing
   * events: derived when the event is received and kept with it (without its own `raw`,
   * which is the event's). Absent for every other event.
   */
  showing?: ShowingModel | null;
}

export interface ListingModel extends SourceRecordModel {
  __typename: 'Listing';
  /** The vendor's unit-like record this listing markets (often the same record). */
  unit: SourceRef | null;
  title: string | null;
  description: string | null;
  rent: MoneyModel | null;
  availableFrom: string | null;
  bedrooms: number | null;
  bathrooms: number | null;
  published: boolean | null;
  url: string | null;
  /** Only on the answer of the write that made or changed it: what the vendor reported of that write. */
  writeReport?: ListingWriteReportModel;
  /** What the vendor says beyond the fields above (schema/listing-details.graphql); absent where it says nothing. */
  details?: ListingDetailsModel;
}

export interface ListingDetailsModel {
  status?: string | null;
  occupied?: boolean | null;
  petsAllowed?: string | null;
  petRestrictions?: string | null;
  fees?: { name: string; kind: string | null; amount: number | null }[];
  amenities?: string[];
  showingMethod?: string | null;
  prescreeningTemplate?: SourceRef | null;
  leadCount?: number | null;
  showingCount?: number | null;
  deposit?: MoneyModel | null;
  contracts?: { rent: MoneyModel | null; deposit: MoneyModel | null; startDate: string | null; endDate: string | null; minimumDays: number | null }[];
  media?: { photos: string[]; videos: string[]; floorplans: string[] } | null;
  branch?: { agentId: string | null; name: string | null; website: string | null } | null;
}

/** What a listing write reported beyond the listing; `skipped` items were not saved, the listing was. */
export interface ListingWriteReportModel {
  skipped: { part: 'BUILDING_AMENITIES' | 'TEAM_MEMBERS'; message: string }[];
  buildingId: number | null;
  floorplanId: number | null;
  buildingAmenitiesSaved: number | null;
  assignedTeamMemberIds: number[];
  createdTeamMembers: { teamMemberId: number; userId: number | null; personId: number | null; email: string | null; alreadyExisted: boolean | null }[];
}

export interface ProtocolContactModel {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  role: string | null;
}

export interface ProtocolModel extends SourceRecordModel {
  __typename: 'Protocol';
  /** The vendor's object (its unit-like record) the protocol is about. */
  object: SourceRef | null;
  cause: string | null;
  createdAt: string | null;
  deletedAt: string | null;
  contacts: ProtocolContactModel[];
  /** The object's name and type as the vendor gives them (absent in protocols kept before they were read). */
  objectDetails?: { externalId: string; name: string | null; type: string | null } | null;
  tags?: string[];
}

export interface ProtocolPdfModel {
  url: string;
  fileName: string;
  expiresAt: string;
}

export interface MultifamilyPropertyModel extends SourceRecordModel {
  __typename: 'MultifamilyProperty';
  communityName: string;
  buildingCount: number | null;
  unitCount: number | null;
  description: string | null;
  structureType: string | null;
  yearBuilt: number | null;
  textAddress: string | null;
  accountId: string | null;
  externalIds: unknown;
  deleted: boolean | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface FloorplanModel extends SourceRecordModel {
  __typename: 'Floorplan';
  name: string | null;
  propertyExternalId: string | null;
  bedroomCount: number | null;
  bathroomCount: number | null;
  unitCount: number | null;
  unitsAvailable: number | null;
  marketRent: number | null;
  minSqft: number | null;
  maxSqft: number | null;
  description: string | null;
  deleted: boolean | null;
}

export interface SubteamModel extends SourceRecordModel {
  __typename: 'Subteam';
  name: string;
  accountId: string | null;
  userIds: string[];
}

export interface PrescreeningTemplateModel extends SourceRecordModel {
  __typename: 'PrescreeningTemplate';
  name: string;
  rules: unknown;
  questions: unknown;
}

/** A period a lockbox sat on a unit: opened by an Install event, closed by the next Uninstall; the unit is the vendor's own. */
export interface LockboxInstallationModel {
  vendor: Vendor;
  externalId: string;
  raw: unknown;
  lockboxExternalId: string;
  unitExternalId: string | null;
  installedAt: string | null;
  /** Null while the lockbox is still installed. */
  uninstalledAt: string | null;
}

/** A lockbox access code for a day (Mutation.generateLockboxCode). */
export interface LockboxCodeModel {
  code: string;
  lockboxType: string | null;
  instructions: string | null;
}

/** A window a unit can be shown in (Unit.showingAvailability). */
export interface ShowingWindowModel {
  start: string;
  end: string;
  /** The unit's preferred times (preferredShowingWindows); others are merely available. */
  preferred: boolean;
  /** The showing methods open in this window, where the vendor says (absent in windows kept before it did). */
  methods?: string[];
}

/** A unit's showing windows as one vendor record of it offers them. */
export interface ShowingAvailabilityModel {
  unitExternalId: string;
  /** Every window once, ordered by start. */
  windows: ShowingWindowModel[];
  showingMethod: string | null;
  timezoneName: string | null;
  timezoneAbbreviation: string | null;
  unitStatus: string | null;
}

/** One entry of the audit log (src/access/audit-log.ts): who did what, when, with what outcome. */
export interface AuditEntryModel {
  __typename: 'AuditEntry';
  /** The global id. */
  id: string;
  at: string;
  client: string;
  operation: string;
  /** The arguments with secrets and personal data redacted. */
  input: unknown;
  outcome: string;
  vendor: Vendor | null;
  vendorStatus: number | null;
  idempotencyKey: string | null;
}

export type NodeModel =
  | UnitParent | LeaseModel | TenantModel | LockboxModel | LockboxEventModel | ProspectModel | ShowingModel
  | LeasingEventModel | ListingModel | ProtocolModel | MultifamilyPropertyModel | FloorplanModel | SubteamModel
  | PrescreeningTemplateModel | AuditEntryModel;

export type NodeTypeName = NodeModel['__typename'];
