import type { AddressModel } from '../../src/domain/models.js';
import type { AddressInput } from '../../src/identity/index.js';
import {
  deeprentAddress, leaseyAddress, rentengineAddress, rentrollAddress, sturentsAddress, type World,
} from '../../src/simulators/world/index.js';
import { toObjectRecord } from '../../src/vendors/deeprent/map.js';
import { rawObject } from '../../src/vendors/deeprent/raw.js';
import { toUnitRecord as leaseyUnit } from '../../src/vendors/leasey/map.js';
import { rawProperty } from '../../src/vendors/leasey/raw.js';
import { toAddressModel } from '../../src/vendors/rentengine/map.js';
import { rawAddressParts } from '../../src/vendors/rentengine/raw.js';
import { toUnitRecord as rentrollUnit } from '../../src/vendors/rentroll/map.js';
import { rawUnit } from '../../src/vendors/rentroll/raw.js';
import { addressOf as sturentsAddressOf } from '../../src/vendors/sturents/map.js';
import { rawHouse } from '../../src/vendors/sturents/raw.js';

/** One vendor's record of a physical unit, with the ground truth it came from. */
export interface LabelledRecord {
  ref: string;
  /** Ground truth: the physical unit's key. */
  unitKey: string;
  /** Ground truth: the unit's country, for accuracy per country. */
  country: string;
  address: AddressInput;
}

/**
 * Every vendor record in the world, as the gateway would see it: each vendor's own
 * spelling of the address (the simulators' spelling.ts) in that vendor's payload shape,
 * checked by the vendor's raw schema and mapped by its map.ts, exactly as a sync reads it.
 * So a mapping that guesses a country shows up here as a miss. Half the RentEngine records
 * carry only `formatted_address`, as some live answers do.
 */
export function worldRecords(world: World): LabelledRecord[] {
  const out: LabelledRecord[] = [];
  const push = (ref: string, unit: { key: string; country: string }, address: AddressModel | null) => {
    if (address !== null) out.push({ ref, unitKey: unit.key, country: unit.country, address });
  };
  for (const unit of world.units) {
    const { ids } = unit;
    if (ids.rentroll !== undefined) {
      const a = rentrollAddress(unit);
      const raw = { ID: ids.rentroll, ...a };
      push(`RENTROLL:${ids.rentroll}`, unit, rentrollUnit(rawUnit.parse(raw), raw, true).address);
    }
    if (ids.rentengine !== undefined) {
      const a = rentengineAddress(unit);
      const parts = ids.rentengine % 2 === 0 ? a : { formatted_address: a.formatted_address };
      push(`RENTENGINE:${ids.rentengine}`, unit, toAddressModel(rawAddressParts.parse(parts)));
    }
    if (ids.leasey !== undefined) {
      const row = { Property_ID: String(ids.leasey), ...leaseyAddress(unit) };
      push(`LEASEY:${ids.leasey}`, unit, leaseyUnit(rawProperty.parse(row), row).address);
    }
    if (ids.sturents !== undefined) {
      push(`STURENTS:${ids.sturents}`, unit, sturentsAddressOf(rawHouse.parse({ reference: ids.sturents, address: sturentsAddress(unit) })));
    }
    if (ids.deeprent !== undefined) {
      const raw = { id: ids.deeprent, address: deeprentAddress(unit) };
      push(`DEEPRENT:${ids.deeprent}`, unit, toObjectRecord(rawObject.parse(raw), raw).address);
    }
  }
  return out;
}

export interface PairwiseAccuracy {
  precision: number;
  recall: number;
  /** Same-unit pairs in the ground truth. */
  pairs: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

/**
 * Pairwise precision and recall of a clustering against ground truth: every pair of
 * records put in one group is a predicted match; every pair with the same unit key is a
 * true match. Counted by group sizes, so it is linear in the number of records.
 */
export function pairwiseAccuracy(groups: readonly (readonly string[])[], truth: ReadonlyMap<string, string>): PairwiseAccuracy {
  const choose2 = (n: number) => (n * (n - 1)) / 2;
  let predicted = 0;
  let truePositives = 0;
  for (const group of groups) {
    predicted += choose2(group.length);
    const byUnit = new Map<string, number>();
    for (const ref of group) {
      const unit = truth.get(ref);
      if (unit === undefined) throw new Error(`no ground truth for ${ref}`);
      byUnit.set(unit, (byUnit.get(unit) ?? 0) + 1);
    }
    for (const n of byUnit.values()) truePositives += choose2(n);
  }
  const perUnit = new Map<string, number>();
  for (const unit of truth.values()) perUnit.set(unit, (perUnit.get(unit) ?? 0) + 1);
  let actual = 0;
  for (const n of perUnit.values()) actual += choose2(n);
  return {
    precision: predicted === 0 ? 1 : truePositives / predicted,
    recall: actual === 0 ? 1 : truePositives / actual,
    pairs: actual,
    truePositives,
    falsePositives: predicted - truePositives,
    falseNegatives: actual - truePositives,
  };
}
