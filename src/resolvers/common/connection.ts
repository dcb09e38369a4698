import { badInput } from '../../errors.js';
import { decodeCursor, encodeCursor, InvalidIdError } from '../../domain/ids.js';

/** The largest page a client may ask for; it also bounds query cost (list sizes come from `first`). */
export const MAX_PAGE_SIZE = 500;

export function checkFirst(first: number | null | undefined, fallback = 50): number {
  const value = first ?? fallback;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw badInput(`first must be a whole number from 0 to ${MAX_PAGE_SIZE}, got ${String(first)}`, 'first');
  }
  return value;
}

export function checkAfter(after: string | null | undefined, ordering: string): string | null {
  if (after === null || after === undefined) return null;
  try {
    return decodeCursor(after, ordering);
  } catch (error) {
    if (error instanceof InvalidIdError) throw badInput(error.message, 'after');
    throw error;
  }
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * A page as the contract's connection types see it (their codegen mapper): `totalCount`
 * is the filter's count over all pages, a number when the whole list is at hand, else
 * counted in the store only when a client asks for it.
 */
export interface CountedConnection<T = unknown> extends Connection<T> {
  totalCount: number | (() => Promise<number>);
}

/** Resolves `totalCount` of a CountedConnection. */
export const totalCountOf = (connection: CountedConnection): number | Promise<number> =>
  typeof connection.totalCount === 'function' ? connection.totalCount() : connection.totalCount;

export function toConnection<T>(ordering: string, nodes: readonly T[], positions: readonly string[], hasNextPage: boolean): Connection<T> {
  const edges = nodes.map((node, i) => ({ cursor: encodeCursor(ordering, positions[i]!), node }));
  return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}

/**
 * Pages an in-memory list in a stable order. `positionOf` must be unique per item and
 * `compare` a total order on positions, so a cursor stays valid when items come and go.
 */
export function paginateList<T>(
  ordering: string,
  items: readonly T[],
  args: { first?: number | null | undefined; after?: string | null | undefined },
  positionOf: (item: T) => string,
  compare: (a: string, b: string) => number = naturalCompare,
): CountedConnection<T> & { totalCount: number } {
  const first = checkFirst(args.first);
  const after = checkAfter(args.after, ordering);
  const sorted = [...items].sort((a, b) => compare(positionOf(a), positionOf(b)));
  const start = after === null ? 0 : sorted.findIndex((item) => compare(positionOf(item), after) > 0);
  const slice = start < 0 ? [] : sorted.slice(start, start + first);
  return { ...toConnection(ordering, slice, slice.map(positionOf), start >= 0 && start + first < sorted.length), totalCount: sorted.length };
}

export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
