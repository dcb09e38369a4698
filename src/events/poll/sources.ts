import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { LeaseModel, ListingModel, ProspectModel, ProtocolModel, ShowingModel, UnitRecord } from '../../domain/models.js';
import type { Services } from '../../services.js';
import type { NewEvent } from '../types.js';
import { leaseyLeadLeasingEvent, leaseyShowingLeasingEvent, leasingEventToNew } from './leasey.js';
import { changeEventOf, createChangePoller, hashOfRecord, type ChangePoller, type PollDiff, type PollSource } from './poller.js';
import { startPolling, type PollSchedule } from './scheduler.js';

/**
 * The change pollers of every configured vendor that lacks webhooks for a resource:
 * rent-roll units and leases, Leasey properties, leads and showings, StuRents houses,
 * and deep.rent protocols as a backstop to its webhooks.
 */

/** Hash of the normalized record only: a vendor field we do not map (Days_Listed ticking daily) is not a change. */
const hashOfModel = (record: { raw: unknown }) => hashOfRecord({ ...record, raw: null });

function source<T extends { raw: unknown }>(spec: Omit<PollSource<T>, 'hashOf'>): PollSource<T> {
  return { ...spec, hashOf: hashOfModel };
}

const withLeasingEvent = (change: NewEvent, leasing: ReturnType<typeof leaseyLeadLeasingEvent>): NewEvent[] =>
  leasing === null ? [change] : [change, leasingEventToNew(leasing)];

export function rentrollPollers(services: Services): ChangePoller[] {
  const client = services.vendors.rentroll?.client;
  if (client === undefined) return [];
  const units = source<UnitRecord>({
    name: 'rentroll:units',
    fetch: async () => ({ records: await client.allUnits(), complete: true }),
    keyOf: (unit) => unit.externalId,
    toEvents: (diff) => [changeEventOf('RENTROLL', 'UNIT', diff, { unit: (u) => ({ vendor: 'RENTROLL', externalId: u.externalId }) })],
  });
  const leases = source<LeaseModel>({
    name: 'rentroll:leases',
    fetch: async () => ({ records: await client.allLeases(), complete: true }),
    keyOf: (lease) => lease.externalId,
    toEvents: (diff) => [changeEventOf('RENTROLL', 'LEASE', diff, { unit: (l) => (l.unitExternalId === null ? null : { vendor: 'RENTROLL', externalId: l.unitExternalId }) })],
  });
  return [createChangePoller(units, services), createChangePoller(leases, services)];
}

export function leaseyPollers(services: Services): ChangePoller[] {
  const client = services.vendors.leasey?.client;
  if (client === undefined) return [];
  // The client caches reports for minutes (as Leasey asks); a poll must see the vendor's state now.
  const fresh = async <R>(read: () => Promise<R>): Promise<R> => {
    client.invalidate();
    return read();
  };
  const observedAt = () => new Date().toISOString();
  const properties = source<ListingModel>({
    name: 'leasey:properties',
    fetch: async () => ({ records: (await fresh(() => client.propertiesReport())).map((p) => p.listing), complete: true }),
    keyOf: (listing) => listing.externalId,
    toEvents: (diff) => [changeEventOf('LEASEY', 'LISTING', diff, { unit: (l) => l.unit })],
  });
  const leads = source<ProspectModel>({
    name: 'leasey:leads',
    fetch: async () => ({ records: await fresh(() => client.leadsReport()), complete: true }),
    keyOf: (lead) => lead.externalId,
    toEvents: (diff) =>
      withLeasingEvent(changeEventOf('LEASEY', 'PROSPECT', diff, { unit: (l) => l.unitOfInterest, prospect: (l) => ({ vendor: 'LEASEY', externalId: l.externalId }) }), leaseyLeadLeasingEvent(diff, observedAt())),
  });
  const showings = source<ShowingModel>({
    name: 'leasey:showings',
    fetch: async () => ({ records: await fresh(() => client.showingsReport()), complete: true }),
    keyOf: (showing) => showing.externalId,
    toEvents: (diff) =>
      withLeasingEvent(changeEventOf('LEASEY', 'SHOWING', diff, { unit: (s) => s.unit, prospect: (s) => s.prospect }), leaseyShowingLeasingEvent(diff, observedAt())),
  });
  return [createChangePoller(properties, services), createChangePoller(leads, services), createChangePoller(showings, services)];
}

/**
 * StuRents: between full reads, only houses added since the last poll (added-since);
 * a full read every `fullEveryMillis` finds edits and removals.
 */
export function sturentsPollers(services: Services, fullEveryMillis: number | null): ChangePoller[] {
  const client = services.vendors.sturents?.client;
  if (client === undefined) return [];
  let watermark: string | null = null;
  let lastFullAt = 0;
  const houses = source<ListingModel>({
    name: 'sturents:houses',
    fetch: async () => {
      const full = watermark === null || (fullEveryMillis !== null && Date.now() - lastFullAt >= fullEveryMillis);
      const read = full ? await client.houses() : await client.housesAddedSince(watermark!);
      watermark = read.watermark;
      if (full) lastFullAt = Date.now();
      return { records: read.houses.map((house) => house.listing), complete: full };
    },
    keyOf: (listing) => listing.externalId,
    toEvents: (diff) => [changeEventOf('STURENTS', 'LISTING', diff, { unit: (l) => l.unit })],
  });
  return [createChangePoller(houses, services)];
}

/**
 * deep.rent announces protocols by webhook; this poll is a backstop for a missed
 * delivery. A change the log already has from a webhook is not announced again, and
 * a protocol that became soft-deleted is a DELETED change, as its webhook would say.
 */
export function deeprentPollers(services: Services): ChangePoller[] {
  const client = services.vendors.deeprent?.client;
  if (client === undefined) return [];
  const protocols = source<ProtocolModel>({
    name: 'deeprent:protocols',
    fetch: async () => ({ records: (await client.protocols({ includeDeleted: true })).map((row) => row.protocol), complete: true }),
    keyOf: (protocol) => protocol.externalId,
    toEvents: async (diff: PollDiff<ProtocolModel>) => {
      const deletedNow = diff.record !== null && diff.record.deletedAt !== null && (diff.previous === null || diff.previous.deletedAt === null);
      const effective: PollDiff<ProtocolModel> = deletedNow ? { ...diff, change: 'DELETED' } : diff;
      const latest = await services.events.log.latestOf('PROTOCOL', { vendor: 'DEEPRENT', externalId: diff.key });
      if (effective.change !== 'UPDATED' && latest?.change === effective.change) return [];
      return [changeEventOf('DEEPRENT', 'PROTOCOL', effective, { unit: (p) => p.object })];
    },
  });
  return [createChangePoller(protocols, services)];
}

/** Starts every configured poller on its vendor's interval; `stop()` waits for polls under way. */
export function startChangePolling(services: Services, polling: Config['polling'], logger: Logger): PollSchedule {
  const groups: [number | null, ChangePoller[]][] = [
    [polling.rentrollMillis, rentrollPollers(services)],
    [polling.leaseyMillis, leaseyPollers(services)],
    [polling.sturentsMillis, sturentsPollers(services, polling.sturentsFullMillis)],
    [polling.deeprentMillis, deeprentPollers(services)],
  ];
  const schedules = groups
    .filter(([interval, pollers]) => interval !== null && pollers.length > 0)
    .map(([interval, pollers]) => startPolling(pollers, { intervalMillis: interval!, logger }));
  return {
    stop: async () => {
      await Promise.all(schedules.map((schedule) => schedule.stop()));
    },
  };
}
