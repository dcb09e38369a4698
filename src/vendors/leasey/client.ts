import { createVendorCache, type VendorCache } from '../../ports/cache.js';
import type { ListingModel, ProspectModel, ShowingModel, UnitRecord } from '../../domain/models.js';
import { VendorError } from '../../errors.js';
import { checkPayload } from '../../ports/payloads.js';
import type { Query, VendorHttp } from '../http/index.js';
import { LEASEY_EVERYTHING_START, leaseyDateTime } from './dates.js';
import type { LeaseyCreatedProperty, LeaseyPropertyInput, LeaseyPropertyUpdate, LeaseyUpdatedProperty, LeaseyWriteReport } from './input.js';
import { toListingModel, toProspectModel, toShowingModel, toUnitRecord } from './map.js';
import { createLeadWalker, type LeaseyLeadQuery } from './leads.js';
import { rawCreated, rawLead, rawProperty, rawRows, rawShowing, rawUpdated, type RawWriteAnswer } from './raw.js';

export interface LeaseyClientOptions {
  apiToken: string;
  /** The numeric company id (sent as an integer: docs/vendors.md, Leasey). */
  companyId: number;
  companyPassword: string;
  /** Cross-request cache for the reports; a private one when absent. */
  cache?: VendorCache;
  /** How long a report read is reused. Default 300_000 (the document asks for 5–15 minutes); 0 turns caching off. */
  cacheTtlMillis?: number;
  /** Per-call time limit. Default 60_000 (the document asks clients to allow 60 s). */
  timeoutMillis?: number;
}

/** Showings and leads are filtered by date; without a start the client reads from LEASEY_EVERYTHING_START. */
export interface LeaseyDateWindow {
  startDate?: Date | string;
  endDate?: Date | string;
}

/** A row of the properties report: Leasey's unit record and its listing, both keyed by Property_ID. */
export interface LeaseyProperty {
  propertyId: string;
  urlSlug: string | null;
  unit: UnitRecord;
  listing: ListingModel;
}

/**
 * Leasey.AI v2 (docs/vendors.md, Leasey). Two levels of auth on every call: the API token as a bearer
 * header (never `?token=`, which the document keeps for debugging), and the company:
 * GETs send `company_id` in the query and the password in `X-Company-Password`; writes
 * send both in the JSON body. The password never appears in a URL.
 *
 * Reports are cached for `cacheTtlMillis` (keyed by report and date window), as the
 * document asks; a write drops them, and `invalidate()` does so on demand (e.g. before a
 * change poll). Results are shared with the cache: treat them as read-only.
 */
export interface LeaseyClient {
  showingsReport(window?: LeaseyDateWindow): Promise<ShowingModel[]>;
  /**
   * Every lead with its application. The report names no property, so its leads are
   * known by Person_ID alone; a person with several leads has several rows here.
   */
  leadsReport(window?: LeaseyDateWindow): Promise<ProspectModel[]>;
  propertiesReport(): Promise<LeaseyProperty[]>;
  /**
   * The properties report streamed (ports/streaming.ts), uncached: parsed as it arrives
   * and handed over in batches, never held whole, with no cap on its size. Resolves with
   * the number of properties read.
   */
  streamPropertiesReport(onBatch: (properties: LeaseyProperty[]) => Promise<void>): Promise<number>;
  /** The showings and the leads reports over everything, streamed the same way (each outgrows a held response at 50,000 units). */
  streamShowingsReport(onBatch: (showings: ShowingModel[]) => Promise<void>): Promise<number>;
  streamLeadsReport(onBatch: (leads: ProspectModel[]) => Promise<void>): Promise<number>;
  /** The simplified lead list, walked to its end (see leads.ts); not cached. */
  propertyLeads(query?: LeaseyLeadQuery): Promise<ProspectModel[]>;
  createProperty(property: LeaseyPropertyInput): Promise<LeaseyCreatedProperty>;
  /** `propertyId` is the UUID createProperty returned. */
  updateProperty(propertyId: string, property: LeaseyPropertyUpdate): Promise<LeaseyUpdatedProperty>;
  /** Drops this company's cached reports. */
  invalidate(): void;
}

export function createLeaseyClient(http: VendorHttp, options: LeaseyClientOptions): LeaseyClient {
  if (!Number.isInteger(options.companyId)) throw new TypeError(`companyId must be an integer, got ${String(options.companyId)}`);
  const cache = options.cache ?? createVendorCache();
  const ttlMillis = options.cacheTtlMillis ?? 300_000;
  const timeoutMillis = options.timeoutMillis ?? 60_000;
  const readHeaders = { authorization: `Bearer ${options.apiToken}`, 'x-company-password': options.companyPassword };
  const writeHeaders = { authorization: `Bearer ${options.apiToken}` };
  const cachePrefix = `reports:${options.companyId}:`;

  const readRows = async (path: string, query: Query): Promise<unknown[]> => {
    const operation = `GET ${path}`;
    const body = await http.get(path, { query: { company_id: options.companyId, ...query }, headers: readHeaders, operation, timeoutMillis });
    return checkPayload('LEASEY', operation, rawRows, body);
  };

  const cached = async <T>(path: string, query: Query, map: (rows: unknown[], operation: string) => T[]): Promise<T[]> => {
    const load = async () => map(await readRows(path, query), `GET ${path}`);
    if (ttlMillis <= 0) return load();
    // A copy, so a caller sorting its result cannot reorder the cached one.
    return [...(await cache.get('LEASEY', `${cachePrefix}${JSON.stringify([path, query])}`, ttlMillis, load))];
  };

  const windowQuery = (window: LeaseyDateWindow): Query => ({
    start_date: leaseyDateTime(window.startDate ?? LEASEY_EVERYTHING_START, 'startDate'),
    end_date: window.endDate === undefined ? undefined : leaseyDateTime(window.endDate, 'endDate'),
  });

  /** A report parsed as it arrives and handed over in batches (ports/streaming.ts); `map` gets each row and where it was read. */
  const streamReport = async <T>(path: string, query: Query, map: (row: unknown, at: string) => T, onBatch: (rows: T[]) => Promise<void>): Promise<number> => {
    const operation = `GET ${path}`;
    let index = 0;
    const result = await http.getArray(path, {
      query: { company_id: options.companyId, ...query },
      headers: readHeaders,
      operation,
      timeoutMillis,
      onBatch: (rows) => onBatch(rows.map((row) => map(row, `${operation} [${index++}]`))),
    });
    return result.elements;
  };

  const invalidate = () => cache.invalidate('LEASEY', cachePrefix);
  const walkLeads = createLeadWalker((query) => readRows('/properties/leads', query));

  return {
    showingsReport: async (window = {}) =>
      cached('/reports/showings', windowQuery(window), (rows, operation) =>
        rows.map((row, i) => toShowingModel(checkPayload('LEASEY', `${operation} [${i}]`, rawShowing, row), row))),

    leadsReport: async (window = {}) =>
      cached('/reports/leads', windowQuery(window), (rows, operation) =>
        rows.map((row, i) => toProspectModel(checkPayload('LEASEY', `${operation} [${i}]`, rawLead, row), row))),

    propertiesReport: () =>
      cached('/reports/properties', {}, (rows, operation) => rows.map((row, i) => propertyOf(row, `${operation} [${i}]`))),

    streamPropertiesReport: (onBatch) => streamReport('/reports/properties', {}, (row, at) => propertyOf(row, at), onBatch),

    streamShowingsReport: (onBatch) =>
      streamReport('/reports/showings', windowQuery({}), (row, at) => toShowingModel(checkPayload('LEASEY', at, rawShowing, row), row), onBatch),

    streamLeadsReport: (onBatch) =>
      streamReport('/reports/leads', windowQuery({}), (row, at) => toProspectModel(checkPayload('LEASEY', at, rawLead, row), row), onBatch),

    propertyLeads: async (query = {}) => {
      const rows = await walkLeads(query);
      return rows.map(({ raw, original }) => toProspectModel(raw, original));
    },

    async createProperty(property) {
      const operation = 'POST /properties';
      const response = await http.send('POST', '/properties', writeBody(property), { headers: writeHeaders, operation, timeoutMillis });
      invalidate();
      const body = checkPayload('LEASEY', operation, rawCreated, response.body);
      return {
        propertyId: body.property_id,
        urlSlug: body.url_slug,
        report: writeReport(body),
        raw: response.body,
      };
    },

    async updateProperty(propertyId, property) {
      if (propertyId.trim() === '') {
        throw new VendorError({ code: 'BAD_USER_INPUT', vendor: 'LEASEY', message: 'LEASEY updateProperty needs the property_id createProperty returned, got an empty string' });
      }
      const operation = 'PUT /properties/{property_id}';
      const path = `/properties/${encodeURIComponent(propertyId)}`;
      const response = await http.send('PUT', path, writeBody(property), { headers: writeHeaders, operation, timeoutMillis });
      invalidate();
      const body = checkPayload('LEASEY', operation, rawUpdated, response.body ?? {});
      return { propertyId: body.property_id ?? propertyId, message: body.message, report: writeReport(body), raw: response.body };
    },

    invalidate,
  };

  function propertyOf(row: unknown, operation: string): LeaseyProperty {
    const raw = checkPayload('LEASEY', operation, rawProperty, row);
    return { propertyId: raw.Property_ID, urlSlug: raw.Property_URL_Slug, unit: toUnitRecord(raw, row), listing: toListingModel(raw, row) };
  }

  function writeBody(property: LeaseyPropertyUpdate) {
    return { company_id: options.companyId, password: options.companyPassword, property };
  }
}

const present = <T>(values: readonly (T | null)[] | null | undefined): T[] => (values ?? []).filter((v): v is T => v !== null);
const integerOf = (value: string | null): number | null => (value !== null && /^\d{1,15}$/.test(value) ? Number(value) : null);

/** The parts of a write's answer beyond the property, as the graph reports them. */
function writeReport(body: RawWriteAnswer): LeaseyWriteReport {
  const amenities = body.building_amenities;
  const team = body.team_members;
  return {
    buildingId: integerOf(body.building_id),
    floorplanId: integerOf(body.floorplan_id),
    buildingAmenities: amenities === null || amenities === undefined ? null : { inserted: amenities.inserted, skipped: amenities.skipped ?? [] },
    teamMembers: team === null || team === undefined ? null : {
      assigned: present(team.assigned),
      created: (team.created ?? []).map((m) => ({ teamMemberId: m.team_member_id, userId: m.user_id, personId: m.person_id, email: m.email, alreadyExisted: m.already_existed ?? null })),
      skipped: team.skipped ?? [],
    },
  };
}
