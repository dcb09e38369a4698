import type { GraphQLResolveInfo } from 'graphql';
import { responsePathAsArray } from 'graphql';
import { VendorError } from '../../errors.js';
import type { PartialErrors } from '../../request/partial.js';

/**
 * Runs one read per vendor and keeps what succeeded: a failing vendor adds its error at
 * this field's path and leaves its part out, so the other vendors' part still shows.
 */
export async function settlePerVendor<T>(context: { partial: PartialErrors }, info: GraphQLResolveInfo, reads: readonly (() => Promise<T[]>)[]): Promise<T[]> {
  const settled = await Promise.allSettled(reads.map((read) => read()));
  return settled.flatMap((outcome) => {
    if (outcome.status === 'fulfilled') return outcome.value;
    if (outcome.reason instanceof VendorError) {
      context.partial.add(outcome.reason, responsePathAsArray(info.path));
      return [];
    }
    throw outcome.reason;
  });
}

/** Runs a vendor-backed read; on a vendor failure records it and returns `fallback`. */
export async function degrade<T>(context: { partial: PartialErrors }, info: GraphQLResolveInfo, fallback: T, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof VendorError) {
      context.partial.add(error, responsePathAsArray(info.path));
      return fallback;
    }
    throw error;
  }
}
