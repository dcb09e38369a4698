import type { LeaseModel, UnitRecord } from '../../domain/models.js';
import { changeEventOf, modelSource, recordsOfDiff, type PollSource } from '../../ports/polling.js';
import { draftOf } from '../../ports/read-model.js';
import type { RentrollClient } from './client.js';
import { leaseDrafts } from './resources.js';

/** The rent roll announces nothing: its units and leases are polled whole, and each difference is a change. */
export function rentrollPollSources(client: RentrollClient): [PollSource<UnitRecord>, PollSource<LeaseModel>] {
  const units = modelSource<UnitRecord>({
    name: 'rentroll:units',
    fetch: async () => ({ records: await client.allUnits(), complete: true }),
    keyOf: (unit) => unit.externalId,
    toEvents: (diff) => [changeEventOf('RENTROLL', 'UNIT', diff, { unit: (u) => ({ vendor: 'RENTROLL', externalId: u.externalId }) })],
    toRecords: (diff) => recordsOfDiff('rentroll:units', diff, (unit) => [draftOf('UNIT', unit)]),
  });
  const leases = modelSource<LeaseModel>({
    name: 'rentroll:leases',
    fetch: async () => ({ records: await client.allLeases(), complete: true }),
    keyOf: (lease) => lease.externalId,
    toEvents: (diff) => [changeEventOf('RENTROLL', 'LEASE', diff, { unit: (l) => (l.unitExternalId === null ? null : { vendor: 'RENTROLL', externalId: l.unitExternalId }) })],
    // A gone lease's tenants stay until the next complete read: another lease may name them.
    toRecords: (diff) => recordsOfDiff('rentroll:leases', diff, (lease) => (diff.record === null ? leaseDrafts(lease).slice(0, 1) : leaseDrafts(lease))),
  });
  return [units, leases];
}
