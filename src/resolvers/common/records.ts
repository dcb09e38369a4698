import { refKey } from '../../domain/ids.js';
import type { SourceRecordModel, UnitParent } from '../../domain/models.js';
import type { Vendor } from '../../domain/vendor.js';
import { checkAfter, checkFirst, type CountedConnection } from './connection.js';

/** Building blocks shared by the resolvers of vendor-owned nodes. */

export const emptyConnection = <T>(): CountedConnection<T> => ({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 });

/** A node backed by one vendor record has that record as its only source. */
export const sourcesOf = (model: SourceRecordModel): SourceRecordModel[] => [{ vendor: model.vendor, externalId: model.externalId, raw: model.raw }];

/** A merged unit's record ids at one vendor (it may hold several records of one vendor). */
export const memberIds = (unit: UnitParent, vendor: Vendor): string[] => unit.members.filter((m) => m.vendor === vendor).map((m) => m.externalId);

/** Checks paging arguments before any vendor call: bad input is the client's error, not a partial result. */
export function checkPaging(args: { first?: number | null | undefined; after?: string | null | undefined }, ordering: string): void {
  checkFirst(args.first);
  checkAfter(args.after, ordering);
}

/**
 * A DateTime argument as ISO text. graphql-scalars hands DateTime inputs to resolvers
 * as Date objects (the generated types say string), so both are accepted.
 */
export function isoInput(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** A list merged from several reads holds each vendor record once (the last copy read). */
export function unique<T extends { vendor: Vendor; externalId: string }>(items: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(refKey(item), item);
  return [...seen.values()];
}
