import { AsyncLocalStorage } from 'node:async_hooks';
import type { Vendor } from '../domain/vendor.js';

/**
 * Who wants to know how the vendor answered the writes made inside a piece of work: the
 * audit log records each mutation's vendor and HTTP status, but vendor clients return
 * only the body. Work run with `observeWriteAnswers` hears of every write (POST, PUT,
 * PATCH, DELETE) the HTTP layer got an answer to, in order; a failed write reaches the
 * caller as a VendorError, which carries its vendor and status itself.
 */
export interface WriteAnswer {
  vendor: Vendor;
  status: number;
}

const scope = new AsyncLocalStorage<(answer: WriteAnswer) => void>();

/** Runs `work`, telling `listener` of every vendor write answered within it. */
export function observeWriteAnswers<T>(listener: (answer: WriteAnswer) => void, work: () => Promise<T>): Promise<T> {
  return scope.run(listener, work);
}

/** Called by the HTTP layer when a write was answered. */
export function reportWriteAnswer(answer: WriteAnswer): void {
  scope.getStore()?.(answer);
}
