import { describe, expect, it } from 'vitest';
import { VendorError } from '../../../src/errors.js';
import { checkPayload } from '../../../src/ports/payloads.js';
import { toListingModel, toUnitRecord } from '../../../src/vendors/sturents/map.js';
import { rawHouse } from '../../../src/vendors/sturents/raw.js';
import { addedSincePath, watermarkOf } from '../../../src/vendors/sturents/since.js';

const contract = (amount: string, amountPer: string, period = 'week', start = '2027-09-01') => ({
  price: { amount, amount_per: amountPer, time_period: period },
  deposit: { amount: '408', amount_per: 'person' },
  available: { start_date: start, end_date: '2028-08-29', min_contract_days: '364' },
});

const house = {
  reference: 'SR7001',
  available: [{ start_date: '2027-09-01', end_date: '2028-08-29', min_contract_days: '364' }],
  designation: 'house', beds_available: '6', beds_total: '6', rooms_let_individually: true, quantity: '', quantity_available: '', room_type: '',
  property_type: 'Residential', description: '6 bedroom student property on Cardigan Ter.', bathrooms: '3', floor_space: '169',
  address: { property_name: 'Flat 1', property_number: '1515', road_name: 'Cardigan Ter', city: 'Manchester', postcode: 'M14 0UI' },
  coordinates: { lat: '53.447017', lng: '-2.228438' },
  facilities: ['Washing Machine'], media: { photos: [], videos: [], floorplans: [] },
  contracts: [contract('102', 'person'), contract('110', 'person', 'week', '2028-09-01')],
};

describe('StuRents unit records', () => {
  it.each([
    ['the documented shape with numbers as strings', house,
      { externalId: 'SR7001', address: { line1: '1515 Cardigan Ter', unitNumber: 'Flat 1', city: 'Manchester', region: null, postalCode: 'M14 0UI', country: null }, bedrooms: 6, bathrooms: 3, squareFeet: 1819 }],
    ['empty strings read as not given', { ...house, bathrooms: '', floor_space: '', address: { property_name: '', property_number: '', road_name: 'Hyde Park Rd', city: '', postcode: '' } },
      { address: { line1: 'Hyde Park Rd', unitNumber: null, city: null, postalCode: null }, bathrooms: null, squareFeet: null }],
    ['beds_total missing falls back to beds_available', { ...house, beds_total: '', beds_available: '4' }, { bedrooms: 4 }],
    ['a studio written as "zero" beds', { ...house, beds_total: '', beds_available: 'zero' }, { bedrooms: 0 }],
    ['a numeric reference and real numbers', { ...house, reference: 1234, beds_total: 2, bathrooms: 1 }, { externalId: '1234', bedrooms: 2, bathrooms: 1 }],
    ['no address at all', { reference: 'SR1', address: { property_name: '', property_number: '', road_name: '', city: 'Leeds', postcode: '' } }, { address: null, bedrooms: null }],
  ])('maps %s', (_name, row, expected) => {
    const unit = toUnitRecord(rawHouse.parse(row), row);
    expect(unit).toMatchObject({ vendor: 'STURENTS', active: null, ownerId: null, ...expected });
    expect(unit.raw).toBe(row);
  });
});

describe('StuRents listings', () => {
  it.each([
    ['a per-person weekly price is the whole property per week', house, { amount: 612, currency: 'GBP', period: 'WEEK' }],
    ['a per-property monthly price is taken as sent', { ...house, contracts: [contract('2450', 'property', 'month')] }, { amount: 2450, currency: 'GBP', period: 'MONTH' }],
    ['a per-person price with pence', { ...house, beds_total: '3', contracts: [contract('99.99', 'person')] }, { amount: 299.97, currency: 'GBP', period: 'WEEK' }],
    ['a studio is priced for one person', { ...house, beds_total: '', beds_available: 'zero', contracts: [contract('180', 'person')] }, { amount: 180, currency: 'GBP', period: 'WEEK' }],
    ['a per-person price without a bedroom count has no property amount', { ...house, beds_total: '', beds_available: '', contracts: [contract('102', 'person')] }, null],
    ['an empty amount is no rent', { ...house, contracts: [contract('', 'person')] }, null],
    ['an unknown amount_per is not guessed at', { ...house, contracts: [contract('102', 'room')] }, null],
    ['an unknown period is kept in upper case', { ...house, contracts: [contract('900', 'property', 'term')] }, { amount: 900, currency: 'GBP', period: 'TERM' }],
    ['no contracts, sent as an empty string', { ...house, contracts: '' }, null],
  ])('prices the rent: %s', (_name, row, rent) => {
    expect(toListingModel(rawHouse.parse(row), row).rent).toEqual(rent);
  });

  it('maps the rest of a listing', () => {
    expect(toListingModel(rawHouse.parse(house), house)).toMatchObject({
      __typename: 'Listing', vendor: 'STURENTS', externalId: 'SR7001', unit: { vendor: 'STURENTS', externalId: 'SR7001' },
      title: 'Flat 1, 1515 Cardigan Ter, Manchester', description: house.description, availableFrom: '2027-09-01', bedrooms: 6, bathrooms: 3, published: true, url: null,
    });
  });

  it.each([
    ['the first contract', house, '2027-09-01'],
    ['the availability list when no contract says', { ...house, contracts: [], available: [{ start_date: '2027-07-01', end_date: '', min_contract_days: '' }] }, '2027-07-01'],
    ['nothing when neither says', { ...house, contracts: [], available: [] }, null],
  ])('takes availableFrom from %s', (_name, row, expected) => {
    expect(toListingModel(rawHouse.parse(row), row).availableFrom).toBe(expected);
  });

  it('names a purpose-built room by its type', () => {
    const pbsa = { ...house, designation: 'pbsa', room_type: 'Deluxe En-suite' };
    expect(toListingModel(rawHouse.parse(pbsa), pbsa).title).toBe('Deluxe En-suite');
  });

  it.each([
    ['a property without a reference', { description: 'x' }, /at reference/],
    ['a blank reference', { reference: ' ' }, /at reference: expected a non-empty reference/],
    ['beds that are not a number', { reference: 'a', beds_total: 'six' }, /at beds_total: expected a number or numeric string, got "six"/],
    ['an availability date that is not one', { reference: 'a', available: [{ start_date: 'September' }] }, /at available\.0\.start_date: expected a date/],
  ])('rejects %s as VENDOR_BAD_RESPONSE naming the field', (_name, row, message) => {
    const check = () => checkPayload('STURENTS', 'GET /api/houses', rawHouse, row);
    expect(check).toThrow(VendorError);
    expect(check).toThrow(message);
  });
});

describe('StuRents watermarks', () => {
  it.each([
    ['2026-11-23 15:25:48', '2026-11-23 15:25'],
    ['2026-11-23T09:05:00', '2026-11-23 09:05'],
    ['garbage', '2026-01-02 03:04'],
    [null, '2026-01-02 03:04'],
  ])('reads the vendor date %s as the watermark %s', (date, watermark) => {
    expect(watermarkOf(date, new Date('2026-01-02T03:04:59Z'))).toBe(watermark);
  });

  it.each([
    ['2017-07-04 12:30', '/api/houses/added-since/2017-07-04/12:30'],
    ['2017-07-04', '/api/houses/added-since/2017-07-04'],
    [new Date('2017-07-04T12:30:59Z'), '/api/houses/added-since/2017-07-04/12:30'],
    ['2017-07-04T14:30:00+02:00', '/api/houses/added-since/2017-07-04/12:30'],
  ])('asks for houses added since %s at %s', (since, path) => {
    expect(addedSincePath(since)).toBe(path);
  });

  it.each(['yesterday', '2017-13-01', '2017-07-04 25:00', new Date('nope')])('refuses %s as BAD_USER_INPUT', (since) => {
    expect(() => addedSincePath(since)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', vendor: 'STURENTS' }) as Error);
  });
});
