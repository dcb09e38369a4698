import type { GraphQLResolveInfo } from 'graphql';
import { responsePathAsArray } from 'graphql';
import type { SourceRecordModel, UnitMember, UnitParent, UnitRecord } from '../domain/models.js';
import { mergeUnitRecords, type MergedUnitFields } from '../domain/unit-merge.js';
import { VendorError } from '../errors.js';
import type { PartialErrors } from './partial.js';

/** A unit's vendor records loaded and merged, once per request. */
export interface UnitView {
  fields: MergedUnitFields;
  sources: SourceRecordModel[];
}

export interface UnitViews {
  /**
   * Loads every member record of a unit through the request's loaders (batched across
   * the page) and merges them. A failing vendor leaves its record out and is reported
   * once, at the first field that needed it.
   */
  view(parent: UnitParent, info: GraphQLResolveInfo): Promise<UnitView>;
  /** Forgets every view (after a write: they may show the state before it). */
  clear(): void;
}

/** `load` reads one member record (null when its vendor is not connected or has no such record). */
export function createUnitViews(load: (ref: UnitMember) => Promise<UnitRecord | null>, partial: PartialErrors): UnitViews {
  const views = new Map<string, Promise<UnitView>>();
  const build = async (parent: UnitParent, info: GraphQLResolveInfo): Promise<UnitView> => {
    const settled = await Promise.allSettled(parent.members.map(load));
    const records: UnitRecord[] = [];
    const sources: SourceRecordModel[] = parent.members.map((ref, i) => {
      const outcome = settled[i]!;
      if (outcome.status === 'fulfilled') {
        if (outcome.value !== null) records.push(outcome.value);
        return { ...ref, raw: outcome.value?.raw ?? null };
      }
      if (outcome.reason instanceof VendorError) partial.add(outcome.reason, responsePathAsArray(info.path));
      else throw outcome.reason;
      return { ...ref, raw: null };
    });
    const fields = mergeUnitRecords(records);
    // A vendor that states no country leaves it to the identity index.
    const country = parent.country ?? null;
    if (fields.address !== null && fields.address.country === null && country !== null) fields.address = { ...fields.address, country };
    return { fields, sources };
  };
  return {
    view(parent, info) {
      let view = views.get(parent.key);
      if (view === undefined) views.set(parent.key, (view = build(parent, info)));
      return view;
    },
    clear: () => views.clear(),
  };
}
