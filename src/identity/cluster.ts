import type { MatchKeys, MatchTraits } from './matchKey.js';
import type { Overrides } from './overrides.js';
import { compareRefs } from '../domain/refs.js';

/** A vendor record for clustering: its ref and its match keys (matchKeys). */
export interface KeyedRecord {
  ref: string;
  keys: MatchKeys;
}

/**
 * The rule that put a record in its unit, as the graph shows it (`SourceRecord.matchedBy`):
 * the strongest evidence joining it to another member. "+unit" when the record names a
 * unit (so the unit agreed too); "override" when a link holds it to another member (a
 * link counts even beside a rule that agrees); "unlinked" when an unlink made it its own
 * unit (`Overrides.alone`); "single-record" when it is alone otherwise.
 */
export type MatchRule =
  | 'override'
  | 'postal+street+number+unit' | 'postal+street+number'
  | 'city+street+number+unit' | 'city+street+number'
  | 'unlinked'
  | 'single-record';

export interface Clustering {
  /** Refs of each unit in ref order; units ordered by their first ref. */
  groups: string[][];
  matchedBy: Map<string, MatchRule>;
}

/** Kinds of evidence that two records are one unit, strongest first (the order of a split, and of matchedBy). */
const Evidence = { Link: 0, Postal: 1, City: 2 } as const;
type EvidenceKind = (typeof Evidence)[keyof typeof Evidence];

interface Edge { a: number; b: number; kind: EvidenceKind }

/** Which traits a key family compares (matchKey.ts): beside a postal code only what a vendor stated counts as a country. */
const FAMILIES: readonly { kind: EvidenceKind; key: 'postal' | 'city'; traits: readonly (keyof MatchTraits)[] }[] = [
  { kind: Evidence.Postal, key: 'postal', traits: ['stated', 'streetType', 'building', 'city'] },
  { kind: Evidence.City, key: 'city', traits: ['stated', 'country', 'streetType', 'building', 'region', 'postalCode'] },
];

/** Traits that no unit may hold two values of, whatever joined it (links aside). */
const WALLS: readonly (keyof MatchTraits)[] = ['stated', 'streetType', 'building'];

/**
 * Groups records into physical units.
 *
 * For each key family, postal first (matchKey.ts), records sharing a key are compared on
 * the family's traits, where unknown agrees with anything:
 * 1. Records whose traits are all equal are one unit.
 * 2. When the units sharing a key all agree with each other (each trait has at most one
 *    known value among them) they are one unit: "Müllerstr. 5" stated German and the same
 *    line from a vendor that states no country; "123 Main" and "123 Main St".
 * 3. Otherwise a unit joins another only when that one is the only most-informed unit it
 *    agrees with, and either knows everything it knows or has no other choice either; a
 *    country-less "10 Main St" between a German and an American "10 Main St" joins neither.
 * Candidates are judged on the units as the step before left them, so record order does
 * not matter, and no join may give a unit two stated countries, street types or building
 * names. `link` pairs then join units.
 *
 * `alone` records join nothing: no rule, link or split puts another record with them.
 * `unlink` pairs win over everything else: a group holding both refs of an unlink pair is
 * rebuilt from its evidence, strongest first (links, then postal, then city), each kind in
 * ref order (vendor precedence, then id), skipping any join that would put an unlinked
 * pair together.
 *
 * Output is deterministic whatever the input order. Override refs that match no record
 * are ignored. A ref given twice is a caller error (RangeError).
 */
export function clusterRecords(records: readonly KeyedRecord[], overrides: Overrides = { link: [], unlink: [] }): Clustering {
  const sorted = [...records].sort((x, y) => compareRefs(x.ref, y.ref));
  const index = new Map<string, number>();
  sorted.forEach((r, i) => {
    if (index.has(r.ref)) throw new RangeError(`clusterRecords expected each ref once, got ${r.ref} twice`);
    index.set(r.ref, i);
  });
  const units = new Units(sorted.map((r) => r.keys.traits));
  const alone = new Set((overrides.alone ?? []).flatMap((ref) => index.get(ref) ?? []));
  const edges: Edge[] = [];
  const join = (a: number, b: number, kind: EvidenceKind, checked: boolean) => {
    if (alone.has(a) || alone.has(b)) return;
    if (units.find(a) === units.find(b)) {
      // A link between records a rule already joined is still kept as evidence: it names
      // the rule (matchedBy) and holds the pair together when an unlink splits the unit.
      if (kind === Evidence.Link) edges.push({ a: Math.min(a, b), b: Math.max(a, b), kind });
      return;
    }
    if (checked && !units.mayJoin(a, b)) return;
    edges.push({ a: Math.min(a, b), b: Math.max(a, b), kind });
    units.union(a, b);
  };

  for (const family of FAMILIES) {
    const holders = new Map<string, number[]>();
    sorted.forEach((r, i) => {
      const key = r.keys[family.key];
      // A record kept alone shares no key: left in, it would stand first among equals and part the others.
      if (key === null || alone.has(i)) return;
      const list = holders.get(key);
      if (list === undefined) holders.set(key, [i]);
      else list.push(i);
    });
    const shared = [...holders.values()].filter((members) => members.length > 1);
    // 1. Equal traits.
    for (const members of shared) {
      const byTraits = new Map<string, number>();
      for (const m of members) {
        const signature = JSON.stringify(family.traits.map((t) => sorted[m]!.keys.traits[t]));
        const first = byTraits.get(signature);
        if (first === undefined) byTraits.set(signature, m);
        else join(first, m, family.kind, true);
      }
    }
    // 2 and 3, judged on the units step 1 left.
    const joins: Array<[number, number]> = [];
    for (const members of shared) joins.push(...agreeingJoins(members, units, family.traits));
    for (const [a, b] of joins) join(a, b, family.kind, true);
  }
  for (const [a, b] of overrides.link) {
    const i = index.get(a);
    const j = index.get(b);
    if (i !== undefined && j !== undefined) join(i, j, Evidence.Link, false);
  }

  const groups = bucket(sorted.map((_, i) => i), (i) => units.find(i));
  // Every edge lies within one group (both ends were joined): bucketed by root once, not filtered per group.
  const edgesOf = bucket(edges, (e) => units.find(e.a));
  // Likewise the unlink pairs whose records ended up in one group.
  const conflictsOf = bucket(unlinkPairs(overrides, index).filter(([a, b]) => units.find(a) === units.find(b)), ([a]) => units.find(a));
  const out: { members: number[]; edges: Edge[] }[] = [];
  for (const [root, members] of groups) {
    const groupEdges = edgesOf.get(root) ?? [];
    const conflicts = conflictsOf.get(root);
    if (conflicts === undefined) out.push({ members, edges: groupEdges });
    else out.push(...splitGroup(members, [...groupEdges, ...sharedKeyEdges(members, sorted)], conflicts));
  }
  const ordered = out
    .map((g) => ({ members: [...g.members].sort((x, y) => x - y), edges: g.edges }))
    .sort((x, y) => x.members[0]! - y.members[0]!);

  const matchedBy = new Map<string, MatchRule>();
  for (const group of ordered) {
    const strongest = new Map<number, EvidenceKind>();
    for (const e of group.edges) {
      for (const m of [e.a, e.b]) {
        const seen = strongest.get(m);
        if (seen === undefined || e.kind < seen) strongest.set(m, e.kind);
      }
    }
    for (const m of group.members) {
      const record = sorted[m]!;
      matchedBy.set(record.ref, alone.has(m) ? 'unlinked' : ruleOf(strongest.get(m), record.keys.address?.unit != null));
    }
  }
  return { groups: ordered.map((g) => g.members.map((i) => sorted[i]!.ref)), matchedBy };
}

function bucket<T>(items: readonly T[], keyOf: (item: T) => number): Map<number, T[]> {
  const buckets = new Map<number, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = buckets.get(key);
    if (list === undefined) buckets.set(key, [item]);
    else list.push(item);
  }
  return buckets;
}

function ruleOf(kind: EvidenceKind | undefined, hasUnit: boolean): MatchRule {
  switch (kind) {
    case undefined: return 'single-record';
    case Evidence.Link: return 'override';
    case Evidence.Postal: return hasUnit ? 'postal+street+number+unit' : 'postal+street+number';
    case Evidence.City: return hasUnit ? 'city+street+number+unit' : 'city+street+number';
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown evidence kind ${String(unreachable)}`);
    }
  }
}

/** The joins steps 2 and 3 make among the records sharing one key; each pair is (any member of one unit, any of the other). */
function agreeingJoins(members: readonly number[], units: Units, traits: readonly (keyof MatchTraits)[]): Array<[number, number]> {
  const roots = [...new Set(members.map((m) => units.find(m)))];
  if (roots.length < 2) return [];
  const knows = (root: number) => units.known(root, traits);
  const agree = (a: number, b: number) => compatible(knows(a), knows(b));
  // 2. Everyone agrees with everyone.
  if (roots.every((a, i) => roots.slice(i + 1).every((b) => agree(a, b)))) return roots.slice(1).map((r) => [roots[0]!, r]);
  // 3. The one most-informed unit each agrees with.
  const best = (root: number): number[] => {
    const agreeing = roots.filter((other) => other !== root && agree(root, other));
    return agreeing.filter((c) => !agreeing.some((d) => d !== c && dominates(knows(d), knows(c))));
  };
  const joins: Array<[number, number]> = [];
  for (const root of roots) {
    const choices = best(root);
    if (choices.length !== 1) continue;
    const other = choices[0]!;
    const theirs = best(other);
    if (dominates(knows(other), knows(root)) || (theirs.length === 1 && theirs[0] === root)) joins.push([root, other]);
  }
  return joins;
}

type Known = ReadonlyMap<keyof MatchTraits, ReadonlySet<string>>;

/** Each trait known to both has values that agree (cities loosely: cityAgrees). */
function compatible(a: Known, b: Known): boolean {
  for (const [trait, values] of a) {
    const others = b.get(trait);
    if (others === undefined) continue;
    for (const x of values) for (const y of others) if (!(trait === 'city' ? cityAgrees(x, y) : x === y)) return false;
  }
  return true;
}

/** `a` knows every trait `b` knows, with the same values, and more. */
function dominates(a: Known, b: Known): boolean {
  if (a.size <= b.size) return false;
  for (const [trait, values] of b) {
    const mine = a.get(trait);
    if (mine === undefined || [...values].some((v) => !mine.has(v))) return false;
  }
  return true;
}

/**
 * Two spellings of one town beside one postal code: equal, one's words within the
 * other's ("halle" / "halle saale", "freiburg" / "freiburg im breisgau"), or the same
 * first word ("frankfurt am main" / "frankfurt a m"). "Spremberg" and "Felixsee" share
 * the postal code 03130 and are not one town.
 */
export function cityAgrees(a: string, b: string): boolean {
  if (a === b) return true;
  const x = a.split(' ');
  const y = b.split(' ');
  const within = (p: string[], q: string[]) => p.every((w) => q.includes(w));
  return within(x, y) || within(y, x) || x[0] === y[0];
}

function unlinkPairs(overrides: Overrides, index: Map<string, number>): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (const [a, b] of overrides.unlink) {
    const i = index.get(a);
    const j = index.get(b);
    if (i !== undefined && j !== undefined) pairs.push([i, j]);
  }
  return pairs;
}

/** Every pair of members sharing a key whose traits agree; only built for groups being split. */
function sharedKeyEdges(members: number[], sorted: readonly KeyedRecord[]): Edge[] {
  const edges: Edge[] = [];
  for (const family of FAMILIES) {
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const a = sorted[members[x]!]!.keys;
        const b = sorted[members[y]!]!.keys;
        const key = a[family.key];
        if (key === null || key !== b[family.key]) continue;
        if (!compatible(knownOf([a.traits], family.traits), knownOf([b.traits], family.traits))) continue;
        edges.push({ a: Math.min(members[x]!, members[y]!), b: Math.max(members[x]!, members[y]!), kind: family.kind });
      }
    }
  }
  return edges;
}

/** Rebuilds one group from its evidence, strongest first, never joining an unlinked pair. */
function splitGroup(members: number[], edges: Edge[], conflicts: Array<[number, number]>): { members: number[]; edges: Edge[] }[] {
  const owner = new Map<number, number>(members.map((m) => [m, m]));
  const parts = new Map<number, { members: Set<number>; edges: Edge[] }>(members.map((m) => [m, { members: new Set([m]), edges: [] }]));
  const ordered = [...edges].sort((x, y) => x.kind - y.kind || x.a - y.a || x.b - y.b);
  for (const edge of ordered) {
    const oa = owner.get(edge.a)!;
    const ob = owner.get(edge.b)!;
    if (oa === ob) continue;
    const pa = parts.get(oa)!;
    const pb = parts.get(ob)!;
    if (conflicts.some(([x, y]) => (pa.members.has(x) && pb.members.has(y)) || (pa.members.has(y) && pb.members.has(x)))) continue;
    const [keep, dropKey, drop] = oa < ob ? [pa, ob, pb] as const : [pb, oa, pa] as const;
    for (const m of drop.members) {
      keep.members.add(m);
      owner.set(m, Math.min(oa, ob));
    }
    keep.edges.push(...drop.edges, edge);
    parts.delete(dropKey);
  }
  return [...parts.values()].map((p) => ({ members: [...p.members], edges: p.edges }));
}

function knownOf(traits: readonly MatchTraits[], names: readonly (keyof MatchTraits)[]): Known {
  const known = new Map<keyof MatchTraits, Set<string>>();
  for (const t of traits) {
    for (const name of names) {
      const value = t[name];
      if (value === null) continue;
      const set = known.get(name);
      if (set === undefined) known.set(name, new Set([value]));
      else set.add(value);
    }
  }
  return known;
}

/**
 * Union-find over records whose root is always the smallest index (so results never
 * depend on union order), keeping each unit's members for trait checks.
 */
class Units {
  private readonly parent: number[];
  private readonly members: number[][];

  constructor(private readonly traits: readonly MatchTraits[]) {
    this.parent = traits.map((_, i) => i);
    this.members = traits.map((_, i) => [i]);
  }

  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root]!;
    for (let n = i; this.parent[n] !== root;) {
      const next = this.parent[n]!;
      this.parent[n] = root;
      n = next;
    }
    return root;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent[child] = root;
    this.members[root]!.push(...this.members[child]!);
    this.members[child] = [];
  }

  known(root: number, names: readonly (keyof MatchTraits)[]): Known {
    return knownOf(this.members[this.find(root)]!.map((m) => this.traits[m]!), names);
  }

  /** Joining would leave no unit with two values of a wall trait. */
  mayJoin(a: number, b: number): boolean {
    const x = this.known(a, WALLS);
    const y = this.known(b, WALLS);
    return compatible(x, y);
  }
}
