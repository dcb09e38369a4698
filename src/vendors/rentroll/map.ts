import { toIsoDateTime } from '../../domain/dates.js';
import { leaseStatusAt } from '../../domain/leases.js';
import type { LeaseModel, TenantModel, UnitRecord } from '../../domain/models.js';
import type { RawLease, RawTenant, RawUnit } from './raw.js';

/** Pure mapping of checked rent roll payloads to domain models. */

/**
 * A rent-roll unit. The rent roll has no country field (docs/vendors.md, Rent roll), and a portfolio may
 * span countries, so the country is left null: the identity rules infer it from the
 * state, the postal code and the street (src/identity/country.ts), where a guess never
 * outweighs records that agree on postal code, street and number.
 */
export function toUnitRecord(raw: RawUnit, original: unknown, active: boolean): UnitRecord {
  return {
    __typename: 'UnitRecord',
    vendor: 'RENTROLL',
    externalId: raw.ID,
    raw: original,
    address: {
      line1: raw.streetAddress,
      unitNumber: raw.unitNumber === null || raw.unitNumber.trim() === '' ? null : raw.unitNumber,
      city: raw.city,
      region: raw.state,
      postalCode: raw.zip,
      country: null,
    },
    bedrooms: raw.bedrooms,
    bathrooms: null,
    squareFeet: raw.sqft === null ? null : Math.round(raw.sqft),
    ownerId: raw.ownerID,
    possessionStart: toIsoDateTime(raw.possessionStartDate),
    possessionEnd: toIsoDateTime(raw.possessionEndDate),
    active,
  };
}

export function toTenantModel(raw: RawTenant, original: unknown): TenantModel {
  return { __typename: 'Tenant', vendor: 'RENTROLL', externalId: raw.ID, raw: original, name: raw.name, email: raw.email, phone: raw.phoneNumber };
}

export function toLeaseModel(raw: RawLease, original: unknown, now: Date): LeaseModel {
  const start = toIsoDateTime(raw.leaseStart);
  const end = toIsoDateTime(raw.leaseEnd);
  const originalTenants = (original as { tenants?: unknown[] }).tenants ?? [];
  return {
    __typename: 'Lease',
    vendor: 'RENTROLL',
    externalId: raw.ID,
    raw: original,
    unitExternalId: raw.unitID,
    start,
    end,
    moveIn: toIsoDateTime(raw.moveIn),
    moveOut: toIsoDateTime(raw.moveOut),
    status: leaseStatusAt(start, end, now),
    primaryTenantId: raw.primaryTenantID,
    tenants: raw.tenants.map((tenant, i) => toTenantModel(tenant, originalTenants[i])),
  };
}
