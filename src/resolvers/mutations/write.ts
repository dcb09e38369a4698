import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../context.js';
import type { Vendor } from '../../domain/vendor.js';
import { badInput, userError } from '../../errors.js';
import { fingerprintOf, idempotencyOf } from '../../idempotency/index.js';
import { clearVendor } from '../../loaders/clear.js';
import { createLoaders } from '../../loaders/index.js';
import type { LeaseyClient } from '../../vendors/leasey/client.js';
import type { RentengineClient } from '../../vendors/rentengine/client.js';
import { auditedMutation } from '../../access/index.js';

/** Keys are stored; a client's key is an id, not a payload. */
const MAX_KEY_LENGTH = 255;

/**
 * How every mutation field runs:
 *   1. with an Idempotency-Key, a repeat of the same request answers the stored result
 *      (or waits for the first one still running) and calls no vendor;
 *   2. `perform` checks the input and resolves ids (BAD_USER_INPUT before any vendor
 *      call), then makes the one documented vendor write, never retried (the HTTP layer
 *      retries reads only);
 *   3. whatever the outcome, the touched vendors' cached reads are dropped (the
 *      cross-request cache, this request's loaders and merged unit views), since even a
 *      failed write may have changed something;
 *   4. `finish` builds the answer from the write's result, reading afresh if it must.
 * All of it runs audited (src/access/audited.ts): the client's WRITE scope is checked
 * first, and the outcome, a repeat's included, is recorded in the audit log. An
 * Idempotency-Key is the client's own: the same key from another client key is another
 * request (stored as "<key name> <key>"; names hold no space).
 */
export async function write<R, T>(
  context: GatewayContext,
  info: GraphQLResolveInfo,
  args: unknown,
  touched: readonly Vendor[],
  perform: () => Promise<R>,
  finish: (result: R) => T | Promise<T>,
): Promise<T> {
  const work = async (): Promise<T> => {
    let result: R;
    try {
      result = await perform();
    } finally {
      forget(context, touched);
    }
    return finish(result);
  };
  return auditedMutation(context, info, args, async () => {
    const key = context.idempotencyKey;
    if (key === null) return work();
    if (key.length > MAX_KEY_LENGTH) throw badInput(`Idempotency-Key must be at most ${MAX_KEY_LENGTH} characters (a UUID is plenty), got ${key.length}`, 'Idempotency-Key');
    return idempotencyOf(context.services).run({ key: `${context.client.name} ${key}`, field: info.path.key.toString(), fingerprint: fingerprintOf(info.fieldName, args) }, work);
  });
}

/** Drops every cached read of these vendors that this request or later ones could see. */
export function forget(context: GatewayContext, vendors: readonly Vendor[]): void {
  const { services } = context;
  for (const vendor of vendors) {
    services.cache.invalidate(vendor);
    clearVendor(context.loaders, vendor, () => createLoaders(services.vendors, { batching: services.config.batching, deadline: context.deadline }, services.cache));
  }
  context.unitViews.clear();
}

/** The RentEngine client, or FORBIDDEN when this gateway has no RentEngine account configured. */
export function rentengineOf(context: GatewayContext, field: string): RentengineClient {
  const handle = context.services.vendors.rentengine;
  if (handle === null) throw userError('FORBIDDEN', `RentEngine is not configured on this gateway (RENTENGINE_BASE_URL is not set), so ${field} cannot write to it`);
  return handle.client;
}

/** The Leasey client, or FORBIDDEN when this gateway has no Leasey account configured. */
export function leaseyOf(context: GatewayContext, field: string): LeaseyClient {
  const handle = context.services.vendors.leasey;
  if (handle === null) throw userError('FORBIDDEN', `Leasey is not configured on this gateway (LEASEY_BASE_URL is not set), so ${field} cannot write to it`);
  return handle.client;
}
