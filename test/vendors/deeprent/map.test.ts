import { describe, expect, it } from 'vitest';
import { VendorError } from '../../../src/errors.js';
import { checkPayload } from '../../../src/ports/payloads.js';
import { toObjectRecord, toProtocolModel } from '../../../src/vendors/deeprent/map.js';
import { rawObject, rawPdf, rawProtocol } from '../../../src/vendors/deeprent/raw.js';

/** The documented example snapshot (deeprent.md). */
const snapshot = {
  id: 'Jwlo-Qe8a-3dSn-OQ-w',
  object: {
    id: '4IdD-3NdM-TrSm-dKGb', category: 'REALESTATE', type: 'REALESTATE_RESIDENTIAL_APARTMENT', name: 'Sample object',
    address: { addressLine1: 'Example Street 1', city: 'Berlin', postalCode: '10115', country: 'Germany', countryCode: 'DE' }, addressId: 'a1',
  },
  protocol: { link: 'eu-deepstore-ce-2/protocol/Jwlo-Qe8a-3dSn-OQ-w', cause: 'Handover', store_kb: 54, createdAt: '2025-01-15T10:30:00Z', documentCosts: false, retentionUntil: '2030-01-15T10:30:00Z', landlordConfirmation: true },
  contacts: [{ id: 'c1', email: 'max@example.com', firstName: 'Max', lastName: 'Mustermann', salutation: 'MR', resolvedSalutation: 'Herr', companyName: null, personTitle: null, role: 'RENTER' }],
  owner: { orgId: 'o', userId: 'u', userName: 'n' },
  store: 'eu-deepstore-ce-2',
  storage_kb: '54',
  meta: { tags: ['handover'], version: 1, deletedAt: null, deletedBy: null, legalHold: false, updatedAt: '2025-01-15T10:35:00Z', deleteReason: null, legalHoldReason: null },
};

describe('deep.rent protocols', () => {
  it.each([
    ['the documented example', snapshot,
      { externalId: 'Jwlo-Qe8a-3dSn-OQ-w', object: { vendor: 'DEEPRENT', externalId: '4IdD-3NdM-TrSm-dKGb' }, cause: 'Handover', createdAt: '2025-01-15T10:30:00.000Z', deletedAt: null,
        contacts: [{ firstName: 'Max', lastName: 'Mustermann', email: 'max@example.com', role: 'RENTER' }] }],
    ['a soft-deleted protocol with dates without offset', { ...snapshot, protocol: { ...snapshot.protocol, createdAt: '2025-01-15T10:30:00' }, meta: { ...snapshot.meta, deletedAt: '2025-02-01 08:00:00' } },
      { createdAt: '2025-01-15T10:30:00.000Z', deletedAt: '2025-02-01T08:00:00.000Z' }],
    ['an unknown cause and role kept as sent', { ...snapshot, protocol: { ...snapshot.protocol, cause: 'MoveOutPreInspection' }, contacts: [{ role: 'CARETAKER' }] },
      { cause: 'MoveOutPreInspection', contacts: [{ firstName: null, lastName: null, email: null, role: 'CARETAKER' }] }],
    ['no object, protocol block, contacts or meta', { id: 'abcdef' }, { object: null, cause: null, createdAt: null, deletedAt: null, contacts: [] }],
  ])('maps %s', (_name, row, expected) => {
    const model = toProtocolModel(rawProtocol.parse(row), row);
    expect(model).toMatchObject({ __typename: 'Protocol', vendor: 'DEEPRENT', ...expected });
    expect(model.raw).toBe(row);
  });
});

describe('deep.rent objects', () => {
  it.each([
    ['the documented example', snapshot.object, { externalId: '4IdD-3NdM-TrSm-dKGb', address: { line1: 'Example Street 1', unitNumber: null, city: 'Berlin', region: null, postalCode: '10115', country: 'DE' } }],
    ['a lower-case country code and a numeric postal code', { id: 'o2', address: { addressLine1: 'Hauptstraße 5', city: 'München', postalCode: 80331, countryCode: 'de' } }, { address: { postalCode: '80331', country: 'DE' } }],
    ['an address with a country name but no code', { id: 'o3', address: { addressLine1: '1 King St', city: 'Leeds', postalCode: '', country: 'United Kingdom', countryCode: '' } }, { address: { postalCode: null, country: 'GB' } }],
    ['an address that states no country', { id: 'o6', address: { addressLine1: '1 King St', city: 'Leeds', postalCode: 'LS1 1AA' } }, { address: { country: null } }],
    ['no street line', { id: 'o4', address: { addressLine1: '', city: 'Berlin' } }, { address: null }],
    ['no address', { id: 'o5' }, { address: null, bedrooms: null, active: null }],
  ])('maps %s to a unit record', (_name, row, expected) => {
    expect(toObjectRecord(rawObject.parse(row), row)).toMatchObject({ vendor: 'DEEPRENT', raw: row, ...expected });
  });

  it.each([
    ['a protocol without an id', rawProtocol, { object: null }, /at id/],
    ['a protocol with a createdAt that is not a date', rawProtocol, { id: 'abcdef', protocol: { createdAt: 'yesterday' } }, /at protocol\.createdAt: expected an ISO 8601 date-time/],
    ['a PDF answer without a URL', rawPdf, { fileName: 'x.pdf', expiresAt: '2025-06-14T09:15:00.000Z' }, /at url/],
  ])('rejects %s as VENDOR_BAD_RESPONSE naming the field', (_name, schema, row, message) => {
    const check = () => checkPayload('DEEPRENT', 'GET /external/protocols', schema, row);
    expect(check).toThrow(VendorError);
    expect(check).toThrow(message);
  });
});
