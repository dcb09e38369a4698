import type { LeaseModel, UnitRecord } from '../../domain/models.js';
import { draftOf, refOf, type RecordDraft, type ResourceSource } from '../../ports/read-model.js';
import type { RentrollClient } from './client.js';

/**
 * What the read model keeps of the rent roll: its units, and its leases with their
 * tenants. Each is two whole-list reads (active and inactive: the vendor requires the
 * flag), streamed, since at 100,000 units a list is far larger than a response the HTTP
 * layer would hold (docs/vendors.md, Rent roll: no paging, no change feed). Every read is
 * complete, so a record the rent roll stops listing is swept.
 */
export function createRentrollResources(client: Pick<RentrollClient, 'streamUnits' | 'streamLeases'>): ResourceSource[] {
  const both = async <T>(read: (isActive: boolean, onBatch: (rows: T[]) => Promise<void>) => Promise<number>, onBatch: (rows: T[], readSoFar: number) => Promise<void>) => {
    let readSoFar = 0;
    for (const isActive of [true, false]) {
      await read(isActive, async (rows) => {
        readSoFar += rows.length;
        await onBatch(rows, readSoFar);
      });
    }
  };
  return [
    {
      vendor: 'RENTROLL',
      resource: 'rentroll:units',
      kinds: ['UNIT'],
      async read({ onPage, signal }) {
        await both<UnitRecord>((isActive, onBatch) => client.streamUnits(isActive, onBatch), async (units, readSoFar) => {
          signal.throwIfAborted();
          await onPage({ upserts: units.map((unit) => draftOf('UNIT', unit)), readSoFar });
        });
        return { complete: true, watermark: null };
      },
    },
    {
      vendor: 'RENTROLL',
      resource: 'rentroll:leases',
      kinds: ['LEASE', 'TENANT'],
      async read({ onPage, signal }) {
        await both<LeaseModel>((isActive, onBatch) => client.streamLeases(isActive, onBatch), async (leases, readSoFar) => {
          signal.throwIfAborted();
          await onPage({ upserts: leases.flatMap(leaseDrafts), readSoFar });
        });
        return { complete: true, watermark: null };
      },
    },
  ];
}

/** A lease (its tenants stay in its model too), each of its tenants as a record, and the links between them. */
export function leaseDrafts(lease: LeaseModel): RecordDraft[] {
  return [
    draftOf('LEASE', lease, {
      unitRef: refOf('RENTROLL', lease.unitExternalId),
      links: lease.tenants.map((tenant) => ({ link: 'lease_tenant' as const, to: { vendor: tenant.vendor, externalId: tenant.externalId } })),
    }),
    ...lease.tenants.map((tenant) => draftOf('TENANT', tenant)),
  ];
}
