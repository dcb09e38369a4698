import type { Overrides } from './overrides.js';
import { compareRefs } from './refs.js';

/** A vendor record for clustering: its ref and its match keys, primary key first (matchKeys). */
export interface KeyedRecord {
  ref: string;
  keys: readonly string[];
}

/** Kinds of evidence that two records are one unit, strongest first (the sort order of a split). */
const Evidence = { Link: 0, PrimaryKey: 1, Fallback: 2 } as const;

interface Edge { a: number; b: number; kind: (typeof Evidence)[keyof typeof Evidence] }

/**
 * Groups records into physical units; each group is a list of refs.
 *
 * 1. Records with the same primary key (keys[0]) are one unit; `link` pairs join units.
 * 2. Second pass, weaker keys: a record's non-primary keys describe it under less
 *    information (no postal code, no street type). A record whose primary key is such a
 *    key joins the unit holding it as a non-primary key, only when exactly one unit
 *    does; two candidates mean the weak key cannot tell them apart, and nothing joins.
 *    Candidates are counted on the units as step 1 left them, so the order of records
 *    does not matter.
 * 3. `unlink` pairs win over everything: a group holding both refs of an unlink pair is
 *    rebuilt from its evidence, strongest first (links, then shared primary keys, then
 *    second-pass joins), each kind in ref order (vendor precedence, then id), skipping
 *    any join that would put an unlinked pair together. So the best-ranked records keep
 *    their matches, and a record that cannot join without breaking an unlink ends up
 *    with whatever else it has evidence for, or alone.
 *
 * Output is deterministic whatever the input order: refs within a group in ref order,
 * groups ordered by their first ref. Override refs that match no record are ignored.
 * A ref given twice is a caller error (RangeError).
 */
export function clusterRecords(records: readonly KeyedRecord[], overrides: Overrides = { link: [], unlink: [] }): string[][] {
  const sorted = [...records].sort((x, y) => compareRefs(x.ref, y.ref));
  const index = new Map<string, number>();
  sorted.forEach((r, i) => {
    if (index.has(r.ref)) throw new RangeError(`clusterRecords expected each ref once, got ${r.ref} twice`);
    index.set(r.ref, i);
  });
  const uf = new UnionFind(sorted.length);
  const edges: Edge[] = [];

  // Pass 1: primary keys and links.
  const byPrimary = new Map<string, number[]>();
  sorted.forEach((r, i) => {
    const key = r.keys[0];
    if (key === undefined) return;
    const members = byPrimary.get(key);
    if (members === undefined) byPrimary.set(key, [i]);
    else members.push(i);
  });
  for (const members of byPrimary.values()) {
    for (const m of members) uf.union(members[0]!, m);
  }
  for (const [a, b] of overrides.link) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) continue;
    edges.push({ a: Math.min(i, j), b: Math.max(i, j), kind: Evidence.Link });
    uf.union(i, j);
  }

  // Pass 2: weak keys, judged against the units of pass 1.
  const holders = new Map<string, number[]>();
  sorted.forEach((r, i) => {
    for (const key of r.keys.slice(1)) {
      const list = holders.get(key);
      if (list === undefined) holders.set(key, [i]);
      else list.push(i);
    }
  });
  const joins: Array<[number, number]> = [];
  for (const [key, primaries] of byPrimary) {
    const holding = holders.get(key);
    if (holding === undefined) continue;
    const units = new Set(holding.map((i) => uf.find(i)));
    if (units.size !== 1) continue;
    for (const p of primaries) joins.push([holding[0]!, p]);
  }
  for (const [h, p] of joins) {
    if (h !== p) edges.push({ a: Math.min(h, p), b: Math.max(h, p), kind: Evidence.Fallback });
    uf.union(h, p);
  }

  const groups = new Map<number, number[]>();
  sorted.forEach((_, i) => {
    const root = uf.find(i);
    const members = groups.get(root);
    if (members === undefined) groups.set(root, [i]);
    else members.push(i);
  });

  const unlinked = unlinkPairs(overrides, index);
  const out: number[][] = [];
  for (const members of groups.values()) {
    const inGroup = new Set(members);
    const conflicts = unlinked.filter(([a, b]) => inGroup.has(a) && inGroup.has(b));
    if (conflicts.length === 0) out.push(members);
    else out.push(...splitGroup(members, [...edges.filter((e) => inGroup.has(e.a)), ...primaryEdges(members, sorted)], conflicts));
  }
  return out
    .map((members) => [...members].sort((x, y) => x - y))
    .sort((x, y) => x[0]! - y[0]!)
    .map((members) => members.map((i) => sorted[i]!.ref));
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

/** Every pair of members sharing a primary key; only built for groups being split. */
function primaryEdges(members: number[], sorted: readonly KeyedRecord[]): Edge[] {
  const edges: Edge[] = [];
  for (let x = 0; x < members.length; x++) {
    for (let y = x + 1; y < members.length; y++) {
      const a = members[x]!;
      const b = members[y]!;
      const key = sorted[a]!.keys[0];
      if (key !== undefined && key === sorted[b]!.keys[0]) edges.push({ a: Math.min(a, b), b: Math.max(a, b), kind: Evidence.PrimaryKey });
    }
  }
  return edges;
}

/** Rebuilds one group from its evidence, strongest first, never joining an unlinked pair. */
function splitGroup(members: number[], edges: Edge[], conflicts: Array<[number, number]>): number[][] {
  const owner = new Map<number, number>(members.map((m) => [m, m]));
  const parts = new Map<number, Set<number>>(members.map((m) => [m, new Set([m])]));
  const ordered = [...edges].sort((x, y) => x.kind - y.kind || x.a - y.a || x.b - y.b);
  for (const { a, b } of ordered) {
    const oa = owner.get(a)!;
    const ob = owner.get(b)!;
    if (oa === ob) continue;
    const pa = parts.get(oa)!;
    const pb = parts.get(ob)!;
    if (conflicts.some(([x, y]) => (pa.has(x) && pb.has(y)) || (pa.has(y) && pb.has(x)))) continue;
    const [keep, drop] = oa < ob ? [pa, ob] as const : [pb, oa] as const;
    for (const m of parts.get(drop)!) {
      keep.add(m);
      owner.set(m, Math.min(oa, ob));
    }
    parts.delete(drop);
  }
  return [...parts.values()].map((set) => [...set]);
}

/** Union-find whose root is always the smallest index, so results never depend on union order. */
class UnionFind {
  private readonly parent: number[];

  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
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

  union(a: number, b: number): number {
    const ra = this.find(a);
    const rb = this.find(b);
    const root = Math.min(ra, rb);
    this.parent[Math.max(ra, rb)] = root;
    return root;
  }
}
