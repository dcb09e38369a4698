import type { UnitListResult, UnitRecordSource } from '../../ports/records.js';
import type { RentengineClient } from './client.js';

/**
 * RentEngine units for the identity sync. Without `since`: every unit, whatever its
 * status (the whole set, so a missing unit is gone). With `since`: only units changed
 * after it (`updated_after`, docs/vendors.md). The watermark is the latest `updated_at`
 * seen, or `since` again when nothing newer came; a unit read twice at the boundary
 * is harmless because the sync upserts.
 */
export function createRentengineUnitSource(client: Pick<RentengineClient, 'units'>): UnitRecordSource {
  return {
    vendor: 'RENTENGINE',
    async list({ since, onProgress }): Promise<UnitListResult> {
      const units = await client.units(since === null ? {} : { updatedAfter: since }, onProgress === undefined ? {} : { onProgress });
      let watermark = since;
      for (const unit of units) {
        if (unit.updatedAt !== null && (watermark === null || Date.parse(unit.updatedAt) > Date.parse(watermark))) watermark = unit.updatedAt;
      }
      return { records: units.map((unit) => unit.record), watermark, complete: since === null };
    },
  };
}
