import type { Services } from '../services.js';
import { createIdempotencyStore, type IdempotencyStore } from './store.js';

export { fingerprintOf, REUSED_KEY_MESSAGE, type IdempotencyStore } from './store.js';

const stores = new WeakMap<Services, IdempotencyStore>();

/**
 * The gateway's idempotency store, one per set of services: its in-flight map must be
 * shared by every request, so that concurrent duplicates make one vendor call.
 */
export function idempotencyOf(services: Services): IdempotencyStore {
  let store = stores.get(services);
  if (store === undefined) {
    store = createIdempotencyStore(services.store, {
      onStoreError: (error) => services.logger.warn({ err: error }, 'could not keep an idempotent result; a repeat of this request will write again'),
    });
    stores.set(services, store);
  }
  return store;
}
