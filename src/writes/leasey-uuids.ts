import type { Store } from '../store/sqlite.js';

/**
 * Leasey knows a property by two ids: the integer Property_ID of its reports (the id the
 * graph's Listing and Unit records use) and the UUID that POST /properties returns, which
 * leasey.md calls "the only way to update this property later". The reports never show
 * the UUID, so the gateway keeps the pair for every property it creates (table
 * leasey_property_uuids, migration 0004-writes).
 */
export interface LeaseyUuids {
  /** The UUID of a property this gateway created; undefined for others. */
  uuidOf(propertyId: string): string | undefined;
  remember(propertyId: string, uuid: string): void;
}

export function createLeaseyUuids(store: Store, now: () => number = Date.now): LeaseyUuids {
  const select = store.db.prepare<[string], string>('SELECT uuid FROM leasey_property_uuids WHERE property_id = ?').pluck();
  const upsert = store.db.prepare(`
    INSERT INTO leasey_property_uuids (property_id, uuid, created_at) VALUES (?, ?, ?)
    ON CONFLICT (property_id) DO UPDATE SET uuid = excluded.uuid`);
  return {
    uuidOf: (propertyId) => select.get(propertyId),
    remember: (propertyId, uuid) => {
      upsert.run(propertyId, uuid, now());
    },
  };
}
