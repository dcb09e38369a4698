import type { UnitRecordSource } from '../../ports/records.js';
import type { RentrollClient } from './client.js';

/**
 * The rent roll's units for the identity sync. The vendor has no paging and no change
 * feed (docs/vendors.md, Rent roll), so every read is the whole set: active and inactive units, which
 * lets the sync drop units the rent roll no longer lists.
 */
export function createRentrollUnitSource(client: RentrollClient): UnitRecordSource {
  return {
    vendor: 'RENTROLL',
    async list({ onProgress }) {
      const records = await client.allUnits();
      onProgress?.(records.length);
      return { records, watermark: null, complete: true };
    },
  };
}
