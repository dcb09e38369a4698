import type { Logger } from 'pino';
import type {
  FloorplanModel, LeasingEventModel, ListingModel, LockboxCodeModel, LockboxEventModel, LockboxModel, MultifamilyPropertyModel,
  ShowingModel, SourceRef, UnitParent, UnitRecord,
} from '../domain/models.js';
import type {
  MutationAssignProspectArgs, MutationCreateListingArgs, MutationCreateLockboxesArgs, MutationGenerateLockboxCodeArgs,
  MutationInstallLockboxArgs, MutationScheduleShowingArgs, MutationTransferLockboxesArgs, MutationUninstallLockboxArgs,
  MutationUpdateListingArgs, MutationUpsertFloorplanArgs, MutationUpsertMultifamilyPropertyArgs, MutationUpsertUnitArgs,
} from '../generated/graphql.js';
import type { Store } from '../store/store.js';
import type { RecordWrite } from './read-model.js';

/**
 * Vendor writes: each Mutation field is one documented write of the vendor module that
 * offers it, answered with the domain model the read resolvers render. The gateway runs
 * them (resolvers/mutations): an Idempotency-Key replays a stored answer; otherwise the
 * write checks its input and resolves ids (BAD_USER_INPUT before any vendor call), makes
 * its one vendor call through `context.write` (never retried), and builds the answer.
 *
 * The schema's Mutation type is the list of fields: resolvers/mutations fails to compile
 * when this interface and the schema differ.
 */
export interface WriteSignatures {
  scheduleShowing: { args: MutationScheduleShowingArgs; answer: ShowingModel };
  generateLockboxCode: { args: MutationGenerateLockboxCodeArgs; answer: LockboxCodeModel };
  installLockbox: { args: MutationInstallLockboxArgs; answer: LockboxEventModel };
  uninstallLockbox: { args: MutationUninstallLockboxArgs; answer: LockboxEventModel };
  createLockboxes: { args: MutationCreateLockboxesArgs; answer: LockboxModel[] };
  transferLockboxes: { args: MutationTransferLockboxesArgs; answer: LockboxModel[] };
  assignProspect: { args: MutationAssignProspectArgs; answer: LeasingEventModel };
  upsertUnit: { args: MutationUpsertUnitArgs; answer: UnitParent };
  createListing: { args: MutationCreateListingArgs; answer: ListingModel };
  updateListing: { args: MutationUpdateListingArgs; answer: ListingModel };
  upsertMultifamilyProperty: { args: MutationUpsertMultifamilyPropertyArgs; answer: MultifamilyPropertyModel };
  upsertFloorplan: { args: MutationUpsertFloorplanArgs; answer: FloorplanModel };
}

export type WriteField = keyof WriteSignatures;

/** What a write may ask of the gateway; `C` is its vendor connection's client. */
export interface WriteContext<C> {
  /** The Mutation field being written, for messages. */
  readonly field: string;
  /**
   * Makes the vendor call. Afterwards, whatever its outcome (even a failed write may have
   * changed something), every cached read of this vendor is dropped: this request's
   * loaders and merged units, and the cross-request cache.
   */
  write<R>(call: (client: C) => Promise<R>): Promise<R>;
  /** The client, for reads after the write (e.g. the record as the vendor now lists it). */
  readonly client: C;
  /** The merged unit a Unit id names, once the identity index is ready; NOT_FOUND naming `field` when it has none. */
  unit(id: string, field: string): Promise<UnitParent>;
  /**
   * Adds records the write made to the identity index, so the answer and later queries
   * resolve them as merged units before the next sync reads the vendor. A failure is
   * logged, not thrown: the write succeeded, and the next sync adds them anyway.
   */
  index(records: readonly UnitRecord[]): Promise<void>;
  /**
   * Keeps the records the vendor answered with in the read model (and the facts of their
   * units), so a query made once the mutation has answered shows them. A failure is
   * logged, not thrown: the write succeeded, and the next sync brings the records.
   */
  keep(writes: readonly RecordWrite[]): Promise<void>;
  /** The merged unit a vendor record belongs to, as this request now sees the index. */
  unitOfRecord(ref: SourceRef): Promise<UnitParent | null>;
  /** The gateway's store, for what a vendor must remember about its writes. */
  readonly store: Store;
  readonly logger: Logger;
}

/**
 * A write as a vendor module offers it. Its parameters are compared bivariantly (as a
 * method's are), so a module's writes over its own client type fit the registry's list
 * of modules over unknown clients; the registry pairs each module with its own client.
 */
type WriteOperation<F extends WriteField, C> = {
  run(args: WriteSignatures[F]['args'], context: WriteContext<C>): Promise<WriteSignatures[F]['answer']>;
}['run'];

export type VendorWrites<C> = { readonly [F in WriteField]?: WriteOperation<F, C> };
