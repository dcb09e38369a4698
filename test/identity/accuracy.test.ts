import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { clusterRecords, matchKeys, normalizeAddress, type AddressInput } from '../../src/identity/index.js';
import { createWorld, type PhysicalUnit } from '../../src/simulators/world/index.js';
import { pairwiseAccuracy, worldRecords, type PairwiseAccuracy } from './worldRecords.js';

function summary(accuracy: PairwiseAccuracy, set: string): string {
  return `identity accuracy: precision=${accuracy.precision.toFixed(3)} recall=${accuracy.recall.toFixed(3)} pairs=${accuracy.pairs} set=${set}`;
}

describe('identity accuracy on the simulators\' world', () => {
  const world = createWorld({ rentrollUnits: 2000 });
  const records = worldRecords(world);
  const groups = clusterRecords(records.map((r) => ({ ref: r.ref, keys: matchKeys(normalizeAddress(r.address)) })));
  const truth = new Map(records.map((r) => [r.ref, r.unitKey]));
  const accuracy = pairwiseAccuracy(groups, truth);

  it('finds the same unit across vendors with precision >= 0.99 and recall >= 0.95', () => {
    console.log(`${summary(accuracy, 'world')} records=${records.length} falseMerges=${accuracy.falsePositives} missed=${accuracy.falseNegatives}`);
    expect(accuracy.pairs).toBeGreaterThan(1000);
    expect(accuracy.precision).toBeGreaterThanOrEqual(0.99);
    expect(accuracy.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('only merges different units when the world gave them the very same address', () => {
    // The world can give two flats of one building the same flat number; no address rule can part those.
    const units = new Map(world.units.map((u) => [u.key, u]));
    const written = (u: PhysicalUnit) => [u.country, u.postalCode, u.streetNumber, u.directional, u.streetName, u.streetType, u.unit].join('|');
    const distinguishable: string[] = [];
    for (const group of groups) {
      for (let i = 0; i < group.length; i++) {
        for (let j = i + 1; j < group.length; j++) {
          const a = units.get(truth.get(group[i]!)!)!;
          const b = units.get(truth.get(group[j]!)!)!;
          if (a.key !== b.key && written(a) !== written(b)) distinguishable.push(`${group[i]} + ${group[j]}`);
        }
      }
    }
    expect(distinguishable).toEqual([]);
  });
});

const hardCasesSchema = z.object({
  cases: z.array(z.object({
    name: z.string(),
    same: z.boolean(),
    a: z.custom<AddressInput>((v) => typeof v === 'object' && v !== null && typeof (v as { line1?: unknown }).line1 === 'string'),
    b: z.custom<AddressInput>((v) => typeof v === 'object' && v !== null && typeof (v as { line1?: unknown }).line1 === 'string'),
  })).min(40),
});

describe('identity accuracy on hand-written hard cases', () => {
  const { cases } = hardCasesSchema.parse(JSON.parse(readFileSync(new URL('../fixtures/identity-hard-cases.json', import.meta.url), 'utf8')));
  // Each pair is clustered on its own: the cases reuse streets, and pairs across cases have no label.
  const judged = cases.map((c) => {
    const groups = clusterRecords([
      { ref: 'RENTROLL:a', keys: matchKeys(normalizeAddress(c.a)) },
      { ref: 'LEASEY:b', keys: matchKeys(normalizeAddress(c.b)) },
    ]);
    return { ...c, predicted: groups.length === 1 };
  });

  it('has both kinds of pair', () => {
    expect(judged.filter((c) => c.same).length).toBeGreaterThanOrEqual(15);
    expect(judged.filter((c) => !c.same).length).toBeGreaterThanOrEqual(15);
  });

  it('tells the pairs apart with precision >= 0.99 and recall >= 0.95', () => {
    const tp = judged.filter((c) => c.same && c.predicted).length;
    const fp = judged.filter((c) => !c.same && c.predicted).length;
    const fn = judged.filter((c) => c.same && !c.predicted).length;
    const accuracy: PairwiseAccuracy = {
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
      pairs: judged.length,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
    };
    console.log(summary(accuracy, 'hard-cases'));
    const wrong = judged.filter((c) => c.same !== c.predicted).map((c) => `${c.same ? 'missed' : 'merged'}: ${c.name}`);
    expect(accuracy.precision, wrong.join('; ')).toBeGreaterThanOrEqual(0.99);
    expect(accuracy.recall, wrong.join('; ')).toBeGreaterThanOrEqual(0.95);
  });
});
