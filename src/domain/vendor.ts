/** The vendors behind the graph; the same names as the schema's `Vendor` enum. */
export type Vendor = 'RENTENGINE' | 'RENTROLL' | 'DEEPRENT' | 'LEASEY' | 'STURENTS';
export const VENDORS: readonly Vendor[] = ['RENTROLL', 'RENTENGINE', 'LEASEY', 'STURENTS', 'DEEPRENT'];

export function isVendor(value: unknown): value is Vendor {
  return typeof value === 'string' && (VENDORS as readonly string[]).includes(value);
}
