import type { Store } from '../../store/store.js';

declare module '../../store/tables.js' {
  interface Tables {
    /** Made by migration 0004-writes. */
    leasey_property_uuids: { property_id: string; uuid: string; created_at: number };
  }
}

/**
 * Leasey knows a property by two ids: the integer Property_ID of its reports (the id the
 * graph's Listing and Unit records use) and the UUID that POST /properties returns, which
 * the vendor's document calls "the only way to update this property later". The reports
 * never show the UUID, so the gateway keeps the pair for every property it creates
 * (table leasey_property_uuids, migration 0004-writes).
 */
export interface LeaseyUuids {
  /** The UUID of a property this gateway created; undefined for others. */
  uuidOf(propertyId: string): Promise<string | undefined>;
  remember(propertyId: string, uuid: string): Promise<void>;
}

export function createLeaseyUuids(store: Store, now: () => number = Date.now): LeaseyUuids {
  return {
    uuidOf: async (propertyId) =>
      (await store.read.selectFrom('leasey_property_uuids').select('uuid').where('property_id', '=', propertyId).executeTakeFirst())?.uuid,
    remember: async (propertyId, uuid) => {
      await store.write
        .insertInto('leasey_property_uuids')
        .values({ property_id: propertyId, uuid, created_at: now() })
        .onConflict((oc) => oc.column('property_id').doUpdateSet({ uuid }))
        .execute();
    },
  };
}
