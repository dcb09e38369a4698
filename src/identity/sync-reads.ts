import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { UnitRecord } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';
import type { UnitListResult, UnitRecordSource } from '../ports/records.js';
import { refOf, type IndexedRecord, type VendorSyncState } from './index-store.js';
import { draftOf, type RecordDraft } from './sync-plan.js';
import type { SyncEvent, SyncProgress, VendorSyncOutcome } from './sync-progress.js';

/** The reading half of an identity sync run: each vendor's read, and the records they leave the index with. */

/** One source's read in a run: what it returned, or why it failed. */
export interface Read {
  source: UnitRecordSource;
  since: string | null;
  result: UnitListResult | null;
  error: string | null;
}

export interface ReadContext {
  state: ReadonlyMap<Vendor, VendorSyncState>;
  full: boolean;
  fullEveryMillis: number;
  startedMillis: number;
  live: SyncProgress;
  emit: (event: SyncEvent) => void;
}

/**
 * Reads every source at once: in full when asked, when it never was, or when its last
 * full read is older than `fullEveryMillis`; otherwise from its watermark. A source that
 * fails is kept as a failed read (its records stay), never as a failed run.
 */
export async function readSources(sources: readonly UnitRecordSource[], context: ReadContext): Promise<Read[]> {
  const { state, live, emit } = context;
  return Promise.all(sources.map(async (source): Promise<Read> => {
    const previous = state.get(source.vendor);
    const lastFull = previous?.lastFullReadAt ?? null;
    const fullDue = lastFull === null || context.startedMillis - Date.parse(lastFull) >= context.fullEveryMillis;
    const since = context.full || fullDue ? null : previous?.watermark ?? null;
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
}

/**
 * The records the index should hold after these reads: a failed vendor's and an
 * incremental read's untouched ones as stored, every record read as drafted anew.
 * Drafting normalizes addresses, so it yields to the event loop every `chunkSize` records.
 */
export async function mergeReads(
  stored: ReadonlyMap<string, IndexedRecord>,
  reads: readonly Read[],
  options: { full: boolean; chunkSize: number; onIncoming: (records: number) => void },
): Promise<Map<string, RecordDraft>> {
  const next = new Map<string, RecordDraft>();
  const byVendor = new Map(reads.map((read) => [read.source.vendor, read]));
  for (const [ref, record] of stored) {
    const read = byVendor.get(record.vendor);
    if (read === undefined) continue;
    if (read.result === null || !read.result.complete) next.set(ref, record);
  }
  const incoming = reads.flatMap((read) => read.result?.records ?? []);
  options.onIncoming(next.size + incoming.length);
  for (let i = 0; i < incoming.length; i += options.chunkSize) {
    for (const record of incoming.slice(i, i + options.chunkSize)) {
      const ref = refOf(record.vendor, record.externalId);
      next.set(ref, draftOf(record, options.full ? undefined : stored.get(ref)));
    }
    if (i + options.chunkSize < incoming.length) await yieldToEventLoop();
  }
  return next;
}

export function outcomeOf(read: Read, counts: { added: number; changed: number; removed: number; records: number } | undefined): VendorSyncOutcome {
  const { added, changed, removed, records } = counts ?? { added: 0, changed: 0, removed: 0, records: 0 };
  return read.result === null
    ? { vendor: read.source.vendor, ok: false, error: read.error ?? 'unknown error', records }
    : { vendor: read.source.vendor, ok: true, recordsRead: read.result.records.length, complete: read.result.complete, added, changed, removed, records };
}

function checkRecords(vendor: Vendor, records: readonly UnitRecord[]): void {
  const other = records.find((r) => r.vendor !== vendor);
  if (other !== undefined) throw new Error(`expected ${vendor} unit records from the ${vendor} source, got one of ${other.vendor} (${other.externalId})`);
}

export function nextState(read: Read, previous: VendorSyncState | undefined, records: number, now: string): VendorSyncState {
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
