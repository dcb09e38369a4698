import type DataLoader from 'dataloader';
import type { SourceRef, UnitRecord } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';
import type { VendorClients } from '../vendors/registry.js';
import { createRentrollLoaders, type RentrollLoaders } from './rentroll.js';
import type { LoaderOptions } from './memo.js';

/**
 * One DataLoader per (vendor, resource), created per request so that caching never
 * leaks between requests or users. A vendor that is not configured has no loaders.
 */
export interface Loaders {
  rentroll: RentrollLoaders | null;
  /** Each vendor's unit-like record by its id, for merging a Unit. */
  unitRecord: Partial<Record<Vendor, DataLoader<string, UnitRecord | null>>>;
}

export function createLoaders(vendors: VendorClients, options: LoaderOptions): Loaders {
  const rentroll = vendors.rentroll === null ? null : createRentrollLoaders(vendors.rentroll.client, options);
  const unitRecord: Loaders['unitRecord'] = {};
  if (rentroll !== null) unitRecord.RENTROLL = rentroll.unitById;
  return { rentroll, unitRecord };
}

/** A vendor's unit-like record, or null when that vendor is not configured or has no such record. */
export async function loadUnitRecord(loaders: Loaders, ref: SourceRef): Promise<UnitRecord | null> {
  const loader = loaders.unitRecord[ref.vendor];
  return loader === undefined ? null : loader.load(ref.externalId);
}
