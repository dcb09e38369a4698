import type { GraphQLResolveInfo } from 'graphql';
import { responsePathAsArray } from 'graphql';
import type { SourceRecordModel, UnitParent, UnitRecord } from '../../domain/models.js';
import { VendorError } from '../../errors.js';
import { loadUnitRecord } from '../../loaders/index.js';
import type { GatewayContext } from '../../context.js';
import { mergeUnitRecords, type MergedUnitFields } from './merge.js';

/** A unit's vendor records loaded and merged, once per request. */
export interface UnitView {
  fields: MergedUnitFields;
  sources: SourceRecordModel[];
}

/**
 * Loads every member record of a unit through the per-request loaders (batched
 * across the page) and merges them. A failing vendor leaves its record out and is
 * reported once, at the first field that needed it.
 */
export function unitView(parent: UnitParent, context: GatewayContext, info: GraphQLResolveInfo): Promise<UnitView> {
  let view = context.unitViews.get(parent.key);
  if (view === undefined) {
    view = (async () => {
      const settled = await Promise.allSettled(parent.members.map((ref) => loadUnitRecord(context.loaders, ref)));
      const records: UnitRecord[] = [];
      const sources: SourceRecordModel[] = parent.members.map((ref, i) => {
        const outcome = settled[i]!;
        if (outcome.status === 'fulfilled') {
          if (outcome.value !== null) records.push(outcome.value);
          return { ...ref, raw: outcome.value?.raw ?? null };
        }
        if (outcome.reason instanceof VendorError) context.partial.add(outcome.reason, responsePathAsArray(info.path));
        else throw outcome.reason;
        return { ...ref, raw: null };
      });
      const fields = mergeUnitRecords(records);
      // A vendor that states no country (the rent roll, StuRents) leaves it to the identity index.
      const country = parent.country ?? null;
      if (fields.address !== null && fields.address.country === null && country !== null) fields.address = { ...fields.address, country };
      return { fields, sources };
    })();
    context.unitViews.set(parent.key, view);
  }
  return view;
}
