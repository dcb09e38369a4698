import type { Vendor } from '../domain/vendor.js';
import type { Loaders } from './index.js';
import type { ListingLoaders } from './listings.js';

/**
 * Which vendor's reads each group of loaders holds: a list of vendors for a group that is
 * dropped whole, or, for a group split by vendor, which vendor each part reads. Typed over
 * every field of Loaders, so a new group does not compile until it says which vendors it
 * reads (a write to one of them must drop it).
 */
const VENDORS_OF: Readonly<Record<Exclude<keyof Loaders, 'unitRecord'>, readonly Vendor[] | Readonly<Record<string, Vendor>>>> = {
  rentroll: ['RENTROLL'],
  listings: { rentengine: 'RENTENGINE', leasey: 'LEASEY', sturents: 'STURENTS' } satisfies Record<keyof ListingLoaders, Vendor>,
  protocols: ['DEEPRENT'],
  rentengine: ['RENTENGINE'],
  leaseyPeople: ['LEASEY'],
};

/**
 * Drops what this request's loaders hold of one vendor, after a write to it, so the
 * rest of the request (the mutation's answer, later fields) reads the new state.
 *
 * Groups (or a group's part for the vendor) are replaced by fresh ones rather than
 * cleared in place: whole-list reads are memoized in closures (memo.ts) that
 * DataLoader.clearAll cannot reach. What reads only other vendors keeps its cache.
 *
 * @param fresh builds a new set of loaders (createLoaders with this request's options).
 */
export function clearVendor(loaders: Loaders, vendor: Vendor, fresh: () => Loaders): void {
  const next = fresh();
  const target = loaders as unknown as Record<string, Record<string, unknown>>;
  const source = next as unknown as Record<string, Record<string, unknown>>;
  for (const [name, holds] of Object.entries(VENDORS_OF)) {
    if (Array.isArray(holds)) {
      if (holds.includes(vendor)) target[name] = source[name]!;
      continue;
    }
    for (const [part, partVendor] of Object.entries(holds)) {
      if (partVendor === vendor) target[name]![part] = source[name]![part];
    }
  }
  const unitRecord = next.unitRecord[vendor];
  if (unitRecord === undefined) delete loaders.unitRecord[vendor];
  else loaders.unitRecord[vendor] = unitRecord;
}
