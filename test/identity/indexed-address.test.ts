import { describe, expect, it } from 'vitest';
import { addressOfIndexedRecord } from '../../src/identity/indexed-address.js';
import { matchKeys, NO_MATCH_KEYS, normalizeAddress, normalizeCity, parseStoredKeys, type AddressInput } from '../../src/identity/index.js';
import { normalizePostalCode } from '../../src/identity/postal.js';

/** What the sync stores for an address: its match keys and the normalized filter columns. */
function indexed(address: AddressInput) {
  const n = normalizeAddress(address);
  const country = n.country?.code ?? null;
  return { keys: matchKeys(n), country, city: normalizeCity(address.city ?? '', country), postalCode: normalizePostalCode(address.postalCode ?? '', country) };
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

  it('rebuilds a German address in the street\'s own order', () => {
    const parts = indexed({ line1: 'Müllerstr. 5, Whg. 3', city: 'Berlin', postalCode: '13353', country: 'DE' });
    expect(addressOfIndexedRecord(parts)).toEqual({ line1: '5 Muller Str', unitNumber: '3', city: 'Berlin', region: null, postalCode: '13353', country: 'DE' });
  });

  it('rebuilds a named house from its name', () => {
    const parts = indexed({ line1: 'Rose Cottage, Church Lane', city: 'Little Shelford', postalCode: 'CB22 5HG' });
    expect(addressOfIndexedRecord(parts)).toMatchObject({ line1: 'Rose Cottage Church Ln', country: 'GB' });
  });

  it('reads rows the index wrote before the keys were an object', () => {
    const keys = parseStoredKeys(JSON.stringify(['p|US|62701|123|main st|4', 'c|US|il|springfield|123|main st|4']));
    expect(keys.postal).toBe('p|62701|123|main|4');
    expect(addressOfIndexedRecord({ keys, country: 'US', city: 'springfield', postalCode: '62701' })).toMatchObject({ line1: '123 Main St', unitNumber: '4' });
  });

  it('answers null when the index holds no street for the record', () => {
    expect(addressOfIndexedRecord({ keys: NO_MATCH_KEYS, country: 'US', city: 'denver', postalCode: '80203' })).toBeNull();
    expect(addressOfIndexedRecord({ keys: parseStoredKeys('["garbled"]'), country: null, city: null, postalCode: null })).toBeNull();
  });
});
