import type DataLoader from 'dataloader';
import type { SourceRef, UnitRecord } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';
import type { VendorClients } from '../vendors/registry.js';
import { createRentrollLoaders, type RentrollLoaders } from './rentroll.js';
import type { LoaderOptions } from '../ports/batching.js';
import { createListingLoaders, unitRecordLoaders, type ListingLoaders } from './listings.js';
import { createProtocolLoaders, type ProtocolLoaders } from './protocols.js';
import type { VendorCache } from '../ports/cache.js';
import { bindToDeadline } from '../ports/deadline.js';
import { createRentengineLoaders, type RentengineLoaders } from './rentengine.js';
import { createLeaseyPeopleLoaders, type LeaseyPeopleLoaders } from './leasey-people.js';

/**
 * One DataLoader per (vendor, resource), created per request so that caching never
 * leaks between requests or users. A vendor that is not configured has no loaders.
 */
export interface Loaders {
  rentroll: RentrollLoaders | null;
  /** RentEngine units, Leasey properties, StuRents houses: unit records and listings. */
  listings: ListingLoaders;
  /** deep.rent protocols and their objects. */
  protocols: ProtocolLoaders | null;
  /** RentEngine lockboxes, prospects, showing availability and portfolio. */
  rentengine: RentengineLoaders | null;
  /** Leasey leads and showings. */
  leaseyPeople: LeaseyPeopleLoaders | null;
  /** Each vendor's unit-like record by its id, for merging a Unit. */
  unitRecord: Partial<Record<Vendor, DataLoader<string, UnitRecord | null>>>;
}

/**
 * `cache` is the cross-request cache (services.cache) for reads some loaders keep across
 * requests. With `options.deadline`, every client call and cache read the loaders make
 * runs within it (see deadline/scope.ts), so the vendor HTTP layer ends it in time.
 */
export function createLoaders(vendors: VendorClients, options: LoaderOptions, cache: VendorCache | null = null): Loaders {
  const bound = <C extends object>(client: C): C => bindToDeadline(client, options.deadline);
  const boundCache = cache === null ? null : bound(cache);
  const rentroll = vendors.rentroll === null ? null : createRentrollLoaders(bound(vendors.rentroll.client), options);
  const unitRecord: Loaders['unitRecord'] = {};
  if (rentroll !== null) unitRecord.RENTROLL = rentroll.unitById;
  const listings = createListingLoaders(
    {
      rentengine: vendors.rentengine === null ? null : bound(vendors.rentengine.client),
      leasey: vendors.leasey === null ? null : bound(vendors.leasey.client),
      sturents: vendors.sturents === null ? null : bound(vendors.sturents.client),
    },
    options,
  );
  Object.assign(unitRecord, unitRecordLoaders(listings, options));
  const protocols = vendors.deeprent === null ? null : createProtocolLoaders(bound(vendors.deeprent.client), options);
  if (protocols !== null) unitRecord.DEEPRENT = protocols.objectById;
  const rentengine = vendors.rentengine === null ? null : createRentengineLoaders(bound(vendors.rentengine.client), options, boundCache);
  const leaseyPeople = vendors.leasey === null ? null : createLeaseyPeopleLoaders(bound(vendors.leasey.client), options, boundCache);
  return { rentroll, listings, protocols, rentengine, leaseyPeople, unitRecord };
}

/** A vendor's unit-like record, or null when that vendor is not configured or has no such record. */
export async function loadUnitRecord(loaders: Loaders, ref: SourceRef): Promise<UnitRecord | null> {
  const loader = loaders.unitRecord[ref.vendor];
  return loader === undefined ? null : loader.load(ref.externalId);
}
