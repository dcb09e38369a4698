import { refKey } from '../../domain/ids.js';
import type { SourceRef } from '../../domain/models.js';
import { naturalCompare, paginateList, type CountedConnection } from './connection.js';

/**
 * Newest first: the order of lists merged from several vendors (prospects, showings,
 * lockbox events). A position is "<epoch millis>|<VENDOR:id>": time descending, items
 * without a time last, ties broken by the vendor record's key. That is a total order
 * that does not depend on which vendor answered first, so a cursor stays valid when
 * items come and go or a vendor is down for one page.
 */
export function recencyPosition(at: string | null, ref: SourceRef): string {
  const millis = at === null ? Number.NaN : Date.parse(at);
  return `${Number.isFinite(millis) ? String(millis) : ''}|${refKey(ref)}`;
}

function split(position: string): { millis: number | null; key: string } {
  const bar = position.indexOf('|');
  const time = bar < 0 ? '' : position.slice(0, bar);
  const millis = time === '' ? Number.NaN : Number(time);
  return { millis: Number.isFinite(millis) ? millis : null, key: bar < 0 ? position : position.slice(bar + 1) };
}

export function compareRecency(a: string, b: string): number {
  const left = split(a);
  const right = split(b);
  if (left.millis !== right.millis) {
    if (left.millis === null) return 1;
    if (right.millis === null) return -1;
    return right.millis - left.millis;
  }
  return naturalCompare(left.key, right.key);
}

/** Pages items newest first; `atOf` is the item's time, `refOf` its vendor record. */
export function paginateByRecency<T>(
  ordering: string,
  items: readonly T[],
  args: { first?: number | null | undefined; after?: string | null | undefined },
  atOf: (item: T) => string | null,
  refOf: (item: T) => SourceRef,
): CountedConnection<T> & { totalCount: number } {
  return paginateList(ordering, items, args, (item) => recencyPosition(atOf(item), refOf(item)), compareRecency);
}

/**
 * Whether an ISO time lies in [from, to): `from` inclusive, `to` exclusive, as vendors
 * reads created_after / created_before; either bound may be open. A missing time is
 * outside any bound.
 */
export function within(at: string | null, from: string | null, to: string | null): boolean {
  if (from === null && to === null) return true;
  const millis = at === null ? Number.NaN : Date.parse(at);
  if (!Number.isFinite(millis)) return false;
  return (from === null || millis >= Date.parse(from)) && (to === null || millis < Date.parse(to));
}
