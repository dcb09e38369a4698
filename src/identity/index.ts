/** The pure half of the unit identity index: address rules, match keys, overrides, clustering. */
export {
  normalizeAddress, normalizeCity, type AddressInput, type CountryEvidence, type CountrySource, type NormalizedAddress,
} from './address.js';
export { countryCodeOf } from '../domain/country.js';
export { matchKeys, NO_MATCH_KEYS, parseStoredKeys, type MatchKeys, type MatchTraits } from './matchKey.js';
export { clusterRecords, type Clustering, type KeyedRecord, type MatchRule } from './cluster.js';
export {
  parseOverrides, parseOverridesJson, OverridesError, NO_OVERRIDES, type Overrides, type RefPair,
} from './overrides.js';
export { compareRefs, formatRef, parseRef, unitKeyOf, type RecordRef } from '../domain/refs.js';
