import type { AddressModel, SourceRef, UnitParent } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';

/**
 * Where the graph finds units: a stable order to page over, and which vendor records
 * are one physical unit. Implemented by the identity index; keys are stable across
 * restarts and syncs, so global ids built on them are too.
 */
export interface UnitFilterInput {
  active?: boolean | null | undefined;
  city?: string | null | undefined;
  postalCode?: string | null | undefined;
  vendor?: Vendor | null | undefined;
}

export interface UnitPage {
  units: UnitParent[];
  /** Each unit's position in the ordering, for cursors. */
  positions: string[];
  hasNextPage: boolean;
}

export interface UnitDirectory {
  page(args: { first: number; after: string | null; filter: UnitFilterInput }): Promise<UnitPage>;
  /** The unit with this key; for the key of a unit merged into another, the unit it was merged into (whose key differs). */
  byKey(key: string): Promise<UnitParent | null>;
  /** Several units by key, in the order given, in one read; keys it does not know are left out. Absent when the directory keeps no keys of its own. */
  byKeys?(keys: readonly string[]): Promise<UnitParent[]>;
  byRef(ref: SourceRef): Promise<UnitParent | null>;
  /**
   * The unit's address as the index stored it at the last sync (indexed-address.ts), for
   * when no vendor that knows the unit answers now. Absent when the directory keeps none.
   */
  indexedAddress?(key: string): Promise<AddressModel | null>;
}
