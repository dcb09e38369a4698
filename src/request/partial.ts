import type { GraphQLError } from 'graphql';
import type { VendorError } from '../errors.js';

/**
 * Partial results. A vendor failure must not fail a whole query: the field it feeds
 * resolves to null or an empty list, and the error is reported in `errors[]` with
 * its path and code. graphql-js cannot return a value and an error from one
 * resolver, so resolvers record such errors here and a server plugin appends them
 * to the response.
 */
export class PartialErrors {
  private readonly errors: GraphQLError[] = [];
  private readonly seen = new Set<string>();

  add(error: VendorError, path: readonly (string | number)[]): void {
    const key = `${path.join('.')}|${error.vendor}|${error.code}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.errors.push(error.toGraphQLError(path));
  }

  drain(): GraphQLError[] {
    return this.errors.splice(0);
  }
}
