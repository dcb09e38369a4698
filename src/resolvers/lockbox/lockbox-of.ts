import type { LockboxModel, SourceRef } from '../../domain/models.js';
import type { GatewayContext } from '../../request/scope.js';
import { storedOr } from '../common/store-query.js';

/** One lockbox: from the store once it holds the vendor, else read live (null when the vendor keeps none here). */
export async function lockboxOf(ref: SourceRef, context: GatewayContext): Promise<LockboxModel | null> {
  return storedOr(context, 'LOCKBOX', ref, async () => (await context.reads(ref.vendor)?.lockboxes?.lockboxById.load(ref.externalId)) ?? null);
}
