import type {
  FloorplanModel, LeasingEventModel, ListingModel, LockboxCodeModel, LockboxEventModel, LockboxInstallationModel, LockboxModel,
  MultifamilyPropertyModel, PrescreeningTemplateModel, ProspectModel, ShowingAvailabilityModel, SubteamModel, UnitRecord,
} from '../../domain/models.js';
import { VendorError } from '../../errors.js';
import { checkPayload } from '../../ports/payloads.js';
import type { VendorHttp } from '../http/index.js';
import {
  toFloorplanModel, toLeasingEventModel, toListingModel, toLockboxCode, toLockboxEventModel, toLockboxInstallation,
  toLockboxModel, toMultifamilyPropertyModel, toPrescreeningTemplateModel, toProspectModel, toShowingAvailability,
  toSubteamModel, toUnitRecord,
} from './map.js';
import { createPager, type Pager } from './paging.js';
import {
  rawFloorplan, rawLeasingEvent, rawLockbox, rawLockboxCode, rawLockboxEvent, rawLockboxInstallation, rawMultifamilyProperty,
  rawOneOrMany, rawPrescreeningTemplate, rawProspect, rawShowingAvailability, rawShowingCreated, rawSubteam, rawUnit, type RawUnit,
} from './raw.js';
import {
  createLockboxesBody, floorplanBody, generateCodeBody, leasingEventBody, lockboxEventsBody, multifamilyBody, showingBody,
  transferLockboxesBody, unitBody, vendorInteger, type AssignToUserEventBody, type CreateLockboxesBody, type CreateShowingBody,
  type GenerateLockboxCodeBody, type LockboxEventBody, type TransferLockboxesBody, type UpsertFloorplanBody,
  type UpsertMultifamilyPropertyBody, type UpsertUnitBody,
} from './writes.js';

type Ids = readonly (string | number)[];

/** A RentEngine unit: the identity index's record of it and the listing it is marketed as. */
export interface RentengineUnit {
  record: UnitRecord;
  listing: ListingModel;
  /** One of the 10 documented statuses, or a newer one as sent. */
  status: string | null;
  /** ISO 8601; the incremental sync's watermark. */
  updatedAt: string | null;
}

/** GET /units filters; sent as unitIds, statuses, updated_after, accountId, extracted_from, city, zip_codes. */
export interface UnitFilter {
  unitIds?: Ids;
  statuses?: readonly string[];
  /** ISO 8601. */
  updatedAfter?: string;
  accountId?: string;
  extractedFrom?: string;
  city?: string;
  zipCodes?: readonly string[];
}

/** GET /lockboxes filters; sent as lockbox_ids, serial_numbers, account_id. */
export interface LockboxFilter {
  lockboxIds?: Ids;
  serialNumbers?: readonly string[];
  accountId?: string;
}

/** GET /lockbox_events filters; sent as lockbox_ids, unit_ids, lockbox_event_ids, event_types, created_at_from, created_at_to. */
export interface LockboxEventFilter {
  lockboxIds?: Ids;
  unitIds?: Ids;
  lockboxEventIds?: Ids;
  /** Install, Uninstall, Generate Code. */
  eventTypes?: readonly string[];
  /** ISO 8601. */
  createdFrom?: string;
  /** ISO 8601. */
  createdTo?: string;
}

/** GET /lockbox_installations filters; sent as lockbox_ids, unit_ids, active. */
export interface LockboxInstallationFilter {
  lockboxIds?: Ids;
  unitIds?: Ids;
  /** True: still installed; false: removed. */
  active?: boolean;
}

/** GET /prospects filters; sent as created_after, created_before (ISO 8601). */
export interface ProspectFilter {
  createdAfter?: string;
  createdBefore?: string;
}

export interface ReadOptions {
  /** Called as pages arrive, with the number of rows read so far. */
  onProgress?: (rowsRead: number) => void;
}

export interface ShowingCreatedModel {
  /** "success" when the vendor says so. */
  statusText: string | null;
  raw: unknown;
}

/**
 * RentEngine's public API (docs/vendors.md, RentEngine):
 * Bearer auth on every call; every list walked to its end (see paging.ts); every
 * documented write, with its body in the vendor's own field names (see writes.ts).
 * A vendor 400 on a write is a VendorError BAD_USER_INPUT carrying the vendor's details.
 */
export interface RentengineClient {
  units(filter?: UnitFilter, options?: ReadOptions): Promise<RentengineUnit[]>;
  /** Exactly the units with these ids that the vendor has; unknown ids are absent. */
  unitsByIds(ids: Ids): Promise<RentengineUnit[]>;
  lockboxes(filter?: LockboxFilter): Promise<LockboxModel[]>;
  lockboxesByIds(ids: Ids): Promise<LockboxModel[]>;
  lockboxEvents(filter?: LockboxEventFilter): Promise<LockboxEventModel[]>;
  lockboxEventsByIds(ids: Ids): Promise<LockboxEventModel[]>;
  lockboxInstallations(filter?: LockboxInstallationFilter): Promise<LockboxInstallationModel[]>;
  prospects(filter?: ProspectFilter): Promise<ProspectModel[]>;
  multifamilyProperties(filter?: { ids?: Ids; accountId?: string }): Promise<MultifamilyPropertyModel[]>;
  multifamilyPropertiesByIds(ids: Ids): Promise<MultifamilyPropertyModel[]>;
  floorplans(filter?: { ids?: Ids; multifamilyPropertyIds?: Ids }): Promise<FloorplanModel[]>;
  floorplansByIds(ids: Ids): Promise<FloorplanModel[]>;
  subteams(filter?: { accountId?: string }): Promise<SubteamModel[]>;
  prescreeningTemplates(filter?: { templateIds?: Ids; accountId?: string; isDefault?: boolean }): Promise<PrescreeningTemplateModel[]>;
  prescreeningTemplatesByIds(ids: Ids): Promise<PrescreeningTemplateModel[]>;
  /** One unit per call: the vendor has no multi-unit form. */
  showingAvailability(unitId: string | number): Promise<ShowingAvailabilityModel>;

  upsertUnit(body: UpsertUnitBody): Promise<RentengineUnit>;
  createLockboxes(body: CreateLockboxesBody): Promise<LockboxModel[]>;
  transferLockboxes(body: TransferLockboxesBody): Promise<LockboxModel[]>;
  generateLockboxCode(body: GenerateLockboxCodeBody): Promise<LockboxCodeModel>;
  createLockboxEvents(events: readonly LockboxEventBody[]): Promise<LockboxEventModel[]>;
  createLeasingEvent(event: AssignToUserEventBody): Promise<LeasingEventModel>;
  createShowing(body: CreateShowingBody): Promise<ShowingCreatedModel>;
  upsertMultifamilyProperty(body: UpsertMultifamilyPropertyBody): Promise<MultifamilyPropertyModel>;
  upsertFloorplan(body: UpsertFloorplanBody): Promise<FloorplanModel>;
}

export interface RentengineClientOptions {
  apiToken: string;
  /** The clock for the default lockbox code date. Default: the system clock. */
  now?: () => Date;
  /** Rows asked per page. Default 100, the vendor's maximum. */
  pageSize?: number;
  /** Pages read before a list that will not end is given up as VENDOR_BAD_RESPONSE. Default 10_000. */
  maxPages?: number;
  /** Values per multi-value filter in one request. Default 100. */
  batchSize?: number;
}

export function createRentengineClient(http: VendorHttp, options: RentengineClientOptions): RentengineClient {
  const headers = { authorization: `Bearer ${options.apiToken}` };
  const pageSize = options.pageSize ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    throw new RangeError(`pageSize must be an integer from 1 to 100 (the vendor's limit), got ${pageSize}`);
  }
  const readAll = createPager(http, headers, { pageSize, maxPages: options.maxPages ?? 10_000, batchSize: options.batchSize ?? 100 });
  return {
    ...readEndpoints(http, headers, readAll),
    ...writeEndpoints(http, headers, options.now ?? (() => new Date())),
  };
}

type ReadEndpoints = Omit<RentengineClient, WriteName>;
type WriteName = 'upsertUnit' | 'createLockboxes' | 'transferLockboxes' | 'generateLockboxCode' | 'createLockboxEvents' | 'createLeasingEvent'
  | 'createShowing' | 'upsertMultifamilyProperty' | 'upsertFloorplan';

/** A RentEngine unit from its checked row: the identity index's record and the listing. */
function toUnit(raw: RawUnit, original: unknown): RentengineUnit {
  return { record: toUnitRecord(raw, original), listing: toListingModel(raw, original), status: raw.status, updatedAt: raw.updated_at };
}

/** Only the rows with these ids, of a read filtered by them: ids the vendor does not have are absent. */
function byId<T extends { externalId: string }>(ids: Ids, rows: T[]): T[] {
  const wanted = new Set(ids.map(String));
  return rows.filter((row) => wanted.has(row.externalId));
}

/** Every read: lists walked to their end by the pager, each row checked and mapped. */
function readEndpoints(http: VendorHttp, headers: Record<string, string>, readAll: Pager): ReadEndpoints {
  const units = async (filter: UnitFilter = {}, read: ReadOptions = {}) => {
    const rows = await readAll({
      path: '/units',
      operation: 'GET /units',
      query: { updated_after: filter.updatedAfter, accountId: filter.accountId, extracted_from: filter.extractedFrom, city: filter.city },
      lists: { unitIds: filter.unitIds, statuses: filter.statuses, zip_codes: filter.zipCodes },
      schema: rawUnit,
      keyOf: (row) => row.id,
      onProgress: read.onProgress,
    });
    return rows.map(({ row, original }) => toUnit(row, original));
  };
  const lockboxes = async (filter: LockboxFilter = {}) =>
    (await readAll({
      path: '/lockboxes',
      operation: 'GET /lockboxes',
      query: { account_id: filter.accountId },
      lists: { lockbox_ids: filter.lockboxIds, serial_numbers: filter.serialNumbers },
      schema: rawLockbox,
      keyOf: (row) => row.id,
    })).map(({ row, original }) => toLockboxModel(row, original));
  const lockboxEvents = async (filter: LockboxEventFilter = {}) =>
    (await readAll({
      path: '/lockbox_events',
      operation: 'GET /lockbox_events',
      query: { created_at_from: filter.createdFrom, created_at_to: filter.createdTo },
      lists: { lockbox_ids: filter.lockboxIds, unit_ids: filter.unitIds, lockbox_event_ids: filter.lockboxEventIds, event_types: filter.eventTypes },
      schema: rawLockboxEvent,
      keyOf: (row) => row.id,
    })).map(({ row, original }) => toLockboxEventModel(row, original));
  const multifamilyProperties = async (filter: { ids?: Ids; accountId?: string } = {}) =>
    (await readAll({
      path: '/multifamily_properties',
      operation: 'GET /multifamily_properties',
      query: { account_id: filter.accountId },
      lists: { ids: filter.ids },
      schema: rawMultifamilyProperty,
      keyOf: (row) => row.id,
    })).map(({ row, original }) => toMultifamilyPropertyModel(row, original));
  const floorplans = async (filter: { ids?: Ids; multifamilyPropertyIds?: Ids } = {}) =>
    (await readAll({
      path: '/floorplans',
      operation: 'GET /floorplans',
      query: {},
      lists: { ids: filter.ids, multifamily_property_ids: filter.multifamilyPropertyIds },
      schema: rawFloorplan,
      keyOf: (row) => row.id,
    })).map(({ row, original }) => toFloorplanModel(row, original));
  const prescreeningTemplates = async (filter: { templateIds?: Ids; accountId?: string; isDefault?: boolean } = {}) =>
    (await readAll({
      path: '/prescreening_templates',
      operation: 'GET /prescreening_templates',
      query: { accountId: filter.accountId, isDefault: filter.isDefault },
      lists: { templateIds: filter.templateIds },
      schema: rawPrescreeningTemplate,
      keyOf: (row) => row.id,
    })).map(({ row, original }) => toPrescreeningTemplateModel(row, original));

  return {
    units,
    unitsByIds: async (ids) => {
      const wanted = new Set(ids.map(String));
      return (await units({ unitIds: ids })).filter((unit) => wanted.has(unit.record.externalId));
    },
    lockboxes,
    lockboxesByIds: async (ids) => byId(ids, await lockboxes({ lockboxIds: ids })),
    lockboxEvents,
    lockboxEventsByIds: async (ids) => byId(ids, await lockboxEvents({ lockboxEventIds: ids })),
    lockboxInstallations: async (filter = {}) =>
      (await readAll({
        path: '/lockbox_installations',
        operation: 'GET /lockbox_installations',
        query: { active: filter.active },
        lists: { lockbox_ids: filter.lockboxIds, unit_ids: filter.unitIds },
        schema: rawLockboxInstallation,
        keyOf: (row) => row.id,
      })).map(({ row, original }) => toLockboxInstallation(row, original)),
    prospects: async (filter = {}) =>
      (await readAll({
        path: '/prospects',
        operation: 'GET /prospects',
        query: { created_after: filter.createdAfter, created_before: filter.createdBefore },
        lists: {},
        schema: rawProspect,
        keyOf: (row) => row.id,
      })).map(({ row, original }) => toProspectModel(row, original)),
    multifamilyProperties,
    multifamilyPropertiesByIds: async (ids) => byId(ids, await multifamilyProperties({ ids })),
    floorplans,
    floorplansByIds: async (ids) => byId(ids, await floorplans({ ids })),
    subteams: async (filter = {}) =>
      (await readAll({
        path: '/subteams',
        operation: 'GET /subteams',
        query: { account_id: filter.accountId },
        lists: {},
        schema: rawSubteam,
        keyOf: (row) => row.id,
      })).map(({ row, original }) => toSubteamModel(row, original)),
    prescreeningTemplates,
    prescreeningTemplatesByIds: async (ids) => byId(ids, await prescreeningTemplates({ templateIds: ids })),
    showingAvailability: async (unitId) => {
      const operation = 'GET /showings/availability';
      const body = await http.get('/showings/availability', { query: { unitId: vendorInteger(unitId, 'unitId') }, headers, operation });
      return toShowingAvailability(checkPayload('RENTENGINE', operation, rawShowingAvailability, body));
    },

  };
}

/** Every write, with its body in the vendor's own field names (writes.ts); never retried. */
function writeEndpoints(http: VendorHttp, headers: Record<string, string>, now: () => Date): Pick<RentengineClient, WriteName> {
  /** A write: POST with the Bearer token; the answer (one object or an array) checked row by row. */
  const post = async (path: string, body: unknown): Promise<{ operation: string; rows: unknown[] }> => {
    const operation = `POST ${path}`;
    const response = await http.send('POST', path, body, { headers, operation });
    return { operation, rows: checkPayload('RENTENGINE', operation, rawOneOrMany, response.body) };
  };
  /** The one record a single-object write answers with. */
  const first = (operation: string, rows: unknown[]): unknown => {
    if (rows.length === 0) {
      throw new VendorError({ code: 'VENDOR_BAD_RESPONSE', vendor: 'RENTENGINE', message: `RENTENGINE ${operation} answered an empty array (expected the written record)` });
    }
    return rows[0];
  };
  return {
    upsertUnit: async (body) => {
      const { operation, rows } = await post('/units', unitBody(body));
      const original = first(operation, rows);
      return toUnit(checkPayload('RENTENGINE', operation, rawUnit, original), original);
    },
    createLockboxes: async (body) => {
      const { operation, rows } = await post('/lockboxes', createLockboxesBody(body));
      return rows.map((row, i) => toLockboxModel(checkPayload('RENTENGINE', `${operation} [${i}]`, rawLockbox, row), row));
    },
    transferLockboxes: async (body) => {
      const { operation, rows } = await post('/lockboxes/transfer_accounts', transferLockboxesBody(body));
      return rows.map((row, i) => toLockboxModel(checkPayload('RENTENGINE', `${operation} [${i}]`, rawLockbox, row), row));
    },
    generateLockboxCode: async (body) => {
      const operation = 'POST /lockboxes/generate_code';
      const response = await http.send('POST', '/lockboxes/generate_code', generateCodeBody(body, now().toISOString().slice(0, 10)), { headers, operation });
      return toLockboxCode(checkPayload('RENTENGINE', operation, rawLockboxCode, response.body));
    },
    createLockboxEvents: async (events) => {
      const { operation, rows } = await post('/lockbox_events', lockboxEventsBody(events));
      return rows.map((row, i) => toLockboxEventModel(checkPayload('RENTENGINE', `${operation} [${i}]`, rawLockboxEvent, row), row));
    },
    createLeasingEvent: async (event) => {
      const { operation, rows } = await post('/leasing_events', leasingEventBody(event));
      const original = first(operation, rows);
      return toLeasingEventModel(checkPayload('RENTENGINE', operation, rawLeasingEvent, original), original, event.event_type ?? 'Assign to User');
    },
    createShowing: async (body) => {
      const operation = 'POST /showings/create';
      const response = await http.send('POST', '/showings/create', showingBody(body), { headers, operation });
      return { statusText: checkPayload('RENTENGINE', operation, rawShowingCreated, response.body).statusText, raw: response.body };
    },
    upsertMultifamilyProperty: async (body) => {
      const { operation, rows } = await post('/multifamily_properties', multifamilyBody(body));
      const original = first(operation, rows);
      return toMultifamilyPropertyModel(checkPayload('RENTENGINE', operation, rawMultifamilyProperty, original), original);
    },
    upsertFloorplan: async (body) => {
      const { operation, rows } = await post('/floorplans', floorplanBody(body));
      const original = first(operation, rows);
      return toFloorplanModel(checkPayload('RENTENGINE', operation, rawFloorplan, original), original);
    },
  };
}
