import type { LeaseModel, UnitRecord } from '../../domain/models.js';
import { checkPayload, mapOncePerBody } from '../../ports/payloads.js';
import type { VendorHttp } from '../http/index.js';
import { rawLease, rawLeases, rawUnit, rawUnits } from './raw.js';
import { toLeaseModel, toUnitRecord } from './map.js';

/**
 * The rent roll (docs/vendors.md, Rent roll): two whole-list reads, no paging and no id filter, so
 * every lookup is answered from the full lists. `isActive` is required by the vendor;
 * "all" means one call with true and one with false.
 */
export interface RentrollClient {
  units(isActive: boolean): Promise<UnitRecord[]>;
  leases(isActive: boolean, status?: 'Past' | 'Current' | 'Future'): Promise<LeaseModel[]>;
  allUnits(): Promise<UnitRecord[]>;
  allLeases(): Promise<LeaseModel[]>;
  /**
   * The same lists streamed (ports/streaming.ts): parsed as they arrive and handed over
   * in batches, never held whole, with no cap on the list's size. Resolve with the
   * number of records read.
   */
  streamUnits(isActive: boolean, onBatch: (units: UnitRecord[]) => Promise<void>, options?: StreamOptions): Promise<number>;
  streamLeases(isActive: boolean, onBatch: (leases: LeaseModel[]) => Promise<void>, options?: StreamOptions): Promise<number>;
}

export interface StreamOptions {
  /** Records per batch. Default 500. */
  batchSize?: number;
}

export function createRentrollClient(http: VendorHttp, options: { apiToken: string | null; now?: () => Date }): RentrollClient {
  const headers: Record<string, string> = options.apiToken === null ? {} : { authorization: `Bearer ${options.apiToken}` };
  const now = options.now ?? (() => new Date());
  const unitsOnce = mapOncePerBody<UnitRecord[]>();
  const leasesOnce = mapOncePerBody<LeaseModel[]>();

  const units = async (isActive: boolean): Promise<UnitRecord[]> => {
    const operation = 'GET /units';
    return unitsOnce(await http.get('/units', { query: { isActive }, headers, operation }), (payload) =>
      checkPayload('RENTROLL', operation, rawUnits, payload).map((row, i) => toUnitRecord(checkPayload('RENTROLL', `${operation} [${i}]`, rawUnit, row), row, isActive)),
    );
  };
  const leases = async (isActive: boolean, status?: 'Past' | 'Current' | 'Future'): Promise<LeaseModel[]> => {
    const operation = 'GET /leases';
    return leasesOnce(await http.get('/leases', { query: { isActive, status }, headers, operation }), (payload) => {
      const at = now();
      return checkPayload('RENTROLL', operation, rawLeases, payload).map((row, i) => toLeaseModel(checkPayload('RENTROLL', `${operation} [${i}]`, rawLease, row), row, at));
    });
  };
  /** Streams one list; `map` checks and maps each element, numbered from the start of the list. */
  const stream = async <T>(path: string, isActive: boolean, onBatch: (rows: T[]) => Promise<void>, options: StreamOptions, map: (row: unknown, index: number, operation: string) => T): Promise<number> => {
    const operation = `GET ${path}`;
    let index = 0;
    const result = await http.getArray(path, {
      query: { isActive },
      headers,
      operation,
      ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
      onBatch: (rows) => onBatch(rows.map((row) => map(row, index++, operation))),
    });
    return result.elements;
  };
  return {
    units,
    leases,
    streamUnits: (isActive, onBatch, options = {}) =>
      stream('/units', isActive, onBatch, options, (row, i, operation) => toUnitRecord(checkPayload('RENTROLL', `${operation} [${i}]`, rawUnit, row), row, isActive)),
    streamLeases: (isActive, onBatch, options = {}) => {
      const at = now();
      return stream('/leases', isActive, onBatch, options, (row, i, operation) => toLeaseModel(checkPayload('RENTROLL', `${operation} [${i}]`, rawLease, row), row, at));
    },
    allUnits: async () => (await Promise.all([units(true), units(false)])).flat(),
    allLeases: async () => (await Promise.all([leases(true), leases(false)])).flat(),
  };
}
