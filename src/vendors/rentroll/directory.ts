import type { UnitParent } from '../../domain/models.js';
import type { RentrollLoaders } from './loaders.js';
import type { UnitDirectory } from '../../ports/directory.js';
import { unitPosition } from '../../domain/positions.js';

/**
 * A directory over the rent roll alone: one unit per rent-roll record, ordered by id.
 * Serves the graph until the identity index has finished its first sync.
 */
export function createRentrollDirectory(loaders: RentrollLoaders | null): UnitDirectory {
  const unitOf = (externalId: string): UnitParent => ({ __typename: 'Unit', key: `RENTROLL:${externalId}`, members: [{ vendor: 'RENTROLL', externalId }] });
  // Positions as the identity index gives them, so a cursor from here still works once the index takes over.
  const positionOf = (externalId: string) => unitPosition(`RENTROLL:${externalId}`);
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    async page({ first, after, filter }) {
      if (loaders === null || (filter.vendor !== undefined && filter.vendor !== null && filter.vendor !== 'RENTROLL')) {
        return { units: [], positions: [], hasNextPage: false };
      }
      const city = filter.city?.toLowerCase();
      const postal = filter.postalCode?.replace(/\s/g, '').toUpperCase();
      const rows = (await loaders.allUnits())
        .filter((u) => (filter.active ?? null) === null || u.active === filter.active)
        .filter((u) => city === undefined || u.address?.city?.toLowerCase() === city)
        .filter((u) => postal === undefined || u.address?.postalCode?.replace(/\s/g, '').toUpperCase().startsWith(postal) === true)
        .map((u) => ({ externalId: u.externalId, position: positionOf(u.externalId) }))
        .sort((a, b) => compare(a.position, b.position));
      const start = after === null ? 0 : rows.findIndex((row) => compare(row.position, after) > 0);
      const slice = start < 0 ? [] : rows.slice(start, start + first);
      return {
        units: slice.map((row) => unitOf(row.externalId)),
        positions: slice.map((row) => row.position),
        hasNextPage: start >= 0 && start + first < rows.length,
      };
    },
    async byKey(key) {
      if (!key.startsWith('RENTROLL:') || loaders === null) return null;
      const externalId = key.slice('RENTROLL:'.length);
      return (await loaders.unitById.load(externalId)) === null ? null : unitOf(externalId);
    },
    async byRef(ref) {
      return ref.vendor === 'RENTROLL' ? this.byKey(`RENTROLL:${ref.externalId}`) : null;
    },
  };
}
