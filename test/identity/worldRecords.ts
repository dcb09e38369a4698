import type { AddressInput } from '../../src/identity/index.js';
import {
  deeprentAddress, leaseyAddress, rentengineAddress, rentrollAddress, sturentsAddress, type World,
} from '../../src/simulators/world/index.js';

/** One vendor's record of a physical unit, with the ground truth it came from. */
export interface LabelledRecord {
  ref: string;
  /** Ground truth: the physical unit's key. */
  unitKey: string;
  address: AddressInput;
}

/**
 * Every vendor record in the world, built from each vendor's own spelling of the address
 * and mapped to AddressInput the way that vendor's client would. Half the RentEngine
 * records are read from `formatted_address` alone, as a client would when the parts are
 * missing.
 */
export function worldRecords(world: World): LabelledRecord[] {
  const out: LabelledRecord[] = [];
  for (const unit of world.units) {
    const { ids } = unit;
    if (ids.rentroll !== undefined) {
      const a = rentrollAddress(unit);
      out.push({ ref: `RENTROLL:${ids.rentroll}`, unitKey: unit.key, address: { line1: a.streetAddress, unitNumber: a.unitNumber, city: a.city, region: a.state, postalCode: a.zip } });
    }
    if (ids.rentengine !== undefined) {
      const a = rentengineAddress(unit);
      const address: AddressInput = ids.rentengine % 2 === 0
        ? { line1: `${a.street_number} ${a.street_name}`, unitNumber: a.unit, city: a.city, region: a.state, postalCode: a.zip_code, country: a.country }
        : { line1: a.formatted_address };
      out.push({ ref: `RENTENGINE:${ids.rentengine}`, unitKey: unit.key, address });
    }
    if (ids.leasey !== undefined) {
      const a = leaseyAddress(unit);
      out.push({ ref: `LEASEY:${ids.leasey}`, unitKey: unit.key, address: { line1: a.Unit_Address, unitNumber: a.Suite_Number, city: a.City, region: a.Province_State, postalCode: a.Postal_Code, country: a.Country } });
    }
    if (ids.sturents !== undefined) {
      const a = sturentsAddress(unit);
      out.push({ ref: `STURENTS:${ids.sturents}`, unitKey: unit.key, address: { line1: `${a.property_number} ${a.road_name}`, unitNumber: a.property_name, city: a.city, postalCode: a.postcode } });
    }
    if (ids.deeprent !== undefined) {
      const a = deeprentAddress(unit);
      out.push({ ref: `DEEPRENT:${ids.deeprent}`, unitKey: unit.key, address: { line1: a.addressLine1, city: a.city, postalCode: a.postalCode, country: a.countryCode } });
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
