import type { UnitRecord } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';
import type { UnitRecordSource } from '../ports/records.js';
import type { Store } from '../store/store.js';

/** Rows read per query, so a large portfolio is read in slices rather than one result set. */
const SLICE = 5_000;

/**
 * A vendor's unit records as the read model keeps them (kind UNIT), for the identity
 * sync: no vendor call, since the read-model sync has just read the vendor. The index
 * reads a record's address and activity only, so records come without their raw payload
 * (`raw` is null): held for every unit of a portfolio at once, payloads were most of
 * the sync's memory. Without
 * `since` every record (complete, so a record the read model dropped leaves the index);
 * with `since` (a watermark this source returned) only records changed from it on. The
 * watermark is the latest change time seen, in epoch milliseconds.
 */
export function createStoredUnitSource(store: Store, vendor: Vendor): UnitRecordSource {
  return {
    vendor,
    async list({ since, onProgress }) {
      const after = since === null ? null : Number(since);
      const records: UnitRecord[] = [];
      let watermark = after ?? 0;
      let lastId: string | null = null;
      for (;;) {
        let query = store.read.selectFrom('records').select(['external_id', 'model', 'changed_at'])
          .where('kind', '=', 'UNIT').where('vendor', '=', vendor);
        if (after !== null && Number.isFinite(after)) query = query.where('changed_at', '>=', after);
        if (lastId !== null) query = query.where('external_id', '>', lastId);
        const rows = await query.orderBy('external_id').limit(SLICE).execute();
        for (const row of rows) {
          records.push({ ...(JSON.parse(row.model) as Omit<UnitRecord, 'raw'>), raw: null });
          if (row.changed_at > watermark) watermark = row.changed_at;
        }
        onProgress?.(records.length);
        if (rows.length < SLICE) break;
        lastId = rows.at(-1)!.external_id;
      }
      return { records, watermark: String(watermark), complete: after === null };
    },
  };
}
