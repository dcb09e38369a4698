import type { Logger } from 'pino';
import type { Vendor } from '../domain/vendor.js';
import type { SyncEvent, SyncResult } from '../identity/sync-progress.js';
import type { IdentitySync } from '../identity/sync.js';
import type { ResourceSource } from '../ports/read-model.js';
import type { Store } from '../store/store.js';
import { createLeasingHistoryStore } from './history.js';
import { createRecordSync, type RecordSync, type RecordSyncProgress, type RecordSyncResult } from './sync.js';
import { UNIT_FACT_KINDS, type UnitFactsStore } from './unit-facts.js';

/**
 * The read model's background duty, one run at a time: every vendor resource into the
 * records table (sync.ts) and, as soon as every vendor's units, listings and leases are
 * in, the identity index over the vendors' unit records, then the unit facts the queries
 * read, beside the reads still going. A run that ends (whatever single vendors did) leaves
 * a stored read model behind, which is what readiness waits for on a first start only:
 * a restart over a stored read model serves at once.
 */
export type ReadModelSyncEvent =
  | { type: 'records'; progress: RecordSyncProgress }
  | { type: 'identity'; event: SyncEvent }
  | { type: 'facts'; units: number; rebuilt: boolean };

export interface ReadModelSyncResult {
  records: RecordSyncResult;
  identity: SyncResult;
  /** Units whose facts were recomputed; `rebuilt` when every unit's were. */
  facts: { units: number; rebuilt: boolean };
  /** Per vendor: whether every one of its resources and its identity read went well. */
  vendors: { vendor: Vendor; ok: boolean }[];
  durationMillis: number;
}

export type ReadModelPhase = 'records' | 'identity' | 'facts';

export interface ReadModelSyncStatus {
  /** A completed run is stored (by this process or an earlier one on the same store). */
  firstSyncDone: boolean;
  /** Epoch ms of the last completed run; null before the first. */
  completedAt: number | null;
  /** The run in flight; null when none. */
  running: { phase: ReadModelPhase; records: RecordSyncProgress | null } | null;
  lastError: string | null;
}

export interface ReadModelSyncOptions {
  store: Store;
  sources: readonly ResourceSource[];
  identity: IdentitySync;
  unitFacts: UnitFactsStore;
  logger: Logger;
  /** Leasing history older than this is pruned after each run. Default 730 days. */
  historyRetentionMillis?: number;
  records?: RecordSync;
}

export interface ReadModelSync {
  /** Calls while a run is in flight join it. Rejects only when the store cannot be written. */
  run(options?: { full?: boolean; onProgress?: (event: ReadModelSyncEvent) => void }): Promise<ReadModelSyncResult>;
  status(): ReadModelSyncStatus;
  /**
   * Reads again whether a completed run is stored (another replica, the leader, may have
   * finished one): true once one is.
   */
  recheck(): Promise<boolean>;
  /** Settles once the store has been asked whether a read model is stored. */
  readonly loaded: Promise<void>;
  /** No run starts after this; resolves once the run in flight has settled. */
  close(): Promise<void>;
}

const COMPLETED_KEY = 'readmodel.completed';

export function createReadModelSync(options: ReadModelSyncOptions): ReadModelSync {
  const { store, identity, unitFacts, logger } = options;
  const records = options.records ?? createRecordSync({ store, sources: options.sources, logger });
  const history = createLeasingHistoryStore(store);
  const historyRetentionMillis = options.historyRetentionMillis ?? 730 * 86_400_000;
  let completedAt: number | null = null;
  let running: ReadModelSyncStatus['running'] = null;
  let lastError: string | null = null;
  let inFlight: Promise<ReadModelSyncResult> | null = null;
  let closed = false;

  const recheck = async (): Promise<boolean> => {
    if (completedAt !== null) return true;
    const row = await store.read.selectFrom('read_model_meta').select('value').where('key', '=', COMPLETED_KEY).executeTakeFirst();
    if (row !== undefined) completedAt = (JSON.parse(row.value) as { at: number }).at;
    return completedAt !== null;
  };
  const loaded = recheck().then(() => undefined, (error: unknown) => {
    logger.warn({ err: error }, 'could not read whether a read model is stored; waiting for a first sync');
  });

  const unitKeysOf = (refs: readonly string[]) => (refs.length === 0 ? Promise.resolve([]) : store.transaction((tx) => unitFacts.unitKeysOf(tx, refs)));

  /**
   * The facts of what changed: every unit's after a first or a full run, or when the
   * index changed with no record behind it (an override); else those of the units the
   * changed records belonged to before the index followed them (`before`, whose facts
   * go when the unit did) and belong to now.
   */
  const refreshFacts = async (recordsResult: RecordSyncResult, identityResult: SyncResult, before: readonly string[], rebuild: boolean): Promise<ReadModelSyncResult['facts']> => {
    const indexChanged = identityResult.unitsAdded > 0 || identityResult.unitsRemoved > 0
      || identityResult.vendors.some((v) => v.ok && v.added + v.changed + v.removed > 0);
    if (rebuild || (indexChanged && recordsResult.unitRefs.size === 0)) return { units: await unitFacts.rebuild(), rebuilt: true };
    if (recordsResult.unitRefs.size === 0) return { units: 0, rebuilt: false };
    const keys = [...new Set([...before, ...(await unitKeysOf([...recordsResult.unitRefs]))])];
    await store.transaction((tx) => unitFacts.refresh(tx, keys));
    return { units: keys.length, rebuilt: false };
  };

  const execute = async (full: boolean, emit: (event: ReadModelSyncEvent) => void): Promise<ReadModelSyncResult> => {
    const started = Date.now();
    await loaded;
    const first = completedAt === null;
    running = { phase: 'records', records: null };
    const built: { followed: { identity: SyncResult; facts: ReadModelSyncResult['facts'] } | null } = { followed: null };
    const recordsResult = await records.run({
      full,
      onProgress: (progress) => {
        if (running !== null) running.records = progress;
        emit({ type: 'records', progress });
      },
      // The index and the facts need only units, listings and leases: they are built beside
      // the reads of everything else (a rate-limited vendor's prospects and lockboxes may take most of its window).
      once: {
        kinds: UNIT_FACT_KINDS,
        then: async (sofar) => {
          if (closed) throw new Error('the read-model sync was closed');
          if (running !== null) running.phase = 'identity';
          // The index reads the unit records from the store; records swept in this run leave it only by a full read.
          const swept = sofar.resources.some((r) => r.deleted > 0);
          const before = await unitKeysOf([...sofar.unitRefs]);
          const identityResult = await identity.run({ full: full || swept, onProgress: (event) => emit({ type: 'identity', event }) });
          if (closed) throw new Error('the read-model sync was closed');
          if (running !== null) running.phase = 'facts';
          const facts = await refreshFacts(sofar, identityResult, before, first || full);
          emit({ type: 'facts', ...facts });
          built.followed = { identity: identityResult, facts };
        },
      },
    });
    if (built.followed === null) throw new Error('the read-model sync ended without building the identity index and the unit facts');
    const { identity: identityResult, facts } = built.followed;
    const at = Date.now();
    await store.write.insertInto('read_model_meta')
      .values({ key: COMPLETED_KEY, value: JSON.stringify({ at, run: recordsResult.run }) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify({ at, run: recordsResult.run }) }))
      .execute();
    completedAt = at;
    const pruned = await history.prune(historyRetentionMillis).catch((error: unknown) => {
      logger.warn({ err: error }, 'could not prune the leasing history; the next run tries again');
      return 0;
    });
    const vendors = new Map<Vendor, boolean>();
    for (const outcome of recordsResult.resources) vendors.set(outcome.vendor, (vendors.get(outcome.vendor) ?? true) && outcome.ok);
    for (const outcome of identityResult.vendors) vendors.set(outcome.vendor, (vendors.get(outcome.vendor) ?? true) && outcome.ok);
    const result: ReadModelSyncResult = {
      records: recordsResult,
      identity: identityResult,
      facts,
      vendors: [...vendors].map(([vendor, ok]) => ({ vendor, ok })),
      durationMillis: at - started,
    };
    logger.info({
      durationMillis: result.durationMillis,
      written: recordsResult.resources.reduce((sum, r) => sum + r.written, 0),
      deleted: recordsResult.resources.reduce((sum, r) => sum + r.deleted, 0),
      units: identityResult.units,
      facts: facts.units,
      historyPruned: pruned,
      failed: result.vendors.filter((v) => !v.ok).map((v) => v.vendor),
    }, 'read-model sync done');
    return result;
  };

  return {
    recheck,
    run(runOptions = {}) {
      if (closed) return Promise.reject(new Error('the read-model sync is closed'));
      if (inFlight !== null) return inFlight;
      const emit = (event: ReadModelSyncEvent) => {
        try {
          runOptions.onProgress?.(event);
        } catch (error) {
          logger.warn({ err: error }, 'a read-model sync progress listener threw; ignored');
        }
      };
      const run = execute(runOptions.full ?? false, emit).then(
        (result) => {
          lastError = null;
          return result;
        },
        (error: unknown) => {
          lastError = error instanceof Error ? error.message : String(error);
          throw error;
        },
      ).finally(() => {
        running = null;
        if (inFlight === run) inFlight = null;
      });
      inFlight = run;
      return run;
    },
    status: () => ({ firstSyncDone: completedAt !== null, completedAt, running: running === null ? null : structuredClone(running), lastError }),
    loaded,
    async close() {
      closed = true;
      await records.close();
      await inFlight?.catch(() => {});
    },
  };
}

/** One line for /readyz while no read model is stored: what the first sync is doing. */
export function describeReadModelSync(status: ReadModelSyncStatus): string {
  if (status.running === null) return status.lastError === null ? 'first sync not started' : `first sync failed: ${status.lastError}`;
  const { phase, records } = status.running;
  const entries = records === null ? [] : Object.entries(records.resources);
  const resources = entries.map(([resource, entry]) => `${resource} ${entry.read}${entry.done ? (entry.ok === true ? ' done' : ' failed') : ''}`);
  if (phase === 'records') return `first sync: reading ${resources.join(', ') || 'vendors'}`;
  // The index and the facts are built while the resources they do not need are still read.
  return entries.some(([, entry]) => !entry.done) ? `first sync: ${phase}, reading ${resources.join(', ')}` : `first sync: ${phase}`;
}
