/** How one physical unit's vendor records become the one Unit the graph shows. */

import type { SourceRecordModel, UnitRecord } from './models.js';
import { compareVendors } from './vendor.js';

/** The unit fields every vendor record may carry, merged into one. */
export type MergedUnitFields = Omit<UnitRecord, keyof SourceRecordModel | '__typename'>;

/** Each field from the first record, in precedence order, that has it. */
export function mergeUnitRecords(records: readonly UnitRecord[]): MergedUnitFields {
  // Vendor precedence (domain/vendor.ts): the system of record first.
  const ordered = [...records].sort(compareVendors);
  const first = <K extends keyof MergedUnitFields>(field: K): MergedUnitFields[K] => {
    for (const record of ordered) {
      const value = record[field];
      if (value !== null && value !== undefined) return value as MergedUnitFields[K];
    }
    return null as MergedUnitFields[K];
  };
  return {
    address: first('address'),
    bedrooms: first('bedrooms'),
    bathrooms: first('bathrooms'),
    squareFeet: first('squareFeet'),
    ownerId: first('ownerId'),
    possessionStart: first('possessionStart'),
    possessionEnd: first('possessionEnd'),
    active: first('active'),
    marketingStatus: first('marketingStatus') ?? null,
  };
}
