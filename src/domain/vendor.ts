/**
 * The vendors behind the graph: the same names as the schema's `Vendor` enum, in
 * precedence order, the one place that order is written.
 *
 * Precedence decides, where vendors disagree, whose word counts: which vendor's field a
 * merged unit shows, which record's id names a unit (domain/refs.ts), in which order
 * lists that run vendor by vendor are paged. The rent roll is the system of record for
 * the physical unit and knows nearly every unit; the marketing and listing vendors know
 * a subset; deep.rent sees a unit only at handover and knows least about it.
 */
export const VENDORS = ['RENTROLL', 'RENTENGINE', 'LEASEY', 'STURENTS', 'DEEPRENT'] as const;
export type Vendor = (typeof VENDORS)[number];

/** How messages name a vendor to a person: "a RentEngine Lockbox", "records at the rent roll". */
export const VENDOR_NAMES: Readonly<Record<Vendor, string>> = {
  RENTROLL: 'the rent roll', RENTENGINE: 'RentEngine', LEASEY: 'Leasey', STURENTS: 'StuRents', DEEPRENT: 'deep.rent',
};

export function isVendor(value: unknown): value is Vendor {
  return typeof value === 'string' && (VENDORS as readonly string[]).includes(value);
}

/** A vendor's place in precedence: 0 for the first; VENDORS.length for anything that is no vendor. */
export function vendorRank(vendor: string): number {
  const rank = (VENDORS as readonly string[]).indexOf(vendor);
  return rank < 0 ? VENDORS.length : rank;
}

/** Orders vendors (or anything carrying one) by precedence. */
export function compareVendors(a: { vendor: string | null }, b: { vendor: string | null }): number {
  return vendorRank(a.vendor ?? '') - vendorRank(b.vendor ?? '');
}
