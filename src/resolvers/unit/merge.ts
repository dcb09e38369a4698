import type { AddressModel, SourceRecordModel, UnitRecord } from '../../domain/models.js';
import { compareVendors } from '../../domain/vendor.js';

/** The unit fields every vendor record may carry, merged into one. */
export type MergedUnitFields = Omit<UnitRecord, keyof SourceRecordModel>;

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
  };
}

const DESIGNATED = /^(#|(apt|apartment|unit|suite|ste|flat|whg|wohnung)\b)/i;

/** "123 Main Street, Unit A101, Springfield, IL 62701, US" */
export function formatAddress(address: AddressModel): string {
  const unit = address.unitNumber === null || address.unitNumber === '' ? null : DESIGNATED.test(address.unitNumber) ? address.unitNumber : `Unit ${address.unitNumber}`;
  const regionPostal = [address.region, address.postalCode].filter((part) => part !== null && part !== '').join(' ');
  return [address.line1, unit, address.city, regionPostal, address.country].filter((part) => part !== null && part !== '').join(', ');
}
