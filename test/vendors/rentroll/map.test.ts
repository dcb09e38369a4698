import { describe, expect, it } from 'vitest';
import { leaseStatusAt } from '../../../src/domain/leases.js';
import { toLeaseModel, toUnitRecord } from '../../../src/vendors/rentroll/map.js';
import { rawLease, rawUnit } from '../../../src/vendors/rentroll/raw.js';
import { checkPayload } from '../../../src/ports/payloads.js';
import { VendorError } from '../../../src/errors.js';

const now = new Date('2025-06-01T00:00:00Z');

describe('rent roll mapping', () => {
  it.each([
    ['the documented example', { ID: '1001', streetAddress: '123 Main Street', unitNumber: 'A101', city: 'Springfield', state: 'IL', zip: '62701', sqft: 850, bedrooms: 2, ownerID: '5001', possessionStartDate: '2024-01-01T00:00:00Z', possessionEndDate: '2025-12-31T23:59:59Z' },
      { externalId: '1001', address: { line1: '123 Main Street', unitNumber: 'A101', country: null, postalCode: '62701' }, squareFeet: 850, bedrooms: 2, ownerId: '5001', possessionStart: '2024-01-01T00:00:00.000Z' }],
    ['numeric ids and a date without offset', { ID: 1002, streetAddress: '456 Oak Avenue', unitNumber: null, city: null, state: null, zip: 62702, ownerID: 5002, possessionStartDate: '2024-02-15T00:00:00' },
      { externalId: '1002', address: { unitNumber: null, postalCode: '62702' }, ownerId: '5002', possessionStart: '2024-02-15T00:00:00.000Z', possessionEnd: null, sqft: undefined }],
    ['numbers sent as strings and an empty unit number', { ID: '7', streetAddress: '1 King St', unitNumber: '', zip: 'M5V 2T6', sqft: '900', bedrooms: '1' },
      { squareFeet: 900, bedrooms: 1, address: { unitNumber: null, country: null } }],
    // The rent roll states no country; five digits are German as well as American, so the mapping claims none.
    ['a German unit in a mixed portfolio', { ID: '8', streetAddress: 'Müllerstraße 5', unitNumber: '3', city: 'Berlin', state: 'Berlin', zip: '13353' },
      { address: { line1: 'Müllerstraße 5', region: 'Berlin', postalCode: '13353', country: null } }],
  ])('maps a unit: %s', (_name, raw, expected) => {
    const { sqft: _ignored, ...want } = expected as Record<string, unknown>;
    expect(toUnitRecord(rawUnit.parse(raw), raw, true)).toMatchObject(want);
  });

  it.each([
    ['2024-01-01T00:00:00Z', '2024-12-31T23:59:59Z', 'PAST'],
    ['2025-01-01T00:00:00Z', '2025-12-31T23:59:59Z', 'CURRENT'],
    ['2025-07-01T00:00:00Z', '2026-06-30T23:59:59Z', 'FUTURE'],
    [null, null, null],
  ])('derives the status of a lease from %s to %s as %s', (start, end, status) => {
    expect(leaseStatusAt(start, end, now)).toBe(status);
  });

  it('maps a lease with tenants, keeping each raw record', () => {
    const raw = { ID: '2002', unitID: '1002', leaseStart: '2025-02-15T00:00:00Z', leaseEnd: '2026-02-14T23:59:59Z', moveIn: '2025-02-15T14:00:00Z', moveOut: null, primaryTenantID: '3002',
      tenants: [{ ID: '3002', name: 'Jane Doe', email: 'jane.doe@example.com', phoneNumber: '+1-555-0124' }, { ID: 3003, name: 'Bob Johnson', email: null, phoneNumber: null }] };
    const lease = toLeaseModel(rawLease.parse(raw), raw, now);
    expect(lease).toMatchObject({ externalId: '2002', unitExternalId: '1002', status: 'CURRENT', moveOut: null, primaryTenantId: '3002' });
    expect(lease.tenants.map((t) => [t.externalId, t.name, t.phone])).toEqual([['3002', 'Jane Doe', '+1-555-0124'], ['3003', 'Bob Johnson', null]]);
    expect(lease.tenants[1]!.raw).toEqual(raw.tenants[1]);
  });

  it.each([
    ['a unit without an ID', rawUnit, { streetAddress: 'x' }, /at ID/],
    ['a lease whose tenants is not a list', rawLease, { ID: '1', tenants: 'nobody' }, /at tenants/],
    ['a unit whose sqft is not a number', rawUnit, { ID: '1', streetAddress: 'x', sqft: 'big' }, /at sqft: expected a number or numeric string, got "big"/],
  ])('rejects %s as VENDOR_BAD_RESPONSE naming the field', (_name, schema, payload, message) => {
    const check = () => checkPayload('RENTROLL', 'GET /units', schema, payload);
    expect(check).toThrow(VendorError);
    expect(check).toThrow(message);
  });
});
