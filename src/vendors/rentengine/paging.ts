import type { z } from 'zod';
import { VendorError } from '../../errors.js';
import { checkPayload } from '../../ports/payloads.js';
import type { Query, VendorHttp } from '../http/index.js';
import { rawPage } from './raw.js';

/**
 * RentEngine list reads (docs/vendors.md, RentEngine): `limit` (max 100) and a 0-indexed
 * `page_number`, walked until a page is shorter than the limit; no total is given.
 * Offset pages can shift while they are read, so rows are deduplicated by id (a row
 * seen twice keeps its first place and its latest copy). Multi-value filters are
 * comma-separated and sent in batches (no cap is documented, but a page holds at most
 * 100 rows, so batches stay that small); every batch is still paged.
 */
export interface PagingSettings {
  pageSize: number;
  maxPages: number;
  batchSize: number;
}

export interface ListRequest<S extends z.ZodType> {
  path: string;
  operation: string;
  /** Single-value filters, in the vendor's parameter names. */
  query: Query;
  /**
   * Multi-value filters in the vendor's names. An empty list matches nothing, so the
   * read answers [] without a call (an absent filter would instead mean "everything").
   */
  lists: Record<string, readonly (string | number)[] | undefined>;
  schema: S;
  keyOf: (row: z.output<S>) => string;
  onProgress?: ((rowsRead: number) => void) | undefined;
  /** How long a call may wait for the rate limit (background reads wait longer than a request would). */
  rateLimitMaxWaitMillis?: number;
}

export interface CheckedRow<T> {
  row: T;
  /** The row as the vendor sent it (shared with other readers: read-only). */
  original: unknown;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Every combination of one batch per list (filters are ANDed, so the union of the combinations is the whole answer). */
function batchQueries(lists: [string, string[][]][]): Query[] {
  let queries: Query[] = [{}];
  for (const [name, batches] of lists) {
    queries = queries.flatMap((query) => batches.map((batch) => ({ ...query, [name]: batch })));
  }
  return queries;
}

/** Reads every page of a list request (and every batch of its multi-value filters), rows checked and deduplicated by key. */
export type Pager = <S extends z.ZodType>(request: ListRequest<S>) => Promise<CheckedRow<z.output<S>>[]>;

/**
 * Walks one unbatched list request page by page, handing each page's checked rows over
 * as it arrives, in order, each awaited before the next is handed over; at most the next
 * page is read meanwhile, so a list of any length is never held whole. Rows are not
 * deduplicated across pages: the receiver upserts by key.
 * Resolves with the number of rows read.
 */
export type PageWalker = <S extends z.ZodType>(request: Omit<ListRequest<S>, 'lists' | 'keyOf'>, onPage: (rows: CheckedRow<z.output<S>>[]) => Promise<void>) => Promise<number>;

export function createPageWalker(http: VendorHttp, headers: Record<string, string>, settings: Omit<PagingSettings, 'batchSize'>): PageWalker {
  return async <S extends z.ZodType>(request: Omit<ListRequest<S>, 'lists' | 'keyOf'>, onPage: (rows: CheckedRow<z.output<S>>[]) => Promise<void>) => {
    const fetchPage = async (page: number): Promise<CheckedRow<z.output<S>>[]> => {
      const body = await http.get(request.path, {
        query: { ...request.query, limit: settings.pageSize, page_number: page },
        headers,
        operation: request.operation,
        ...(request.rateLimitMaxWaitMillis !== undefined && { rateLimitMaxWaitMillis: request.rateLimitMaxWaitMillis }),
      });
      const rows = checkPayload('RENTENGINE', `${request.operation} page ${page}`, rawPage, body);
      return rows.map((original, i) => ({ row: checkPayload('RENTENGINE', `${request.operation} page ${page} row ${i}`, request.schema, original), original }));
    };
    let read = 0;
    let next: Promise<CheckedRow<z.output<S>>[]> | null = fetchPage(0);
    for (let page = 0; next !== null; page++) {
      const checked: CheckedRow<z.output<S>>[] = await next;
      const last = checked.length < settings.pageSize;
      if (!last && page + 1 >= settings.maxPages) throw endlessList(request.operation, settings);
      // The next page is asked for while this one is handed over, so the vendor's rate window
      // is spent back to back rather than waiting on every write. Its failure is seen when it
      // is awaited; one whose receiver failed is dropped (a read already sent is not recalled).
      next = last ? null : fetchPage(page + 1);
      next?.catch(() => undefined);
      read += checked.length;
      request.onProgress?.(read);
      await onPage(checked);
    }
    return read;
  };
}

function endlessList(operation: string, settings: Omit<PagingSettings, 'batchSize'>): VendorError {
  return new VendorError({
    code: 'VENDOR_BAD_RESPONSE',
    vendor: 'RENTENGINE',
    message: `RENTENGINE ${operation} returned ${settings.maxPages} full pages of ${settings.pageSize} rows and did not end (expected a page shorter than ${settings.pageSize} within ${settings.maxPages} pages)`,
  });
}

export function createPager(http: VendorHttp, headers: Record<string, string>, settings: PagingSettings): Pager {
  const walkPages = createPageWalker(http, headers, settings);
  const walk = async <S extends z.ZodType>(request: ListRequest<S>, query: Query, onRows: (count: number) => void): Promise<CheckedRow<z.output<S>>[]> => {
    const out: CheckedRow<z.output<S>>[] = [];
    await walkPages({ path: request.path, operation: request.operation, query, schema: request.schema }, async (rows) => {
      out.push(...rows);
      onRows(rows.length);
    });
    return out;
  };

  return async function readAll<S extends z.ZodType>(request: ListRequest<S>): Promise<CheckedRow<z.output<S>>[]> {
    const lists: [string, string[][]][] = [];
    for (const [name, values] of Object.entries(request.lists)) {
      if (values === undefined) continue;
      if (values.length === 0) return [];
      lists.push([name, chunk([...new Set(values.map(String))], settings.batchSize)]);
    }
    let rowsRead = 0;
    const onRows = (count: number) => {
      rowsRead += count;
      request.onProgress?.(rowsRead);
    };
    const batches = await Promise.all(batchQueries(lists).map((batch) => walk(request, { ...request.query, ...batch }, onRows)));
    const byId = new Map<string, CheckedRow<z.output<S>>>();
    for (const entry of batches.flat()) byId.set(request.keyOf(entry.row), entry);
    return [...byId.values()];
  };
}
