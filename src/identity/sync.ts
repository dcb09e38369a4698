import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { UnitRecord } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';
import type { Store } from '../store/store.js';
import { createIndexStore, IndexConflictError, refOf, type VendorSyncState } from './index-store.js';
import { NO_OVERRIDES, type Overrides } from './overrides.js';
import type { UnitListResult, UnitRecordSource } from '../ports/records.js';
import { draftOf, overridesDigest, planIndex, sameRecords, unchangedPlan, type RecordDraft } from './sync-plan.js';
import type { SyncEvent, SyncProgress, SyncResult, SyncStatus, VendorSyncOutcome } from './sync-progress.js';

export type { SyncEvent, SyncProgress, SyncResult, SyncStatus, VendorSyncOutcome } from './sync-progress.js';

export interface IdentitySyncOptions {
  store: Store;
  /** One per vendor; a vendor without a source has no records in the index (a run drops them). */
  sources: readonly UnitRecordSource[];
  /** Fixed overrides, or a function called at the start of every run (so a file's edits apply without a restart). */
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
   * run is in flight join it.
   */
  run(options?: { full?: boolean; onProgress?: (event: SyncEvent) => void }): Promise<SyncResult>;
  status(): SyncStatus;
  /** Settles once the stored index has been looked at, so that status() tells whether a sync ever completed. */
  readonly loaded: Promise<void>;
  /**
   * Adds or updates records a write through the gateway just made (a unit created or
   * moved), so they resolve before the next run reads their vendor. They are clustered
   * with the stored records under the current overrides and written in one transaction;
   * a run in flight is waited for first, since it would write what it read before the
   * write. Sync state and watermarks are left alone: the next run reads these records
   * again and finds them unchanged.
   */
  upsert(records: readonly UnitRecord[]): Promise<void>;
  /** No run starts after this; resolves once the run in flight has settled, without writing. */
  close(): Promise<void>;
}

interface Read {
  source: UnitRecordSource;
  since: string | null;
  result: UnitListResult | null;
  error: string | null;
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

  let firstSyncDone = false;
  let inFlight: Promise<SyncResult> | null = null;
  let progress: SyncProgress | null = null;
  let lastRunAt: string | null = null;
  let lastError: string | null = null;
  let closed = false;

  const execute = async (full: boolean, emit: (event: SyncEvent) => void): Promise<SyncResult> => {
    const started = new Date();
    const startedAt = started.toISOString();
    const live: SyncProgress = { phase: 'reading', startedAt, recordsRead: {}, vendorsDone: [], records: 0 };
    progress = live;
    const setPhase = (phase: SyncProgress['phase'], records: number) => {
      live.phase = phase;
      live.records = records;
      emit({ type: 'phase', phase, records });
    };
    setPhase('reading', 0);

    const overrides = typeof options.overrides === 'function' ? await options.overrides() : options.overrides ?? NO_OVERRIDES;
    const state = await index.syncState();
    const reads = await Promise.all(options.sources.map(async (source): Promise<Read> => {
      const previous = state.get(source.vendor);
      const lastFull = previous?.lastFullReadAt ?? null;
      const fullDue = lastFull === null || started.getTime() - Date.parse(lastFull) >= fullEveryMillis;
      const since = full || fullDue ? null : previous?.watermark ?? null;
      live.recordsRead[source.vendor] = 0;
      try {
        const result = await source.list({
          since,
          onProgress: (recordsRead) => {
            live.recordsRead[source.vendor] = recordsRead;
            emit({ type: 'read', vendor: source.vendor, recordsRead, done: false });
          },
        });
        checkRecords(source.vendor, result.records);
        live.recordsRead[source.vendor] = result.records.length;
        return { source, since, result, error: null };
      } catch (error) {
        return { source, since, result: null, error: error instanceof Error ? error.message : String(error) };
      } finally {
        live.vendorsDone.push(source.vendor);
        emit({ type: 'read', vendor: source.vendor, recordsRead: live.recordsRead[source.vendor] ?? 0, done: true });
      }
    }));
    const readingMillis = Date.now() - started.getTime();
    if (closed) throw new Error('the identity sync was closed while reading; nothing was written');

    const readGeneration = await index.generation();
    const stored = await index.records();
    const storedUnits = await index.units();
    const next = new Map<string, RecordDraft>();
    const byVendor = new Map(reads.map((read) => [read.source.vendor, read]));
    // Records the run keeps as they are: a failed vendor's, and an incremental read's untouched ones.
    for (const [ref, record] of stored) {
      const read = byVendor.get(record.vendor);
      if (read === undefined) continue;
      if (read.result === null || !read.result.complete) next.set(ref, record);
    }
    const incoming = reads.flatMap((read) => read.result?.records ?? []);
    setPhase('clustering', next.size + incoming.length);
    for (let i = 0; i < incoming.length; i += chunkSize) {
      for (const record of incoming.slice(i, i + chunkSize)) {
        const ref = refOf(record.vendor, record.externalId);
        next.set(ref, draftOf(record, full ? undefined : stored.get(ref)));
      }
      if (i + chunkSize < incoming.length) await yieldToEventLoop();
    }
    const now = new Date().toISOString();
    const digest = overridesDigest(overrides);
    const unchanged = !full && (await index.overridesDigest()) === digest && sameRecords(next, stored);
    const plan = unchanged ? unchangedPlan(stored, storedUnits) : planIndex({ next, stored, storedUnits, overrides, now });
    if (closed) throw new Error('the identity sync was closed while clustering; nothing was written');

    const outcomes = reads.map((read): VendorSyncOutcome => {
      const counts = plan.byVendor.get(read.source.vendor) ?? { added: 0, changed: 0, removed: 0, records: 0 };
      return read.result === null
        ? { vendor: read.source.vendor, ok: false, error: read.error ?? 'unknown error', records: counts.records }
        : { vendor: read.source.vendor, ok: true, recordsRead: read.result.records.length, complete: read.result.complete, ...counts };
    });
    const anyRead = reads.length === 0 || reads.some((read) => read.result !== null);
    setPhase('writing', next.size);
    const writeStarted = performance.now();
    await index.write({
      upsertRecords: plan.upsertRecords,
      deleteRecords: plan.deleteRecords,
      upsertUnits: plan.upsertUnits,
      deleteUnits: plan.deleteUnits,
      syncState: reads.map((read, i) => nextState(read, state.get(read.source.vendor), outcomes[i]!.records, now)),
      syncedAt: anyRead ? now : null,
      overridesDigest: digest,
    }, readGeneration);
    const writingMillis = performance.now() - writeStarted;
    if (anyRead) firstSyncDone = true;
    for (const outcome of outcomes) emit({ type: 'vendor', outcome });

    const finished = new Date();
    return {
      startedAt,
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
      const failed = result.vendors.filter((v): v is Extract<VendorSyncOutcome, { ok: false }> => !v.ok);
      lastError = failed.length === 0 ? null : failed.map((v) => `${v.vendor}: ${v.error}`).join('; ');
      for (const v of failed) logger.warn({ vendor: v.vendor, error: v.error, keptRecords: v.records }, 'identity sync could not read a vendor; its records are kept');
      logger.info({
        durationMillis: result.durationMillis, records: result.records, units: result.units, multiVendorUnits: result.multiVendorUnits,
        unitsAdded: result.unitsAdded, unitsRemoved: result.unitsRemoved, timings: result.timings,
      }, 'identity sync done');
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

  const loaded = index.syncedAt().then(
    (syncedAt) => {
      if (syncedAt !== null) firstSyncDone = true;
    },
    (error: unknown) => logger.error({ err: error }, 'could not read the identity index state'),
  );

  return {
    loaded,
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
      for (let attempt = 1; ; attempt++) {
        if (closed) throw new Error('the identity sync is closed');
        await inFlight?.catch(() => {});
        const overrides = typeof options.overrides === 'function' ? await options.overrides() : options.overrides ?? NO_OVERRIDES;
        const readGeneration = await index.generation();
        const stored = await index.records();
        const next = new Map<string, RecordDraft>(stored);
        for (const record of records) {
          const ref = refOf(record.vendor, record.externalId);
          next.set(ref, draftOf(record, stored.get(ref)));
        }
        const plan = planIndex({ next, stored, storedUnits: await index.units(), overrides, now: new Date().toISOString() });
        try {
          // A run (here or in another process) that wrote meanwhile moves the generation on,
          // and this write is refused; it is then planned again on what that run wrote.
          await index.write({
            upsertRecords: plan.upsertRecords,
            deleteRecords: plan.deleteRecords,
            upsertUnits: plan.upsertUnits,
            deleteUnits: plan.deleteUnits,
            syncState: [],
            syncedAt: null,
            overridesDigest: overridesDigest(overrides),
          }, readGeneration);
          return;
        } catch (error) {
          if (!(error instanceof IndexConflictError) || attempt >= 5) throw error;
        }
      }
    },
    async close() {
      closed = true;
      await inFlight?.catch(() => {});
    },
  };
}

function checkRecords(vendor: Vendor, records: readonly UnitRecord[]): void {
  const other = records.find((r) => r.vendor !== vendor);
  if (other !== undefined) throw new Error(`expected ${vendor} unit records from the ${vendor} source, got one of ${other.vendor} (${other.externalId})`);
}

function nextState(read: Read, previous: VendorSyncState | undefined, records: number, now: string): VendorSyncState {
  const vendor = read.source.vendor;
  if (read.result === null) {
    return {
      vendor, watermark: previous?.watermark ?? null, lastReadAt: now, lastFullReadAt: previous?.lastFullReadAt ?? null,
      lastSuccessAt: previous?.lastSuccessAt ?? null, lastError: read.error, lastReadCount: 0, records,
    };
  }
  return {
    vendor, watermark: read.result.watermark, lastReadAt: now,
    lastFullReadAt: read.since === null ? now : previous?.lastFullReadAt ?? null,
    lastSuccessAt: now, lastError: null, lastReadCount: read.result.records.length, records,
  };
}
