import type { UnitRecordSource } from '../../ports/records.js';
import type { LeaseyClient } from './client.js';

/**
 * Leasey's unit records for the identity sync: the properties report, which always holds
 * the whole portfolio and has no date filter (docs/vendors.md, Leasey), so every read is complete.
 */
export function createLeaseyUnitSource(client: LeaseyClient): UnitRecordSource {
  return {
    vendor: 'LEASEY',
    async list(options) {
      const records = (await client.propertiesReport()).map((property) => property.unit);
      options.onProgress?.(records.length);
      return { records, watermark: null, complete: true };
    },
  };
}
