/**
 * The one resilient HTTP layer every vendor client uses: an undici Pool per vendor origin,
 * cockatiel retry/breaker/timeouts, a rate limit, a retry budget and in-flight dedupe.
 * See http/client.ts for the order the layers apply in.
 */
export { createVendorHttp } from './client.js';
export type {
  BreakerOptions,
  CircuitStateName,
  Query,
  RequestOptions,
  VendorHttp,
  VendorHttpOptions,
  VendorHttpStats,
  VendorResponse,
} from './types.js';
export { serializeQuery } from './url.js';
