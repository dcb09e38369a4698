import { z } from 'zod';
import { id, nullableId, numeric, text } from '../../ports/raw-fields.js';

/** Rent roll payloads (docs/vendors.md, Rent roll): ids are string or number; optional fields may be null. */
export const rawUnit = z.object({
  ID: id,
  streetAddress: z.string(),
  unitNumber: text,
  city: text,
  state: text,
  zip: z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined ? null : String(v))),
  sqft: numeric,
  bedrooms: numeric,
  ownerID: nullableId,
  possessionStartDate: text,
  possessionEndDate: text,
});

export const rawTenant = z.object({
  ID: id,
  name: z.string(),
  email: text,
  phoneNumber: text,
});

export const rawLease = z.object({
  ID: id,
  unitID: nullableId,
  leaseStart: text,
  leaseEnd: text,
  moveIn: text,
  moveOut: text,
  primaryTenantID: nullableId,
  tenants: z.array(rawTenant).nullish().transform((v) => v ?? []),
});

export const rawUnits = z.array(z.unknown());
export const rawLeases = z.array(z.unknown());
export type RawUnit = z.output<typeof rawUnit>;
export type RawLease = z.output<typeof rawLease>;
export type RawTenant = z.output<typeof rawTenant>;
