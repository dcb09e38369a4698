import type { VendorDeps } from '../../ports/vendor-module.js';
import type { Vendor } from '../../domain/vendor.js';
import { createVendorHttp } from './client.js';
import type { VendorHttp, VendorHttpOptions } from './types.js';
import { sharedWindows } from './windows.js';

/**
 * The one resilient HTTP layer every vendor client uses: an undici Pool per vendor origin,
 * cockatiel retry/breaker/timeouts, a rate limit, a retry budget and in-flight dedupe.
 * See http/client.ts for the order the layers apply in.
 */
export { createVendorHttp };
export type {
  ArrayReadRequest,
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

/** A vendor's tuning of the HTTP layer: timeouts, retries, rate limit (the rest is the gateway's). */
export type HttpTuning = Omit<VendorHttpOptions, 'vendor' | 'baseUrl' | 'secrets' | 'logger' | 'shareInFlight' | 'limitWindows'>;

/**
 * The HTTP layer of a connecting vendor. With batching off (a benchmark baseline)
 * nothing may be shared, so the N+1 cost reaches the vendor. With a store shared by
 * replicas, the vendor's rate limit and identical-request gap are counted in it.
 */
export function httpFor(vendor: Vendor, baseUrl: string, deps: Pick<VendorDeps, 'secrets' | 'logger' | 'batching' | 'sharedWindow'>, tuning: HttpTuning = {}): VendorHttp {
  return createVendorHttp({
    vendor,
    baseUrl,
    secrets: deps.secrets,
    logger: deps.logger,
    shareInFlight: deps.batching,
    ...(deps.sharedWindow !== null && { limitWindows: sharedWindows(deps.sharedWindow, deps.logger.child({ vendor })) }),
    ...tuning,
  });
}
