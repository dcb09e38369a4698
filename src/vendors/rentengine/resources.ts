import type { z } from 'zod';
import type { FloorplanModel, LeasingEventModel, LockboxEventModel, LockboxInstallationModel, LockboxModel, MultifamilyPropertyModel, ProspectModel, SourceRef } from '../../domain/models.js';
import { draftOf, laterOf, refOf, type RecordDelete, type RecordDraft, type RecordWrite, type ResourceReadOptions, type ResourceReadResult, type ResourceSource, type RecordKind } from '../../ports/read-model.js';
import type { Query, VendorHttp } from '../http/index.js';
import type { RentengineUnit } from './client.js';
import {
  lockboxEventTypeOf, toFloorplanModel, toListingModel, toLockboxEventModel, toLockboxInstallation, toLockboxModel, toMultifamilyPropertyModel,
  toPrescreeningTemplateModel, toProspectModel, toSubteamModel, toUnitRecord,
} from './map.js';
import { chunk, createPageWalker, type CheckedRow, type PageWalker } from './paging.js';
import {
  rawFloorplan, rawLockbox, rawLockboxEvent, rawLockboxInstallation, rawMultifamilyProperty, rawPrescreeningTemplate, rawProspect,
  rawSubteam, rawUnit, type RawUnit,
} from './raw.js';

export interface RentengineResourceOptions {
  apiToken: string;
  /** Rows per page. Default 100, the vendor's maximum. */
  pageSize?: number;
  /** Pages one list may take before it is given up. Default 10_000. */
  maxPages?: number;
  /**
   * How long one page may wait for the rate limit (20 requests per 5 s, shared with the
   * gateway's requests). Default 60_000: a sync reads steadily at the limit's pace.
   */
  rateLimitMaxWaitMillis?: number;
}

const VENDOR = 'RENTENGINE';

/**
 * Resource names records are filed under, also by the webhook (webhook.ts). Leasing
 * events have no list: only webhooks write them, and no complete read ever sweeps them.
 */
export const RENTENGINE_RESOURCE = {
  units: 'rentengine:units',
  lockboxes: 'rentengine:lockboxes',
  lockboxInstallations: 'rentengine:lockbox-installations',
  prospects: 'rentengine:prospects',
  properties: 'rentengine:multifamily-properties',
  floorplans: 'rentengine:floorplans',
  lockboxEvents: 'rentengine:lockbox-events',
  leasingEvents: 'rentengine:leasing-events',
} as const;
const ref = (id: string | null) => refOf(VENDOR, id);

/**
 * What the read model keeps of RentEngine, one resource per list endpoint
 * (docs/vendors.md, RentEngine), each walked page by page through the HTTP layer's rate
 * limit, every page written before the next is asked for. Leasing events and showings
 * have no list: they arrive by webhook (webhook.ts) and are written there.
 *
 * Incremental reads where the vendor filters by time: units by `updated_after`,
 * lockbox events (which never change) and prospects by creation time, installations by
 * the lockbox events that open and close them. A prospect's later changes come with its
 * leasing events; the daily full read settles the rest.
 */
export function createRentengineResources(http: VendorHttp, options: RentengineResourceOptions): ResourceSource[] {
  const walk = createPageWalker(http, { authorization: `Bearer ${options.apiToken}` }, { pageSize: options.pageSize ?? 100, maxPages: options.maxPages ?? 10_000 });
  const rateLimitMaxWaitMillis = options.rateLimitMaxWaitMillis ?? 60_000;

  /**
   * One resource over one list. `since` (when the resource reads incrementally) becomes
   * the query of `incremental`; the watermark is the latest of `stampOf` seen.
   */
  const resource = <S extends z.ZodType>(spec: {
    name: string;
    kinds: readonly RecordKind[];
    path: string;
    schema: S;
    query?: Query;
    incremental?: { query: (since: string) => Query; stampOf: (row: z.output<S>) => string | null };
    /** Runs before the first page; what it returns is handed to `draftsOf`. */
    prepare?: (read: ResourceReadOptions) => Promise<(row: z.output<S>, original: unknown) => RecordDraft[]>;
    draftsOf?: (row: z.output<S>, original: unknown) => RecordDraft[];
  }): ResourceSource => ({
    vendor: VENDOR,
    resource: `rentengine:${spec.name}`,
    kinds: spec.kinds,
    async read(read): Promise<ResourceReadResult> {
      const since = spec.incremental === undefined ? null : read.since;
      const draftsOf = spec.prepare === undefined ? spec.draftsOf! : await spec.prepare(read);
      let watermark = since;
      await walkList(walk, {
        path: spec.path,
        operation: `GET ${spec.path}`,
        query: { ...spec.query, ...(since !== null && spec.incremental!.query(since)) },
        schema: spec.schema,
        rateLimitMaxWaitMillis,
      }, read, (rows) => rows.flatMap(({ row, original }) => {
        if (spec.incremental !== undefined) watermark = laterOf(watermark, spec.incremental.stampOf(row));
        return draftsOf(row, original);
      }));
      return { complete: since === null, watermark: spec.incremental === undefined ? null : watermark };
    },
  });

  return [
    resource({
      name: 'units',
      kinds: ['UNIT', 'LISTING'],
      path: '/units',
      schema: rawUnit,
      incremental: { query: (since) => ({ updated_after: since }), stampOf: (row) => row.updated_at },
      draftsOf: unitDrafts,
    }),
    resource({
      name: 'lockboxes',
      kinds: ['LOCKBOX'],
      path: '/lockboxes',
      schema: rawLockbox,
      // A lockbox belongs to the unit it is installed at now, which only its active installation says.
      prepare: async (read) => {
        const installedAt = new Map<string, string>();
        await walkList(walk, { path: '/lockbox_installations', operation: 'GET /lockbox_installations', query: { active: true }, schema: rawLockboxInstallation, rateLimitMaxWaitMillis }, read, (rows) => {
          for (const { row } of rows) if (row.unit_id !== null) installedAt.set(row.lockbox_id, row.unit_id);
          return null;
        });
        return (row, original) => [lockboxDraft(toLockboxModel(row, original), installedAt.get(row.id) ?? null)];
      },
    }),
    lockboxInstallations(walk, rateLimitMaxWaitMillis),
    resource({
      name: 'lockbox-events',
      kinds: ['LOCKBOX_EVENT'],
      path: '/lockbox_events',
      schema: rawLockboxEvent,
      incremental: { query: (since) => ({ created_at_from: since }), stampOf: (row) => row.created_at },
      draftsOf: (row, original) => [lockboxEventDraft(toLockboxEventModel(row, original))],
    }),
    resource({
      name: 'prospects',
      kinds: ['PROSPECT'],
      path: '/prospects',
      schema: rawProspect,
      incremental: { query: (since) => ({ created_after: since }), stampOf: (row) => row.created_at },
      draftsOf: (row, original) => [prospectDraft(toProspectModel(row, original), row.updated_at)],
    }),
    resource({
      name: 'multifamily-properties',
      kinds: ['MULTIFAMILY_PROPERTY'],
      path: '/multifamily_properties',
      schema: rawMultifamilyProperty,
      draftsOf: (row, original) => [portfolioDraft.property(toMultifamilyPropertyModel(row, original))],
    }),
    resource({
      name: 'floorplans',
      kinds: ['FLOORPLAN'],
      path: '/floorplans',
      schema: rawFloorplan,
      draftsOf: (row, original) => [portfolioDraft.floorplan(toFloorplanModel(row, original))],
    }),
    resource({
      name: 'subteams',
      kinds: ['SUBTEAM'],
      path: '/subteams',
      schema: rawSubteam,
      draftsOf: (row, original) => [draftOf('SUBTEAM', toSubteamModel(row, original))],
    }),
    resource({
      name: 'prescreening-templates',
      kinds: ['PRESCREENING_TEMPLATE'],
      path: '/prescreening_templates',
      schema: rawPrescreeningTemplate,
      draftsOf: (row, original) => [draftOf('PRESCREENING_TEMPLATE', toPrescreeningTemplateModel(row, original))],
    }),
  ];
}

/** Lockbox events read again before a watermark, for events whose installation a complete read walked past while they were made. */
const INSTALLATION_LOOKBACK_MILLIS = 10 * 60_000;
/** Lockbox ids per GET /lockbox_installations: its rows fit a page or two. */
const LOCKBOXES_PER_REQUEST = 50;

/**
 * Installations change only by lockbox events: RentEngine opens one when an Install
 * event is inserted (the only way one is made) and closes it at the lockbox's next
 * Uninstall (vendor-docs). So after a complete read, a run reads only the Install and
 * Uninstall events created since (lockbox events filter by creation time), then the
 * installations of the lockboxes they name, and drops the interim installation a
 * webhook kept under the Install event's id (lockboxEventWrites). The watermark is the
 * latest installation or event time seen; events are read again from a little before it.
 */
function lockboxInstallations(walk: PageWalker, rateLimitMaxWaitMillis: number): ResourceSource {
  const draftsOf = (rows: CheckedRow<z.output<typeof rawLockboxInstallation>>[]) => rows.map(({ row, original }) => lockboxInstallationDraft(toLockboxInstallation(row, original)));
  const stampOf = (row: z.output<typeof rawLockboxInstallation>) => laterOf(row.installed_at, row.uninstalled_at);
  return {
    vendor: VENDOR,
    resource: RENTENGINE_RESOURCE.lockboxInstallations,
    kinds: ['LOCKBOX_INSTALLATION'],
    async read(read): Promise<ResourceReadResult> {
      const request = { path: '/lockbox_installations', operation: 'GET /lockbox_installations', schema: rawLockboxInstallation, rateLimitMaxWaitMillis };
      let watermark = read.since;
      if (read.since === null) {
        await walkList(walk, { ...request, query: {} }, read, (rows) => {
          for (const { row } of rows) watermark = laterOf(watermark, stampOf(row));
          return draftsOf(rows);
        });
        return { complete: true, watermark };
      }
      const from = new Date(Date.parse(read.since) - INSTALLATION_LOOKBACK_MILLIS).toISOString();
      const lockboxIds = new Set<string>();
      const interim: RecordDelete[] = [];
      await walkList(walk, {
        path: '/lockbox_events', operation: 'GET /lockbox_events', schema: rawLockboxEvent, rateLimitMaxWaitMillis,
        query: { event_types: ['Install', 'Uninstall'], created_at_from: from },
      }, read, (rows) => {
        for (const { row } of rows) {
          lockboxIds.add(row.lockbox_id);
          if (lockboxEventTypeOf(row.event_type) === 'INSTALL') interim.push({ kind: 'LOCKBOX_INSTALLATION', vendor: VENDOR, externalId: row.id });
          watermark = laterOf(watermark, row.created_at);
        }
        return null;
      });
      for (const ids of chunk([...lockboxIds], LOCKBOXES_PER_REQUEST)) {
        await walkList(walk, { ...request, query: { lockbox_ids: ids } }, read, draftsOf);
      }
      if (interim.length > 0) await read.onPage({ deletes: interim });
      return { complete: false, watermark };
    },
  };
}

/** A unit and the listing it is marketed as: every RentEngine unit is, published while it is Available. */
export function unitDrafts(row: RawUnit, original: unknown): RecordDraft[] {
  return rentengineUnitDrafts({ record: toUnitRecord(row, original), listing: toListingModel(row, original), updatedAt: row.updated_at });
}

export function rentengineUnitDrafts(unit: Pick<RentengineUnit, 'record' | 'listing' | 'updatedAt'>): RecordDraft[] {
  const unitRef: SourceRef = { vendor: VENDOR, externalId: unit.record.externalId };
  return [
    draftOf('UNIT', unit.record, { vendorUpdatedAt: unit.updatedAt }),
    draftOf('LISTING', unit.listing, { unitRef, vendorUpdatedAt: unit.updatedAt }),
  ];
}

/** Multifamily properties and floorplans as the sync files them. */
export const portfolioDraft = {
  property: (property: MultifamilyPropertyModel): RecordDraft => draftOf('MULTIFAMILY_PROPERTY', property, { vendorUpdatedAt: property.updatedAt }),
  floorplan: (floorplan: FloorplanModel): RecordDraft => draftOf('FLOORPLAN', floorplan, { parentRef: ref(floorplan.propertyExternalId) }),
};

export function prospectDraft(prospect: ProspectModel, updatedAt: string | null): RecordDraft {
  return draftOf('PROSPECT', prospect, { unitRef: prospect.unitOfInterest, vendorUpdatedAt: updatedAt });
}

/** A lockbox, filed under the unit it is installed at now (`unitId`, from its active installation; null when none). */
export function lockboxDraft(lockbox: LockboxModel, unitId: string | null): RecordDraft {
  return draftOf('LOCKBOX', lockbox, { unitRef: ref(unitId) });
}

export function lockboxEventDraft(event: LockboxEventModel): RecordDraft {
  return draftOf('LOCKBOX_EVENT', event, { unitRef: ref(event.unitExternalId), parentRef: ref(event.lockboxExternalId) });
}

/**
 * A new lockbox event and what it changes in the read model: an Install files the stored
 * lockbox under its unit and keeps the installation it opened, an Uninstall files the
 * lockbox under no unit and closes its open installation. The event does not name the
 * installation RentEngine opened, so that one is kept under the event's id until the next
 * full read of installations replaces it with the vendor's own.
 */
export function lockboxEventWrites(event: LockboxEventModel): RecordWrite[] {
  const writes: RecordWrite[] = [{ resource: RENTENGINE_RESOURCE.lockboxEvents, upserts: [lockboxEventDraft(event)] }];
  const lockbox = { kind: 'LOCKBOX', vendor: VENDOR, externalId: event.lockboxExternalId } as const;
  switch (event.eventType) {
    case 'INSTALL': {
      const installation: LockboxInstallationModel = {
        vendor: VENDOR, externalId: event.externalId, raw: null, lockboxExternalId: event.lockboxExternalId,
        unitExternalId: event.unitExternalId, installedAt: event.occurredAt, uninstalledAt: null,
      };
      writes.push({ resource: RENTENGINE_RESOURCE.lockboxes, moves: [{ key: lockbox, unitRef: ref(event.unitExternalId) }] });
      writes.push({ resource: RENTENGINE_RESOURCE.lockboxInstallations, upserts: [lockboxInstallationDraft(installation)] });
      break;
    }
    case 'UNINSTALL':
      writes.push({ resource: RENTENGINE_RESOURCE.lockboxes, moves: [{ key: lockbox, unitRef: null }] });
      writes.push({ resource: RENTENGINE_RESOURCE.lockboxInstallations, spanEnds: [{ kind: 'LOCKBOX_INSTALLATION', parentRef: { vendor: VENDOR, externalId: event.lockboxExternalId }, field: 'uninstalledAt', at: event.occurredAt }] });
      break;
    case 'GENERATE_CODE':
    case null:
      break;
    default: {
      const unreachable: never = event.eventType;
      throw new Error(`no read-model change for lockbox event type ${String(unreachable)}`);
    }
  }
  return writes;
}

export function lockboxInstallationDraft(installation: LockboxInstallationModel): RecordDraft {
  return draftOf('LOCKBOX_INSTALLATION', installation, { unitRef: ref(installation.unitExternalId), parentRef: ref(installation.lockboxExternalId) });
}

/** A leasing event under its prospect, and the showing a "Showing Scheduled" one opened. */
export function leasingEventDrafts(event: LeasingEventModel): RecordDraft[] {
  const relations = { unitRef: event.unit, parentRef: event.prospect };
  return [draftOf('LEASING_EVENT', event, relations), ...(event.showing === null || event.showing === undefined ? [] : [draftOf('SHOWING', event.showing, relations)])];
}

/**
 * Walks one list, handing each page's drafts to the sync (`toDrafts` returning null
 * keeps the page to itself). Stops at the next page once the sync is closed.
 */
async function walkList<S extends z.ZodType>(
  walk: PageWalker,
  request: Parameters<PageWalker>[0] & { schema: S },
  read: ResourceReadOptions,
  toDrafts: (rows: CheckedRow<z.output<S>>[]) => RecordDraft[] | null,
): Promise<void> {
  let readSoFar = 0;
  await walk(request, async (rows) => {
    read.signal.throwIfAborted();
    readSoFar += rows.length;
    const upserts = toDrafts(rows);
    if (upserts !== null) await read.onPage({ upserts, readSoFar });
  });
}
