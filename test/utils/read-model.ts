import pino from 'pino';
import type { LeaseModel, LeasingEventModel, SourceRef } from '../../src/domain/models.js';
import { VENDORS } from '../../src/domain/vendor.js';
import type { ResourceSource } from '../../src/ports/read-model.js';
import type { VendorConnection } from '../../src/ports/vendor-module.js';
import { createLeasingHistoryStore } from '../../src/readmodel/history.js';
import type { RecordDraft } from '../../src/readmodel/records.js';
import { createRecordSync, type RecordSync } from '../../src/readmodel/sync.js';
import { createUnitFactsStore } from '../../src/readmodel/unit-facts.js';
import type { TestApp } from './app.js';

/**
 * Fills a test gateway's read model from its simulators, as the sync will: each connected
 * vendor's lists read through its own client (the gateway's per-request reads, outside
 * a request) and written through the read model's RecordSync, then the unit facts rebuilt.
 */

const ref = (vendor: SourceRef['vendor'], externalId: string | null): SourceRef | null => (externalId === null ? null : { vendor, externalId });

function leaseDrafts(lease: LeaseModel): RecordDraft[] {
  const unitRef = ref(lease.vendor, lease.unitExternalId);
  return [
    { kind: 'LEASE', vendor: lease.vendor, externalId: lease.externalId, model: lease, unitRef, links: lease.tenants.map((tenant) => ({ link: 'lease_tenant' as const, to: { vendor: tenant.vendor, externalId: tenant.externalId } })) },
    ...lease.tenants.map((tenant): RecordDraft => ({ kind: 'TENANT', vendor: tenant.vendor, externalId: tenant.externalId, model: tenant, unitRef })),
  ];
}

/** One resource a connected vendor lists, read whole (complete) on each run. */
function resource(connection: VendorConnection, name: string, kinds: ResourceSource['kinds'], read: () => Promise<RecordDraft[]>): ResourceSource {
  return {
    vendor: connection.vendor,
    resource: `${connection.vendor.toLowerCase()}:${name}`,
    kinds,
    async read({ onPage }) {
      const drafts = await read();
      for (let i = 0; i < drafts.length; i += 200) await onPage({ upserts: drafts.slice(i, i + 200), readSoFar: Math.min(i + 200, drafts.length) });
      return { complete: true, watermark: null };
    },
  };
}

export function simulatorSources(app: TestApp): ResourceSource[] {
  return app.services.vendors.all().flatMap((connection) => {
    // Fresh loaders per run: nothing read by an earlier run is served again.
    const reads = () => connection.reads({ batching: true });
    const sources: ResourceSource[] = [
      resource(connection, 'units', ['UNIT'], async () => (await connection.unitRecords.list({ since: null })).records.map((unit) => ({ kind: 'UNIT', vendor: unit.vendor, externalId: unit.externalId, model: unit }))),
    ];
    const offered = reads();
    if (offered.leases !== undefined) sources.push(resource(connection, 'leases', ['LEASE', 'TENANT'], async () => (await reads().leases!.allLeases()).flatMap(leaseDrafts)));
    if (offered.listings !== undefined) {
      sources.push(resource(connection, 'listings', ['LISTING'], async () => (await reads().listings!.all()).map((listing) => ({ kind: 'LISTING', vendor: listing.vendor, externalId: listing.externalId, model: listing, unitRef: listing.unit }))));
    }
    if (offered.prospects !== undefined) {
      sources.push(resource(connection, 'prospects', ['PROSPECT'], async () => (await reads().prospects!.list({})).map((prospect) => ({ kind: 'PROSPECT', vendor: prospect.vendor, externalId: prospect.externalId, model: prospect, unitRef: prospect.unitOfInterest }))));
    }
    if (offered.lockboxes !== undefined) {
      sources.push(resource(connection, 'lockboxes', ['LOCKBOX'], async () => (await reads().lockboxes!.allLockboxes()).map((lockbox) => ({ kind: 'LOCKBOX', vendor: lockbox.vendor, externalId: lockbox.externalId, model: lockbox }))));
    }
    if (offered.protocols !== undefined) {
      sources.push(resource(connection, 'protocols', ['PROTOCOL'], async () => (await reads().protocols!.list({ includeDeleted: false })).map((protocol) => ({ kind: 'PROTOCOL', vendor: protocol.vendor, externalId: protocol.externalId, model: protocol, unitRef: protocol.object }))));
    }
    return sources;
  });
}

export interface ReadModelFill {
  sync: RecordSync;
  /** Runs the sync once more and rebuilds the unit facts. */
  run(): Promise<void>;
}

/** Builds the identity index and the read model from the simulators, once; `run()` again re-reads. */
export async function fillReadModel(app: TestApp): Promise<ReadModelFill> {
  const store = app.services.store;
  await app.services.identity.run();
  const sync = createRecordSync({ store, sources: simulatorSources(app), logger: pino({ level: 'silent' }) });
  const leaseVendors = new Set(app.services.vendors.all().filter((connection) => connection.reads({ batching: true }).leases !== undefined).map((connection) => connection.vendor));
  const facts = createUnitFactsStore(store, VENDORS, leaseVendors);
  const run = async () => {
    await sync.run({ full: true });
    await facts.rebuild();
  };
  await run();
  return { sync, run };
}

/** Writes leasing events into the durable history, as the intake does with every leasing event. */
export async function recordHistory(app: TestApp, events: readonly LeasingEventModel[]): Promise<void> {
  const history = createLeasingHistoryStore(app.services.store);
  await app.services.store.transaction((tx) => history.record(tx, events));
}

/**
 * Leaves the read model holding `vendor`'s unit records but no complete copy of what it
 * reads, as after a sync in which one of its other resources failed: the gateway then
 * reads that vendor live, as before its first full sync, while its units stay indexed.
 */
export async function forgetFullSync(app: TestApp, vendor: SourceRef['vendor']): Promise<void> {
  await app.services.store.write.updateTable('vendor_status').set({ last_full_sync_at: null }).where('vendor', '=', vendor).execute();
}
