import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { clusterRecords, matchKeys, normalizeAddress, type AddressInput } from '../../src/identity/index.js';
import { createWorld, type PhysicalUnit } from '../../src/simulators/world/index.js';
import { pairwiseAccuracy, worldRecords, type LabelledRecord, type PairwiseAccuracy } from './worldRecords.js';

/** The countries whose conventions the rules are held to; the hard cases hold at least this many pairs of each. */
const MAIN_COUNTRIES = ['US', 'CA', 'GB', 'DE'] as const;
const MIN_PAIRS_PER_MAIN_COUNTRY = 60;

function summary(accuracy: PairwiseAccuracy, set: string): string {
  return `identity accuracy: precision=${accuracy.precision.toFixed(3)} recall=${accuracy.recall.toFixed(3)} pairs=${accuracy.pairs} set=${set}`;
}

describe('identity accuracy on the simulators\' world', () => {
  const world = createWorld({ rentrollUnits: 2000 });
  const records = worldRecords(world);
  const { groups } = clusterRecords(records.map((r) => ({ ref: r.ref, keys: matchKeys(normalizeAddress(r.address)) })));
  const truth = new Map(records.map((r) => [r.ref, r.unitKey]));
  const countryOf = new Map(records.map((r) => [r.ref, r.country]));
  const countries = [...new Set(records.map((r) => r.country))].sort();

  it('holds units of every country at more than one vendor', () => {
    for (const country of MAIN_COUNTRIES) {
      const refs = records.filter((r) => r.country === country);
      const vendorsPerUnit = new Map<string, Set<string>>();
      for (const r of refs) vendorsPerUnit.set(r.unitKey, (vendorsPerUnit.get(r.unitKey) ?? new Set()).add(r.ref.split(':')[0]!));
      expect([...vendorsPerUnit.values()].filter((v) => v.size > 1).length, country).toBeGreaterThan(50);
    }
  });

  it.each(countries)('finds the same %s unit across vendors with precision >= 0.99 and recall >= 0.95', (country) => {
    // Groups are judged by the records of this country in them; a group mixing countries counts against both.
    const ofCountry = groups.map((g) => g.filter((ref) => countryOf.get(ref) === country)).filter((g) => g.length > 0);
    const truthOf = new Map([...truth].filter(([ref]) => countryOf.get(ref) === country));
    const accuracy = pairwiseAccuracy(ofCountry, truthOf);
    const mixed = groups.filter((g) => g.some((ref) => countryOf.get(ref) === country) && g.some((ref) => countryOf.get(ref) !== country));
    const misses = missesOf(ofCountry, truthOf, records).slice(0, 10);
    console.log(`${summary(accuracy, `world:${country}`)} records=${truthOf.size} falseMerges=${accuracy.falsePositives} missed=${accuracy.falseNegatives}${misses.length === 0 ? '' : `\n${misses.join('\n')}`}`);
    expect(accuracy.pairs).toBeGreaterThan(100);
    expect(mixed).toEqual([]);
    expect(accuracy.precision, misses.join('\n')).toBeGreaterThanOrEqual(0.99);
    expect(accuracy.recall, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
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

/** Each missed pair (same unit, two groups) and false merge (one group, two units) with both addresses. */
function missesOf(groups: readonly (readonly string[])[], truth: ReadonlyMap<string, string>, records: readonly LabelledRecord[]): string[] {
  const address = new Map(records.map((r) => [r.ref, JSON.stringify(r.address)]));
  const groupOf = new Map(groups.flatMap((g, i) => g.map((ref) => [ref, i] as const)));
  const out: string[] = [];
  const refsByUnit = new Map<string, string[]>();
  for (const [ref, unit] of truth) refsByUnit.set(unit, [...(refsByUnit.get(unit) ?? []), ref]);
  for (const refs of refsByUnit.values()) {
    for (let i = 1; i < refs.length; i++) {
      if (groupOf.get(refs[0]!) !== groupOf.get(refs[i]!)) out.push(`  missed: ${refs[0]} ${address.get(refs[0]!)}\n          ${refs[i]} ${address.get(refs[i]!)}`);
    }
  }
  for (const group of groups) {
    for (let i = 1; i < group.length; i++) {
      if (truth.get(group[0]!) !== truth.get(group[i]!)) out.push(`  merged: ${group[0]} ${address.get(group[0]!)}\n          ${group[i]} ${address.get(group[i]!)}`);
    }
  }
  return out;
}

const addressSchema = z.custom<AddressInput>((v) => typeof v === 'object' && v !== null && typeof (v as { line1?: unknown }).line1 === 'string');
const hardCasesSchema = z.object({
  cases: z.array(z.object({
    /** ISO 3166-1 alpha-2 of the pair's country: accuracy is judged per country. */
    country: z.string().regex(/^[A-Z]{2}$/),
    same: z.boolean(),
    reason: z.string().min(1),
    a: addressSchema,
    b: addressSchema,
  })).min(300),
});


describe('identity accuracy on hand-written hard cases', () => {
  const { cases } = hardCasesSchema.parse(JSON.parse(readFileSync(new URL('../fixtures/identity-hard-cases.json', import.meta.url), 'utf8')));
  // Each pair is clustered on its own: the cases reuse streets, and pairs across cases have no label.
  const judged = cases.map((c) => {
    const { groups } = clusterRecords([
      { ref: 'RENTROLL:a', keys: matchKeys(normalizeAddress(c.a)) },
      { ref: 'LEASEY:b', keys: matchKeys(normalizeAddress(c.b)) },
    ]);
    return { ...c, predicted: groups.length === 1 };
  });
  const countries = [...new Set(judged.map((c) => c.country))].sort();

  it('holds at least 60 pairs of each kind of country, with both kinds of pair', () => {
    for (const country of MAIN_COUNTRIES) {
      const ofCountry = judged.filter((c) => c.country === country);
      expect(ofCountry.length, country).toBeGreaterThanOrEqual(MIN_PAIRS_PER_MAIN_COUNTRY);
      expect(ofCountry.filter((c) => c.same).length, country).toBeGreaterThanOrEqual(20);
      expect(ofCountry.filter((c) => !c.same).length, country).toBeGreaterThanOrEqual(20);
    }
  });

  it.each(countries)('tells the %s pairs apart with precision >= 0.99 and recall >= 0.95', (country) => {
    const ofCountry = judged.filter((c) => c.country === country);
    const tp = ofCountry.filter((c) => c.same && c.predicted).length;
    const fp = ofCountry.filter((c) => !c.same && c.predicted).length;
    const fn = ofCountry.filter((c) => c.same && !c.predicted).length;
    const accuracy: PairwiseAccuracy = {
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
      pairs: ofCountry.length,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
    };
    const wrong = ofCountry.filter((c) => c.same !== c.predicted).map((c) =>
      `  ${c.same ? 'missed' : 'merged'} (${c.reason}):\n    a: ${JSON.stringify(c.a)}\n    b: ${JSON.stringify(c.b)}`);
    console.log(`${summary(accuracy, `hard-cases:${country}`)}${wrong.length === 0 ? '' : `\n${wrong.join('\n')}`}`);
    expect(accuracy.precision, wrong.join('\n')).toBeGreaterThanOrEqual(0.99);
    expect(accuracy.recall, wrong.join('\n')).toBeGreaterThanOrEqual(0.95);
  });
});
