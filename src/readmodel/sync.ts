import type { Logger } from 'pino';
import type { Vendor } from '../domain/vendor.js';
import type { Store } from '../store/store.js';
import type { RecordKind, ResourceSource } from '../ports/read-model.js';
import { createRecordStore, type ApplyResult, type RecordStore } from './records.js';
import { createVendorStatusStore, type VendorStatusStore } from './vendor-status.js';

/**
 * The read model's sync: reads every listable vendor resource into the records table,
 * page by page as pages arrive (each page one transaction), so a large portfolio is
 * never held in memory whole and a page already written is served while the rest is
 * read. A complete read of a resource then sweeps the records it no longer lists. A
 * resource that can read incrementally is read from its watermark, and from scratch
 * again once its last complete read is older than `fullReadEveryMillis`.
 *
 * The full sync writes records silently: change events come from polls and webhooks.
 */
export interface ResourceOutcome {
  vendor: Vendor;
  resource: string;
  ok: boolean;
  error: string | null;
  complete: boolean;
  /** Records read, written (new or changed), and swept. */
  read: number;
  written: number;
  deleted: number;
  durationMillis: number;
}

export interface RecordSyncResult {
  run: number;
  full: boolean;
  resources: ResourceOutcome[];
  /** Unit refs whose records changed: their units' facts (and identity) must follow. */
  unitRefs: Set<string>;
  kinds: Set<RecordKind>;
  /** Of the reads alone (the run may wait longer for `once`). */
  durationMillis: number;
}

export interface RecordSyncProgress {
  run: number;
  startedAt: string;
  /** Per resource: records read so far and whether it is done. */
  resources: Record<string, { vendor: Vendor; read: number; done: boolean; ok: boolean | null }>;
}

interface ResourceState {
  watermark: string | null;
  lastFullReadAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
}

export interface RecordSyncOptions {
  store: Store;
  sources: readonly ResourceSource[];
  logger: Logger;
  /** Default a day: only a complete read can tell which records are gone. */
  fullReadEveryMillis?: number;
  records?: RecordStore;
  vendorStatus?: VendorStatusStore;
}

/**
 * Work that needs only the records of some kinds (the identity index and the unit facts
 * need units, listings and leases): it starts, beside the reads still going, once every
 * resource listing any of `kinds` has been read, and the run settles only after it. Those
 * resources are read first within their vendor, so it starts early. `then` gets the run's
 * result so far; what it throws, the run rejects with (once its reads have settled).
 */
export interface ReadsOfKinds {
  kinds: ReadonlySet<RecordKind>;
  then: (sofar: RecordSyncResult) => Promise<void>;
}

export interface RecordSync {
  /** Calls while a run is in flight join it. Rejects only when the store cannot be written (or `once.then` rejects). */
  run(options?: { full?: boolean; onProgress?: (progress: RecordSyncProgress) => void; once?: ReadsOfKinds }): Promise<RecordSyncResult>;
  /** The run in flight, for /readyz and `npm run sync`; null when none. */
  progress(): RecordSyncProgress | null;
  /** Stops reading: no further page is written; resolves when the run in flight has settled. */
  close(): Promise<void>;
}

const RUN_KEY = 'sync.run';
const stateKey = (resource: string) => `resource:${resource}`;

export function createRecordSync(options: RecordSyncOptions): RecordSync {
  const { store, logger } = options;
  const records = options.records ?? createRecordStore(store);
  const vendorStatus = options.vendorStatus ?? createVendorStatusStore(store);
  const fullEveryMillis = options.fullReadEveryMillis ?? 86_400_000;
  const seen = new Set<string>();
  for (const source of options.sources) {
    if (seen.has(source.resource)) throw new RangeError(`createRecordSync expected one source per resource, got two named ${source.resource}`);
    seen.add(source.resource);
  }
  const abort = new AbortController();
  let inFlight: Promise<RecordSyncResult> | null = null;
  let live: RecordSyncProgress | null = null;

  const meta = async (key: string): Promise<string | undefined> =>
    (await store.read.selectFrom('read_model_meta').select('value').where('key', '=', key).executeTakeFirst())?.value;
  const setMeta = (key: string, value: string) =>
    store.write.insertInto('read_model_meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();

  /** The next run number, taken in the store so that runs of every process are ordered. */
  const nextRun = () =>
    store.transaction(async ({ db }) => {
      const row = await db.selectFrom('read_model_meta').select('value').where('key', '=', RUN_KEY).executeTakeFirst();
      const run = Number(row?.value ?? '0') + 1;
      await db.insertInto('read_model_meta').values({ key: RUN_KEY, value: String(run) }).onConflict((oc) => oc.column('key').doUpdateSet({ value: String(run) })).execute();
      return run;
    });

  const readResource = async (source: ResourceSource, run: number, full: boolean, into: RecordSyncResult, notify: () => void): Promise<ResourceOutcome> => {
    const started = Date.now();
    const stored = await meta(stateKey(source.resource));
    const state: ResourceState = stored === undefined ? { watermark: null, lastFullReadAt: null, lastSuccessAt: null, lastError: null } : (JSON.parse(stored) as ResourceState);
    const fullDue = state.lastFullReadAt === null || started - state.lastFullReadAt >= fullEveryMillis;
    const since = full || fullDue ? null : state.watermark;
    const entry: RecordSyncProgress['resources'][string] = { vendor: source.vendor, read: 0, done: false, ok: null };
    live!.resources[source.resource] = entry;
    const outcome: ResourceOutcome = { vendor: source.vendor, resource: source.resource, ok: false, error: null, complete: false, read: 0, written: 0, deleted: 0, durationMillis: 0 };
    const collect = (result: ApplyResult) => {
      outcome.written += result.written.length;
      outcome.deleted += result.deleted.length;
      for (const ref of result.unitRefs) into.unitRefs.add(ref);
      for (const kind of result.kinds) into.kinds.add(kind);
    };
    try {
      const result = await source.read({
        since,
        signal: abort.signal,
        onPage: async (page) => {
          if (abort.signal.aborted) throw new Error('the sync was closed');
          collect(await store.transaction((tx) => records.apply(tx, page, { resource: source.resource, run })));
          outcome.read += page.upserts?.length ?? 0;
          entry.read = page.readSoFar ?? outcome.read;
          notify();
        },
      });
      outcome.complete = result.complete && since === null;
      if (outcome.complete) collect(await store.transaction((tx) => records.sweep(tx, source.resource, run)));
      outcome.ok = true;
      const now = Date.now();
      await setMeta(stateKey(source.resource), JSON.stringify({
        watermark: result.watermark, lastFullReadAt: outcome.complete ? now : state.lastFullReadAt, lastSuccessAt: now, lastError: null,
      } satisfies ResourceState));
    } catch (error) {
      outcome.error = error instanceof Error ? error.message : String(error);
      await setMeta(stateKey(source.resource), JSON.stringify({ ...state, lastError: outcome.error } satisfies ResourceState)).catch(() => undefined);
    } finally {
      outcome.durationMillis = Date.now() - started;
      entry.done = true;
      entry.ok = outcome.ok;
      notify();
    }
    return outcome;
  };

  const execute = async (full: boolean, onProgress: ((progress: RecordSyncProgress) => void) | undefined, once: ReadsOfKinds | undefined): Promise<RecordSyncResult> => {
    const started = Date.now();
    const run = await nextRun();
    live = { run, startedAt: new Date(started).toISOString(), resources: {} };
    const notify = () => {
      try {
        onProgress?.(structuredClone(live!));
      } catch (error) {
        logger.warn({ err: error }, 'a read-model sync progress listener threw; ignored');
      }
    };
    const result: RecordSyncResult = { run, full, resources: [], unitRefs: new Set(), kinds: new Set(), durationMillis: 0 };
    const lists = (source: ResourceSource) => once !== undefined && source.kinds.some((kind) => once.kinds.has(kind));
    let awaited = options.sources.filter(lists).length;
    let resolveAwaited!: () => void;
    let rejectAwaited!: (error: unknown) => void;
    const allRead = new Promise<void>((resolve, reject) => {
      resolveAwaited = resolve;
      rejectAwaited = reject;
    });
    if (awaited === 0) resolveAwaited();
    const followUp = once === undefined ? Promise.resolve() : allRead.then(() => once.then({ ...result, resources: [...result.resources], unitRefs: new Set(result.unitRefs), kinds: new Set(result.kinds) }));
    followUp.catch(() => undefined);
    // Vendors are read side by side; one vendor's resources one after another, so its rate
    // limit is spent in order, those `once` waits for first.
    const byVendor = new Map<Vendor, ResourceSource[]>();
    for (const source of [...options.sources.filter(lists), ...options.sources.filter((s) => !lists(s))]) byVendor.set(source.vendor, [...(byVendor.get(source.vendor) ?? []), source]);
    const reads = Promise.all([...byVendor].map(async ([vendor, sources]) => {
      const outcomes: ResourceOutcome[] = [];
      for (const source of sources) {
        const outcome = await readResource(source, run, full, result, notify);
        outcomes.push(outcome);
        result.resources.push(outcome);
        if (lists(source) && --awaited === 0) resolveAwaited();
      }
      const failed = outcomes.find((o) => !o.ok);
      if (failed === undefined) await vendorStatus.succeeded(vendor, { fullSync: outcomes.every((o) => o.complete) });
      else await vendorStatus.failed(vendor, `${failed.resource}: ${failed.error ?? 'failed'}`);
    }));
    // Reads the store refused: the follow-up does not start (a settled promise ignores this when it did).
    reads.then(() => {
      result.durationMillis = Date.now() - started;
    }, rejectAwaited);
    // Whatever fails, both have settled before the run does, so no write of this run outlives it.
    const [readsDone, followUpDone] = await Promise.allSettled([reads, followUp]);
    if (readsDone.status === 'rejected') throw readsDone.reason;
    if (followUpDone.status === 'rejected') throw followUpDone.reason;
    const order = options.sources.map((s) => s.resource);
    result.resources.sort((a, b) => order.indexOf(a.resource) - order.indexOf(b.resource));
    for (const outcome of result.resources.filter((o) => !o.ok)) {
      logger.warn({ vendor: outcome.vendor, resource: outcome.resource, error: outcome.error }, 'read-model sync could not read a resource; its records are kept');
    }
    return result;
  };

  return {
    run(runOptions = {}) {
      if (abort.signal.aborted) return Promise.reject(new Error('the read-model sync is closed'));
      if (inFlight !== null) return inFlight;
      const running = execute(runOptions.full ?? false, runOptions.onProgress, runOptions.once).finally(() => {
        live = null;
      });
      inFlight = running;
      void running.finally(() => {
        if (inFlight === running) inFlight = null;
      }).catch(() => {});
      return running;
    },
    progress: () => (live === null ? null : structuredClone(live)),
    async close() {
      abort.abort();
      await inFlight?.catch(() => {});
    },
  };
}
