import { createVendorCache, type VendorCache } from '../../ports/cache.js';
import type { ListingModel, UnitRecord } from '../../domain/models.js';
import { VendorError } from '../../errors.js';
import { checkPayload } from '../../ports/payloads.js';
import type { VendorHttp } from '../http/index.js';
import { toListingModel, toUnitRecord } from './map.js';
import { rawHouse, rawHouseList, type RawHouseList } from './raw.js';
import { addedSincePath, watermarkOf } from './since.js';

export interface SturentsClientOptions {
  landlordId: string;
  publicKey: string;
  /** Cross-request cache of reads; a private one when absent. */
  cache?: VendorCache;
  /**
   * How long a read is reused. Default 60_000; at least 15_000, so that an identical
   * request is never repeated inside the vendor's 10 s window (with room for the time a
   * request takes to reach it).
   */
  cacheTtlMillis?: number;
  /** Pages one walk may read before it fails. Default 2_000 (100,000 houses at 50 a page). */
  maxPages?: number;
  /** Clock for a watermark when the vendor's `date` is missing. Default the system clock. */
  now?: () => Date;
}

/** A StuRents property: its unit record and its listing, both keyed by the reference. */
export interface SturentsHouse {
  reference: string;
  unit: UnitRecord;
  listing: ListingModel;
}

export interface SturentsHouseList {
  houses: SturentsHouse[];
  /** When the read was made, "yyyy-mm-dd HH:MM" on the vendor's clock: the `since` of the next incremental read. */
  watermark: string;
}

/**
 * StuRents' houses API (docs/vendors.md, StuRents): GET only, authenticated by
 * `landlord` + `public` in the query with `version=1.3`, 50 properties a page.
 *
 * StuRents answers 429 when the same query is asked again within 10 s, and asks clients
 * to keep responses. Every read therefore goes through the VendorCache for
 * `cacheTtlMillis` (keyed by path and page), so the gateway never repeats an identical
 * request inside the window; results may be up to that old.
 */
export interface SturentsClient {
  /** Every property, walking `pagination.next` to the end (deduplicated by reference). */
  houses(): Promise<SturentsHouseList>;
  /** One property; null when StuRents does not know the reference. */
  house(reference: string): Promise<SturentsHouse | null>;
  /** Properties added after `since`: a Date (read as UTC) or "yyyy-mm-dd[ HH:MM]" as a watermark carries it. */
  housesAddedSince(since: Date | string): Promise<SturentsHouseList>;
  /**
   * Every property (since = null) or those added after `since`, handed over a page at a
   * time as pages arrive (each awaited before the next is asked for). Resolves with the
   * watermark of the read. Pages go through the same cache as the other reads.
   */
  streamHouses(since: Date | string | null, onPage: (houses: SturentsHouse[]) => Promise<void>): Promise<string>;
}

export function createSturentsClient(http: VendorHttp, options: SturentsClientOptions): SturentsClient {
  const cache = options.cache ?? createVendorCache();
  const ttlMillis = options.cacheTtlMillis ?? 60_000;
  const maxPages = options.maxPages ?? 2_000;
  const now = options.now ?? (() => new Date());
  if (ttlMillis < 15_000) throw new TypeError(`cacheTtlMillis must be at least 15000 (StuRents refuses identical requests within 10 s), got ${ttlMillis}`);

  /** One page, through the cache. A 404 is kept too (as null): asking again would be an identical request. */
  const readPage = (path: string, operation: string, page: number | undefined): Promise<RawHouseList | null> =>
    cache.get('STURENTS', `${options.landlordId}:${path}?page=${page ?? ''}`, ttlMillis, async () => {
      const query = { landlord: options.landlordId, public: options.publicKey, version: '1.3', page };
      try {
        return checkPayload('STURENTS', operation, rawHouseList, await http.get(path, { query, operation }));
      } catch (error) {
        if (error instanceof VendorError && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    });

  const housesOf = (list: RawHouseList, operation: string): SturentsHouse[] =>
    list.branches.flatMap((branch, b) =>
      branch.properties.map((row, i) => {
        const raw = checkPayload('STURENTS', `${operation} branches[${b}].properties[${i}]`, rawHouse, row);
        return { reference: raw.reference, unit: toUnitRecord(raw, row), listing: toListingModel(raw, row, { agentId: branch.agent_id, name: branch.name, website: branch.website }) };
      }));

  /** Walks `pagination.next` to the end, each page's houses handed over before the next is read; resolves with the read's watermark. */
  const walkPages = async (path: string, operation: string, onPage: (houses: SturentsHouse[]) => Promise<void>): Promise<string> => {
    let watermark: string | null = null;
    let page: number | undefined;
    for (let pagesRead = 1; ; pagesRead++) {
      if (pagesRead > maxPages) fail(operation, `still announced a next page after ${maxPages} pages (expected the last page within maxPages)`);
      const list = await readPage(path, operation, page);
      if (list === null) fail(operation, `answered 404 for page ${page ?? 1} (expected the page its pagination announced)`);
      watermark ??= watermarkOf(list.date, now());
      await onPage(housesOf(list, operation));
      const next = list.pagination?.next ?? null;
      if (next === null) break;
      const current = list.pagination?.current ?? page ?? 1;
      if (!Number.isInteger(next) || next <= current) fail(operation, `announced next page ${next} after page ${current} (expected a later page)`);
      page = next;
    }
    return watermark;
  };

  /** The whole walk, deduplicated by reference (a house seen twice keeps its first copy). */
  const walk = async (path: string, operation: string): Promise<SturentsHouseList> => {
    const houses = new Map<string, SturentsHouse>();
    const watermark = await walkPages(path, operation, async (page) => {
      for (const house of page) if (!houses.has(house.reference)) houses.set(house.reference, house);
    });
    return { houses: [...houses.values()], watermark };
  };

  return {
    houses: () => walk('/api/houses', 'GET /api/houses'),

    async house(reference) {
      if (reference.trim() === '') throw new VendorError({ code: 'BAD_USER_INPUT', vendor: 'STURENTS', message: 'STURENTS house needs a property reference, got an empty string' });
      const operation = 'GET /api/houses/{reference}';
      const list = await readPage(`/api/houses/${encodeURIComponent(reference)}`, operation, undefined);
      if (list === null) return null;
      return housesOf(list, operation).find((house) => house.reference === reference) ?? null;
    },

    housesAddedSince: async (since) => walk(addedSincePath(since), ADDED_SINCE),

    streamHouses: (since, onPage) => (since === null ? walkPages('/api/houses', 'GET /api/houses', onPage) : walkPages(addedSincePath(since), ADDED_SINCE, onPage)),
  };
}

const ADDED_SINCE = 'GET /api/houses/added-since/{date}/{time}';

function fail(operation: string, message: string): never {
  throw new VendorError({ code: 'VENDOR_BAD_RESPONSE', vendor: 'STURENTS', message: `STURENTS ${operation} ${message}` });
}
