import type { GraphQLResolveInfo } from 'graphql';
import { responsePathAsArray } from 'graphql';
import { VendorError } from '../../errors.js';
import type { PartialErrors } from '../../request/partial.js';

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
