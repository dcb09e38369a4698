import DataLoader from 'dataloader';
import type { VendorCache } from '../../ports/cache.js';
import type {
  FloorplanModel, LockboxEventModel, LockboxEventType, LockboxInstallationModel, LockboxModel, MultifamilyPropertyModel, PrescreeningTemplateModel,
  ProspectModel, ShowingAvailabilityModel, SubteamModel,
} from '../../domain/models.js';
import type { LockboxEventQuery } from '../../ports/reads.js';
import { byIdsLoader, groupByIdsLoader, groupLoader, indexLoader, memo, type LoaderOptions } from '../../ports/batching.js';
import type { ProspectFilter, RentengineClient, RentengineUnit } from './client.js';

/**
 * RentEngine loaders (its units at the end). Where the vendor has a multi-id
 * filter (lockboxes, lockbox events, installations, multifamily properties, floorplans,
 * templates) the keys of a tick go out in one read of at most 100 ids (its page
 * limit); where it has none (prospects by unit, subteams) a whole-list read is shared
 * by the request. Showing availability has no multi-unit form: one call per unit.
 */
/**
 * Ids per RentEngine GET /units call. A page holds at most 100 rows and a full page makes
 * the client ask for the next one to learn the list ended, so 99 ids always fit one call.
 */
export const RENTENGINE_UNITS_PER_CALL = 99;

export interface RentengineUnitLoaders {
  /** Every unit (GET /units walked to its end), once per request. */
  all: () => Promise<RentengineUnit[]>;
  /** By id, batched into `unitIds` filters of 100; answered from `all` once that was read. */
  byId: DataLoader<string, RentengineUnit | null>;
}

export interface RentengineLoaders {
  allLockboxes: () => Promise<LockboxModel[]>;
  lockboxById: DataLoader<string, LockboxModel | null>;
  /** Where a lockbox is installed now: its open installation, by lockbox id. */
  installationByLockbox: DataLoader<string, LockboxInstallationModel | null>;
  /** The open installations at a unit, by RentEngine unit id. */
  installationsByUnit: DataLoader<string, LockboxInstallationModel[]>;
  eventsByLockbox: DataLoader<string, LockboxEventModel[]>;
  events(query: LockboxEventQuery): Promise<LockboxEventModel[]>;
  /** Every installation, open and closed, by lockbox id. */
  installationsOfLockbox: DataLoader<string, LockboxInstallationModel[]>;
  lockboxEventById: DataLoader<string, LockboxEventModel | null>;

  /**
   * Prospects created in a window (bounds passed to the vendor as created_after /
   * created_before), shared within the request; {} is every prospect, which is also
   * cached across requests for PROSPECTS_TTL_MILLIS (RentEngine webhooks drop it).
   */
  prospects: (window: ProspectFilter) => Promise<ProspectModel[]>;
  prospectById: DataLoader<string, ProspectModel | null>;
  /** Prospects whose unit of interest is this RentEngine unit id. */
  prospectsByUnit: DataLoader<string, ProspectModel[]>;

  /** One GET /showings/availability per unit id (no batch form); repeated ids share a call. */
  availabilityByUnit: DataLoader<string, ShowingAvailabilityModel>;

  allMultifamilyProperties: () => Promise<MultifamilyPropertyModel[]>;
  multifamilyPropertyById: DataLoader<string, MultifamilyPropertyModel | null>;
  allFloorplans: () => Promise<FloorplanModel[]>;
  floorplanById: DataLoader<string, FloorplanModel | null>;
  floorplansByProperty: DataLoader<string, FloorplanModel[]>;
  allSubteams: () => Promise<SubteamModel[]>;
  subteamById: DataLoader<string, SubteamModel | null>;
  allPrescreeningTemplates: () => Promise<PrescreeningTemplateModel[]>;
  prescreeningTemplateById: DataLoader<string, PrescreeningTemplateModel | null>;
}

/** RentEngine's page limit, and so the most ids one batched read carries. */
const MAX_IDS = 100;

/**
 * How long a prospect list is reused across requests. RentEngine cannot filter
 * prospects by unit, so every Unit.prospects would otherwise read the whole list;
 * a minute keeps that to one read per minute, and a prospects or leasing_events
 * webhook drops it at once (events invalidate the vendor's cache entries).
 */
export const PROSPECTS_TTL_MILLIS = 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER = /^\d+$/;

/**
 * Sends only ids of the vendor's shape: RentEngine answers a malformed id in a filter
 * with 400, which would fail every other key of the batch; such an id matches nothing.
 */
const only = <V>(shape: RegExp, fetch: (ids: readonly string[]) => Promise<V[]>) => async (keys: readonly string[]): Promise<V[]> => {
  const ids = keys.filter((key) => shape.test(key));
  return ids.length === 0 ? [] : fetch(ids);
};

/**
 * A whole-list read and a by-id loader over the same resource: once the request asked
 * for the whole list, lookups by id are answered from it instead of a second read.
 */
function listAndById<V extends { externalId: string }>(
  options: LoaderOptions,
  readAll: () => Promise<V[]>,
  readByIds: (ids: readonly string[]) => Promise<V[]>,
): { all: () => Promise<V[]>; byId: DataLoader<string, V | null>; wholeListAsked: () => boolean } {
  let wholeListAsked = false;
  const memoized = memo(options, readAll);
  const all = () => {
    wholeListAsked = true;
    return memoized();
  };
  const byId = byIdsLoader(options, MAX_IDS, (ids) => (wholeListAsked && options.batching ? memoized() : only(UUID, readByIds)(ids)), (row) => row.externalId);
  return { all, byId, wholeListAsked: () => wholeListAsked && options.batching };
}

/** RentEngine's names of the lockbox event types. */
const LOCKBOX_EVENT_TYPES: Record<LockboxEventType, string> = { INSTALL: 'Install', UNINSTALL: 'Uninstall', GENERATE_CODE: 'Generate Code' };

export function createRentengineLoaders(client: RentengineClient, options: LoaderOptions, cache: VendorCache | null): RentengineLoaders {
  const lockboxes = listAndById(options, () => client.lockboxes(), (ids) => client.lockboxesByIds(ids));
  const installationByLockbox = byIdsLoader(
    options,
    MAX_IDS,
    only(UUID, (ids) => client.lockboxInstallations({ lockboxIds: ids, active: true })),
    (installation) => installation.lockboxExternalId,
  );

  const prospectLists = new Map<string, Promise<ProspectModel[]>>();
  const prospects = (window: ProspectFilter): Promise<ProspectModel[]> => {
    const whole = window.createdAfter === undefined && window.createdBefore === undefined;
    // Only the whole list is kept across requests: it is what unit lookups need, and
    // arbitrary client windows would crowd other vendors' entries out of the cache.
    const read = () => (whole && cache !== null ? cache.get('RENTENGINE', 'prospects:all', PROSPECTS_TTL_MILLIS, () => client.prospects()) : client.prospects(window));
    if (!options.batching) return read();
    const key = JSON.stringify([window.createdAfter ?? null, window.createdBefore ?? null]);
    let list = prospectLists.get(key);
    if (list === undefined) prospectLists.set(key, (list = read()));
    return list;
  };
  const allProspects = () => prospects({});

  const properties = listAndById(options, () => client.multifamilyProperties(), (ids) => client.multifamilyPropertiesByIds(ids));
  const floorplans = listAndById(options, () => client.floorplans(), (ids) => client.floorplansByIds(ids));
  const templates = listAndById(options, () => client.prescreeningTemplates(), (ids) => client.prescreeningTemplatesByIds(ids));
  const allSubteams = memo(options, () => client.subteams());

  return {
    allLockboxes: lockboxes.all,
    lockboxById: lockboxes.byId,
    installationByLockbox,
    installationsByUnit: groupByIdsLoader(
      options,
      MAX_IDS,
      only(INTEGER, async (ids) => {
        const installations = await client.lockboxInstallations({ unitIds: ids, active: true });
        // A lockbox has one open installation, so these also answer "where is it now".
        for (const installation of installations) installationByLockbox.prime(installation.lockboxExternalId, installation);
        return installations;
      }),
      (installation) => installation.unitExternalId,
    ),
    eventsByLockbox: groupByIdsLoader(options, MAX_IDS, only(UUID, (ids) => client.lockboxEvents({ lockboxIds: ids })), (event) => event.lockboxExternalId),
    lockboxEventById: byIdsLoader(options, MAX_IDS, only(UUID, (ids) => client.lockboxEventsByIds(ids)), (event) => event.externalId),
    events: async (query) => {
      // Ids RentEngine cannot have (not UUIDs, not integers) match nothing; asking would be a 400.
      const lockboxIds = query.lockboxIds?.filter((id) => UUID.test(id));
      const unitIds = query.unitIds?.filter((id) => INTEGER.test(id));
      if (lockboxIds?.length === 0 || unitIds?.length === 0 || query.eventTypes?.length === 0) return [];
      return client.lockboxEvents({
        ...(lockboxIds !== undefined && { lockboxIds }),
        ...(unitIds !== undefined && { unitIds }),
        ...(query.eventTypes !== undefined && { eventTypes: query.eventTypes.map((type) => LOCKBOX_EVENT_TYPES[type]) }),
        ...(query.from !== undefined && { createdFrom: query.from }),
        ...(query.to !== undefined && { createdTo: query.to }),
      });
    },
    installationsOfLockbox: groupByIdsLoader(options, MAX_IDS, only(UUID, (ids) => client.lockboxInstallations({ lockboxIds: ids })), (installation) => installation.lockboxExternalId),

    prospects,
    prospectById: indexLoader(options, allProspects, (prospect) => prospect.externalId),
    prospectsByUnit: groupLoader(options, allProspects, (prospect) => (prospect.unitOfInterest === null ? [] : [prospect.unitOfInterest.externalId])),

    availabilityByUnit: new DataLoader<string, ShowingAvailabilityModel>(
      async ([id]) => [await client.showingAvailability(id!)],
      { batch: false, cache: options.batching },
    ),

    allMultifamilyProperties: properties.all,
    multifamilyPropertyById: properties.byId,
    allFloorplans: floorplans.all,
    floorplanById: floorplans.byId,
    floorplansByProperty: groupByIdsLoader(
      options,
      MAX_IDS,
      only(UUID, async (ids) => (floorplans.wholeListAsked() ? floorplans.all() : client.floorplans({ multifamilyPropertyIds: ids }))),
      (floorplan) => floorplan.propertyExternalId,
    ),
    allSubteams,
    // The vendor has no id filter for subteams: a lookup reads the (small) whole list.
    subteamById: indexLoader(options, allSubteams, (subteam) => subteam.externalId),
    allPrescreeningTemplates: templates.all,
    prescreeningTemplateById: templates.byId,
  };
}

/** RentEngine units: the identity index's unit records and the listings they are marketed as. */
export function createRentengineUnitLoaders(client: RentengineClient, options: LoaderOptions): RentengineUnitLoaders {
  let wholeListAsked = false;
  const readAll = memo(options, () => client.units());
  const all = () => {
    wholeListAsked = true;
    return readAll();
  };
  const byId = byIdsLoader(
    options,
    RENTENGINE_UNITS_PER_CALL,
    async (keys) => {
      if (wholeListAsked && options.batching) return readAll();
      // RentEngine ids are integers; anything else cannot exist there and must not spoil a batch.
      const ids = keys.filter((key) => /^\d+$/.test(key));
      return ids.length === 0 ? [] : client.unitsByIds(ids);
    },
    (unit) => unit.record.externalId,
  );
  return { all, byId };
}
