import type DataLoader from 'dataloader';
import type { UnitRecord } from '../domain/models.js';
import type { RentengineClient, RentengineUnit } from '../vendors/rentengine/client.js';
import type { LeaseyClient, LeaseyProperty } from '../vendors/leasey/client.js';
import type { SturentsClient, SturentsHouse } from '../vendors/sturents/client.js';
import { byIdsLoader, indexLoader, mapLoader, memo, type LoaderOptions } from '../ports/batching.js';

/**
 * Ids per RentEngine GET /units call. A page holds at most 100 rows and a full page makes
 * the client ask for the next one to learn the list ended, so 99 ids always fit one call.
 */
export const RENTENGINE_UNITS_PER_CALL = 99;

/**
 * The vendor records that are both a unit and its listing: RentEngine units, Leasey
 * properties, StuRents houses. Each vendor's record feeds the merged Unit (`unitRecord`)
 * and its Listing from the same per-request read, so asking for both costs nothing more.
 */
export interface ListingLoaders {
  rentengine: RentengineUnitLoaders | null;
  leasey: WholeListLoaders<LeaseyProperty> | null;
  sturents: WholeListLoaders<SturentsHouse> | null;
}

export interface RentengineUnitLoaders {
  /** Every unit (GET /units walked to its end), once per request. */
  all: () => Promise<RentengineUnit[]>;
  /** By id, batched into `unitIds` filters of 100; answered from `all` once that was read. */
  byId: DataLoader<string, RentengineUnit | null>;
}

/** A vendor with no id filter: every key is answered from one whole-list read per request. */
export interface WholeListLoaders<T> {
  all: () => Promise<T[]>;
  byId: DataLoader<string, T | null>;
}

export function createListingLoaders(
  clients: { rentengine: RentengineClient | null; leasey: LeaseyClient | null; sturents: SturentsClient | null },
  options: LoaderOptions,
): ListingLoaders {
  const { rentengine, leasey, sturents } = clients;
  return {
    rentengine: rentengine === null ? null : createRentengineUnitLoaders(rentengine, options),
    leasey: leasey === null ? null : wholeList(options, () => leasey.propertiesReport(), (p) => p.propertyId),
    sturents: sturents === null ? null : wholeList(options, async () => (await sturents.houses()).houses, (h) => h.reference),
  };
}

function wholeList<T>(options: LoaderOptions, read: () => Promise<T[]>, idOf: (row: T) => string): WholeListLoaders<T> {
  const all = memo(options, read);
  return { all, byId: indexLoader(options, all, idOf) };
}

function createRentengineUnitLoaders(client: RentengineClient, options: LoaderOptions): RentengineUnitLoaders {
  let wholeListAsked = false;
  const readAll = memo(options, () => client.units());
  const all = () => {
    wholeListAsked = true;
    return readAll();
  };
  const byId = byIdsLoader(
    options,
    RENTENGINE_UNITS_PER_CALL,
    async (keys) => {
      if (wholeListAsked && options.batching) return readAll();
      // RentEngine ids are integers; anything else cannot exist there and must not spoil a batch.
      const ids = keys.filter((key) => /^\d+$/.test(key));
      return ids.length === 0 ? [] : client.unitsByIds(ids);
    },
    (unit) => unit.record.externalId,
  );
  return { all, byId };
}

/** Each vendor's unit record, from the loaders above, for merging a Unit. */
export function unitRecordLoaders(loaders: ListingLoaders, options: LoaderOptions): {
  RENTENGINE?: DataLoader<string, UnitRecord | null>;
  LEASEY?: DataLoader<string, UnitRecord | null>;
  STURENTS?: DataLoader<string, UnitRecord | null>;
} {
  const { rentengine, leasey, sturents } = loaders;
  return {
    ...(rentengine !== null && { RENTENGINE: mapLoader(options, rentengine.byId, (unit) => unit.record) }),
    ...(leasey !== null && { LEASEY: mapLoader(options, leasey.byId, (property) => property.unit) }),
    ...(sturents !== null && { STURENTS: mapLoader(options, sturents.byId, (house) => house.unit) }),
  };
}
