import type { Logger } from 'pino';
import type { UnitRecord } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';
import type { Store } from '../store/store.js';
import type { RecordRef } from '../domain/refs.js';
import { applyEdit, type IdentityEdit } from './edits.js';
import { createIndexStore, refOf, retryConflicts, type IndexStore } from './index-store.js';
import { NO_OVERRIDES, type Overrides } from './overrides.js';
import type { UnitRecordSource } from '../ports/records.js';
import { combineOverrides } from './stored-overrides.js';
import { mergeReads, nextState, outcomeOf, readSources } from './sync-reads.js';
import { draftOf, offSyncChanges, overridesDigest, planIndex, sameRecords, unchangedPlan, type RecordDraft } from './sync-plan.js';
import type { SyncEvent, SyncProgress, SyncResult, SyncStatus, VendorSyncOutcome } from './sync-progress.js';

export type { SyncEvent, SyncProgress, SyncResult, SyncStatus, VendorSyncOutcome } from './sync-progress.js';

export interface IdentitySyncOptions {
  store: Store;
  /** One per vendor; a vendor without a source has no records in the index (a run drops them). */
  sources: readonly UnitRecordSource[];
  /**
   * The overrides file's: fixed, or a function called at the start of every run and
   * identity change (so a file's edits apply without a restart). The overrides stored
   * through the graph (stored-overrides.ts) apply after these, read from the store each time.
   */
  overrides?: Overrides | (() => Overrides | Promise<Overrides>);
  logger: Logger;
  onProgress?: (event: SyncEvent) => void;
  /**
   * A vendor that reads incrementally is read in full anyway when its last full read is
   * older than this, since only a full read can tell which records are gone. Default 86_400_000 (a day).
   */
  fullReadEveryMillis?: number;
  /** Records normalized between two yields to the event loop, so a server keeps answering. Default 2000. */
  normalizeChunkSize?: number;
}

export interface IdentitySync {
  /**
   * Reads every source, re-clusters and writes the index in one transaction. A failing
   * source keeps its records and is reported in the result; the run itself rejects only
   * when the index cannot be written (or the overrides cannot be read). Calls while a
   * run is in flight join it. When another writer (an identity change, an upsert, a run
   * in another process) wrote the index while this run read its vendors, the run plans
   * again from what it read and what that wrote, and writes that.
   */
  run(options?: { full?: boolean; onProgress?: (event: SyncEvent) => void }): Promise<SyncResult>;
  status(): SyncStatus;
  /** Settles once the stored index has been looked at, so that status() tells whether a sync ever completed. */
  readonly loaded: Promise<void>;
  /**
   * Looks at the stored index again: true once a sync completed, here or in another
   * process on the store (the leader's, when replicas share one). status() follows.
   */
  recheck(): Promise<boolean>;
  /**
   * Adds or updates records a write through the gateway just made (a unit created or
   * moved), so they resolve before the next run reads their vendor. They are clustered
   * with the stored records under the current overrides and written in one transaction;
   * a run in flight is waited for first, since it would write what it read before the
   * write. Sync state and watermarks are left alone: the next run reads these records
   * again and finds them unchanged.
   */
  upsert(records: readonly UnitRecord[]): Promise<void>;
  /**
   * Makes an identity change through the graph (edits.ts): stores it and re-clusters the
   * index with it in one transaction, at once, without waiting for a run in flight (which
   * then plans again with it). Resolves with the record whose unit answers the change;
   * rejects with a client error (NOT_FOUND, BAD_USER_INPUT) when it is refused. `client`
   * is the key name kept with the stored change.
   */
  edit(edit: IdentityEdit, client: string): Promise<RecordRef>;
  /** No run starts after this; resolves once the run in flight has settled, without writing. */
  close(): Promise<void>;
}

export function createIdentitySync(options: IdentitySyncOptions): IdentitySync {
  const { logger } = options;
  const seen = new Set<Vendor>();
  for (const source of options.sources) {
    if (seen.has(source.vendor)) throw new RangeError(`createIdentitySync expected one source per vendor, got two for ${source.vendor}`);
    seen.add(source.vendor);
  }
  const index = createIndexStore(options.store);
  const fullEveryMillis = options.fullReadEveryMillis ?? 86_400_000;
  const chunkSize = options.normalizeChunkSize ?? 2000;

  const fileOverrides = async (): Promise<Overrides> => (typeof options.overrides === 'function' ? options.overrides() : options.overrides ?? NO_OVERRIDES);

  let firstSyncDone = false;
  let inFlight: Promise<SyncResult> | null = null;
  let progress: SyncProgress | null = null;
  let lastRunAt: string | null = null;
  let lastError: string | null = null;
  let closed = false;

  const execute = async (full: boolean, emit: (event: SyncEvent) => void): Promise<SyncResult> => {
    const started = new Date();
    const live: SyncProgress = { phase: 'reading', startedAt: started.toISOString(), recordsRead: {}, vendorsDone: [], records: 0 };
    progress = live;
    const setPhase = (phase: SyncProgress['phase'], records: number) => {
      live.phase = phase;
      live.records = records;
      emit({ type: 'phase', phase, records });
    };
    setPhase('reading', 0);

    const file = await fileOverrides();
    const state = await index.syncState();
    const reads = await readSources(options.sources, { state, full, fullEveryMillis, startedMillis: started.getTime(), live, emit });
    const readingMillis = Date.now() - started.getTime();
    if (closed) throw new Error('the identity sync was closed while reading; nothing was written');

    const anyRead = reads.length === 0 || reads.some((read) => read.result !== null);
    const { plan, next, outcomes, writingMillis } = await retryConflicts(async () => {
      if (closed) throw new Error('the identity sync was closed while reading; nothing was written');
      // The generation first: whatever is read after it and changed meanwhile makes the write fail and plan again.
      const readGeneration = await index.generation();
      const stored = await index.records();
      const storedUnits = await index.units();
      const overrides = combineOverrides(file, await index.overrides());
      const next = await mergeReads(stored, reads, { full, chunkSize, onIncoming: (records) => setPhase('clustering', records) });
      const now = new Date().toISOString();
      const digest = overridesDigest(overrides);
      const unchanged = !full && (await index.overridesDigest()) === digest && sameRecords(next, stored);
      const plan = unchanged ? unchangedPlan(stored, storedUnits) : planIndex({ next, stored, storedUnits, overrides, now });
      if (closed) throw new Error('the identity sync was closed while clustering; nothing was written');

      const outcomes = reads.map((read) => outcomeOf(read, plan.byVendor.get(read.source.vendor)));
      setPhase('writing', next.size);
      const writeStarted = performance.now();
      await index.write({
        upsertRecords: plan.upsertRecords,
        deleteRecords: plan.deleteRecords,
        upsertUnits: plan.upsertUnits,
        deleteUnits: plan.deleteUnits,
        retireUnits: plan.retireUnits,
        syncState: reads.map((read, i) => nextState(read, state.get(read.source.vendor), outcomes[i]!.records, now)),
        syncedAt: anyRead ? now : null,
        overridesDigest: digest,
      }, readGeneration);
      return { plan, next, outcomes, writingMillis: performance.now() - writeStarted };
    });
    if (anyRead) firstSyncDone = true;
    for (const outcome of outcomes) emit({ type: 'vendor', outcome });

    const finished = new Date();
    return {
      startedAt: live.startedAt,
      finishedAt: finished.toISOString(),
      durationMillis: finished.getTime() - started.getTime(),
      full,
      vendors: outcomes,
      records: next.size,
      units: plan.units,
      multiVendorUnits: plan.multiVendorUnits,
      unitsAdded: plan.unitsAdded,
      unitsRemoved: plan.unitsRemoved,
      timings: { readingMillis, clusteringMillis: Math.round(plan.clusteringMillis), writingMillis: Math.round(writingMillis) },
    };
  };

  const runOnce = async (full: boolean, listener: ((event: SyncEvent) => void) | undefined): Promise<SyncResult> => {
    // A listener is a progress display; its failure must not fail the sync.
    const emit = (event: SyncEvent) => {
      for (const l of [options.onProgress, listener]) {
        try {
          l?.(event);
        } catch (error) {
          logger.warn({ err: error }, 'an identity sync progress listener threw; ignored');
        }
      }
    };
    try {
      const result = await execute(full, emit);
      lastError = reportRun(logger, result);
      emit({ type: 'done', result });
      return result;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      lastRunAt = new Date().toISOString();
      progress = null;
    }
  };

  const recheck = async (): Promise<boolean> => {
    if (!firstSyncDone && (await index.syncedAt()) !== null) firstSyncDone = true;
    return firstSyncDone;
  };
  const loaded = recheck().then(
    () => undefined,
    (error: unknown) => logger.error({ err: error }, 'could not read the identity index state'),
  );

  return {
    loaded,
    recheck,
    run(runOptions = {}) {
      if (closed) return Promise.reject(new Error('the identity sync is closed'));
      if (inFlight !== null) return inFlight;
      const running = runOnce(runOptions.full ?? false, runOptions.onProgress);
      inFlight = running;
      void running.finally(() => {
        if (inFlight === running) inFlight = null;
      }).catch(() => {});
      return running;
    },
    status() {
      return { firstSyncDone, running: inFlight !== null, lastRunAt, lastError, progress: progress === null ? null : structuredClone(progress) };
    },
    async upsert(records) {
      if (records.length === 0) return;
      if (closed) throw new Error('the identity sync is closed');
      // A run it would race writes what it read before the write: it is waited for first.
      await inFlight?.catch(() => {});
      await upsertRecords(index, records, fileOverrides, () => closed);
    },
    async edit(edit, client) {
      if (closed) throw new Error('the identity sync is closed');
      return applyEdit(index, fileOverrides, edit, client);
    },
    async close() {
      closed = true;
      await inFlight?.catch(() => {});
    },
  };
}

/** Logs a finished run; returns its failed vendors as one line ("VENDOR: message; …"), or null. */
function reportRun(logger: Logger, result: SyncResult): string | null {
  const failed = result.vendors.filter((v): v is Extract<VendorSyncOutcome, { ok: false }> => !v.ok);
  for (const v of failed) logger.warn({ vendor: v.vendor, error: v.error, keptRecords: v.records }, 'identity sync could not read a vendor; its records are kept');
  logger.info({
    durationMillis: result.durationMillis, records: result.records, units: result.units, multiVendorUnits: result.multiVendorUnits,
    unitsAdded: result.unitsAdded, unitsRemoved: result.unitsRemoved, timings: result.timings,
  }, 'identity sync done');
  return failed.length === 0 ? null : failed.map((v) => `${v.vendor}: ${v.error}`).join('; ');
}

/**
 * Clusters `records` with the stored ones under the current overrides (the file's and
 * the stored ones) and writes the result in one transaction, leaving sync state and
 * watermarks alone. A run (here or in another process) that wrote meanwhile moves the
 * index's generation on and the write is refused; it is then planned again on what that
 * run wrote, up to five times.
 */
async function upsertRecords(index: IndexStore, records: readonly UnitRecord[], fileOverrides: () => Promise<Overrides>, isClosed: () => boolean): Promise<void> {
  const file = await fileOverrides();
  await retryConflicts(async () => {
    if (isClosed()) throw new Error('the identity sync is closed');
    const readGeneration = await index.generation();
    const stored = await index.records();
    const overrides = combineOverrides(file, await index.overrides());
    const next = new Map<string, RecordDraft>(stored);
    for (const record of records) {
      const ref = refOf(record.vendor, record.externalId);
      next.set(ref, draftOf(record, stored.get(ref)));
    }
    const plan = planIndex({ next, stored, storedUnits: await index.units(), overrides, now: new Date().toISOString() });
    await index.write(offSyncChanges(plan, overrides), readGeneration);
  });
}
