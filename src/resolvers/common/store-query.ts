import type { GraphQLResolveInfo } from 'graphql';
import { InvalidIdError, parseRefKey, refKey } from '../../domain/ids.js';
import type { SourceRef } from '../../domain/models.js';
import { badInput } from '../../errors.js';
import type { RecordKind } from '../../ports/read-model.js';
import type { FactQueries, RefPage } from '../../readmodel/fact-queries.js';
import { QueryInputError } from '../../readmodel/keyset.js';
import type { GatewayContext, ReadKind } from '../../request/scope.js';
import { decode, unitMembers } from '../events/filters.js';
import { settlePerVendor } from './partial.js';
import { checkAfter, checkFirst, toConnection, type CountedConnection } from './connection.js';

/** Building blocks of the resolvers that answer from the read model. */

/** Runs a read-model query; input it cannot answer is the client's error (BAD_USER_INPUT naming the argument). */
export async function storeQuery<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof QueryInputError) throw badInput(error.message, error.field);
    throw error;
  }
}

/** Per-vendor reads joined into one list (storedListOr). */
export type VendorReadsJoin = <T>(reads: readonly (() => Promise<T[]>)[]) => Promise<T[]>;

/**
 * A top-level list of `kind`: from the read model when this request answers every vendor
 * offering it from there (each finished a full sync and, under @fresh, is young enough;
 * StoreReads.holds), else from the vendors, `live` joining its
 * per-vendor reads with `join`. A failing vendor leaves its part out with an error at this
 * field; under @fresh with a full copy of every such vendor stored, the stored list is
 * served instead, that vendor stale (StoreReads.storedOrLive).
 */
export function storedListOr<T>(
  context: GatewayContext, info: GraphQLResolveInfo, kind: ReadKind, stored: () => Promise<T>, live: (join: VendorReadsJoin) => Promise<T>,
): Promise<T> {
  const vendors = context.offering(kind).map(({ vendor }) => vendor);
  const strict: VendorReadsJoin = async (reads) => (await Promise.all(reads.map((read) => read()))).flat();
  const settled: VendorReadsJoin = (reads) => settlePerVendor(context, info, reads);
  return context.readModel.storedOrLive(vendors, stored, (fallsBack) => live(fallsBack ? strict : settled));
}

/** A page of stored records of one kind as a connection; `count` runs only when totalCount is asked for. */
export async function recordsConnection<M extends object>(
  context: GatewayContext, kind: RecordKind, ordering: string, page: RefPage, count: () => Promise<number>,
): Promise<CountedConnection<M>> {
  const records = await Promise.all(page.refs.map((ref) => context.readModel.record<M>(kind, ref)));
  const present = page.refs.flatMap((_, i) => (records[i] === null ? [] : [{ model: records[i]!.model, position: page.positions[i]! }]));
  const connection = toConnection(ordering, present.map((item) => item.model), present.map((item) => item.position), page.hasNextPage);
  return { ...connection, totalCount: count };
}

/** A page of a stored list (`queries` over records of `kind`) with its own cursors (`ordering`). */
export async function storedList<M extends object, F>(
  context: GatewayContext, kind: RecordKind, queries: FactQueries<F>, ordering: string,
  args: { first?: number | null | undefined; after?: string | null | undefined }, filter: F,
): Promise<CountedConnection<M>> {
  const first = checkFirst(args.first);
  const after = checkAfter(args.after, ordering);
  const page = await storeQuery(() => queries.page({ first, after, filter }));
  return recordsConnection<M>(context, kind, ordering, page, () => queries.count(filter));
}

/**
 * One read of a vendor-owned record: from the store when this request answers that vendor
 * from it (null when it has none of that id), else `live()` (StoreReads.storedOrLive).
 */
export async function storedOr<M extends object>(context: GatewayContext, kind: RecordKind, ref: SourceRef, live: () => Promise<M | null>): Promise<M | null> {
  return context.readModel.storedOrLive(ref.vendor, async () => (await context.readModel.record<M>(kind, ref))?.model ?? null, live);
}

/** The records of `kind` at a unit's records of one vendor: from the store when this request answers that vendor from it, else `live()`. */
export async function storedAtUnitOr<M extends object>(context: GatewayContext, kind: RecordKind, vendor: SourceRef['vendor'], refs: readonly SourceRef[], live: () => Promise<M[]>): Promise<M[]> {
  return context.readModel.storedOrLive(vendor, async () => {
    const lists = await Promise.all(refs.map((ref) => context.readModel.byUnitRef<M>(kind, refKey(ref))));
    return lists.flat().map((record) => record.model);
  }, live);
}

/** The "VENDOR:id" keys of a unit's records, from its global id. */
export async function unitRefsOf(unitId: string, context: GatewayContext, field: string): Promise<string[]> {
  return (await unitMembers(unitId, context, field)).map(refKey);
}

/** The vendor record a Tenant's or Prospect's global id names, as "VENDOR:id". */
export function recordKeyOf(id: string, type: 'Tenant' | 'Prospect', field: string): string {
  const key = decode(id, type, field);
  try {
    return refKey(parseRefKey(key));
  } catch (error) {
    if (error instanceof InvalidIdError) throw badInput(error.message, field);
    throw error;
  }
}

/** Freshness of a node that stands on one vendor record. */
export const freshnessOfRecord = (record: SourceRef, _args: unknown, context: GatewayContext) =>
  context.readModel.freshness([{ vendor: record.vendor, externalId: record.externalId }]);
