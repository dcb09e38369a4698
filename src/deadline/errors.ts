import type { Vendor } from '../domain/vendor.js';
import { VendorError } from '../errors.js';
import type { Deadline } from './deadline.js';

/**
 * VENDOR_TIMEOUT for a vendor read the request's deadline cut short: `waiting` when the
 * vendor had not answered in time, `unsent` when the deadline had passed before the call
 * could be sent (after a wait for a connection, the rate limit or a retry's backoff).
 */
export function deadlinePassedError(vendor: Vendor, operation: string, deadline: Deadline, phase: 'waiting' | 'unsent'): VendorError {
  const budget = deadline.timeoutMillis === undefined ? "the request's deadline" : `the request's deadline of ${deadline.timeoutMillis} ms`;
  const message =
    phase === 'waiting'
      ? `${vendor} ${operation} timed out: no answer within ${budget} (expected an answer before the deadline)`
      : `${vendor} ${operation} not sent: ${budget} had passed (expected time left to ask the vendor)`;
  return new VendorError({ code: 'VENDOR_TIMEOUT', vendor, message });
}
