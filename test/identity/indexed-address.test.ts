import { describe, expect, it } from 'vitest';
import { addressOfIndexedRecord } from '../../src/identity/indexed-address.js';
import { matchKeys, normalizeAddress, normalizeCity, type AddressInput } from '../../src/identity/index.js';
import { normalizePostalCode } from '../../src/identity/postal.js';

/** What the sync stores for an address: its match keys and the normalized filter columns. */
function indexed(address: AddressInput) {
  const n = normalizeAddress(address);
  return { keys: matchKeys(n), country: n.country, city: normalizeCity(address.city ?? '', n.country), postalCode: normalizePostalCode(address.postalCode ?? '', n.country) };
}

describe('addressOfIndexedRecord', () => {
  it('rebuilds a US address with its unit, region and five-digit ZIP', () => {
    const parts = indexed({ line1: '123 North Main Street', unitNumber: 'Apt 4b', city: 'Springfield', region: 'IL', postalCode: '62701-1234', country: 'US' });
    expect(addressOfIndexedRecord(parts)).toEqual({ line1: '123 N Main St', unitNumber: '4B', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' });
  });

  it('rebuilds a whole house (no unit) in Great Britain', () => {
    const parts = indexed({ line1: '12 Hyde Park Road', unitNumber: null, city: 'Leeds', region: null, postalCode: 'ls6 1ab', country: 'GB' });
    expect(addressOfIndexedRecord(parts)).toMatchObject({ line1: '12 Hyde Park Rd', unitNumber: null, city: 'Leeds', region: null, country: 'GB' });
  });

  it('answers null when the index holds no street for the record', () => {
    expect(addressOfIndexedRecord({ keys: [], country: 'US', city: 'denver', postalCode: '80203' })).toBeNull();
    expect(addressOfIndexedRecord({ keys: ['garbled'], country: null, city: null, postalCode: null })).toBeNull();
  });
});
