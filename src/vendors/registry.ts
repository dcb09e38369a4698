import { VENDORS, type Vendor } from '../domain/vendor.js';
import type { VendorModule } from '../ports/vendor-module.js';
import { deeprent } from './deeprent/index.js';
import { leasey } from './leasey/index.js';
import { rentengine } from './rentengine/index.js';
import { rentroll } from './rentroll/index.js';
import { sturents } from './sturents/index.js';

/**
 * THE list of vendor modules: one per vendor of the schema's Vendor enum (a vendor
 * without a module does not compile), in precedence order. Everything that iterates over
 * vendors (config, services, webhooks, polling, the identity sync, the request's reads,
 * writes) iterates over this list, handed down from app.ts.
 *
 * A new vendor is: its name in domain/vendor.ts (and the schema's enum), its folder under
 * src/vendors/, and one line here.
 */
const MODULES: Readonly<Record<Vendor, VendorModule>> = {
  RENTROLL: rentroll,
  RENTENGINE: rentengine,
  LEASEY: leasey,
  STURENTS: sturents,
  DEEPRENT: deeprent,
};

export const VENDOR_MODULES: readonly VendorModule[] = VENDORS.map((vendor) => {
  const module = MODULES[vendor];
  if (module.vendor !== vendor) throw new Error(`the registry lists the ${module.vendor} module under ${vendor}`);
  return module;
});
