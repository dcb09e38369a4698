/** The pure half of the unit identity index: address rules, match keys, overrides, clustering. */
export { normalizeAddress, normalizeCity, type AddressInput, type NormalizedAddress, type IdentityCountry } from './address.js';
export { matchKey, matchKeys } from './matchKey.js';
export { clusterRecords, type KeyedRecord } from './cluster.js';
export {
  parseOverrides, parseOverridesJson, OverridesError, NO_OVERRIDES, type Overrides, type RefPair,
} from './overrides.js';
export { compareRefs, formatRef, parseRef, unitKeyOf, VENDOR_PRECEDENCE, type RecordRef } from './refs.js';
