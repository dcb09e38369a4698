import { compareRefs, unitKeyOf } from '../domain/refs.js';

/**
 * Gives every group of a new clustering a unit key, keeping the keys units already had.
 * Global ids are built on unit keys, so a key must survive every sync in which its unit
 * survives, even when its membership changes.
 *
 * Rules, in order:
 * 1. A group inherits an old key through the records that had it. When several groups
 *    hold records of one old unit (a split), the key goes to the group holding the record
 *    the key was made from; when that record is gone, to the group holding the most of
 *    the old unit's records.
 * 2. A group holding records of several old units (a merge) keeps the best-ranked of
 *    their keys (ref order, as `unitKeyOf` would choose); the other keys are retired.
 * 3. So a record that joins an existing unit never renames it, whatever its rank: a
 *    higher-ranked vendor joining later keeps the old key.
 * 4. A group that inherits no key gets `unitKeyOf(group)`; when another unit holds that
 *    key already (its record left that unit and came back elsewhere), the next member
 *    in ref order whose ref is free, else the best ref with "~2", "~3", ...
 *
 * Conflicts are settled greedily, strongest claim first: a claim through the key's own
 * record beats any other, then better-ranked keys, then claims by more records; ties go
 * to the group whose first ref ranks best. Deterministic for a given input.
 *
 * @param groups clusterRecords output: refs in ref order, groups ordered by first ref.
 * @param previousKeyOf the unit key each ref had after the last sync; undefined for new refs.
 * @returns one key per group, in the same order; all distinct.
 */
export function assignUnitKeys(groups: readonly (readonly string[])[], previousKeyOf: (ref: string) => string | undefined): string[] {
  const claims = new Map<string, Claim>();
  groups.forEach((group, g) => {
    for (const ref of group) {
      const key = previousKeyOf(ref);
      if (key === undefined) continue;
      const id = `${g}\n${key}`;
      const claim = claims.get(id) ?? { group: g, key, records: 0, ownRecord: false };
      claim.records++;
      if (ref === key) claim.ownRecord = true;
      claims.set(id, claim);
    }
  });
  const ordered = [...claims.values()].sort((a, b) =>
    Number(b.ownRecord) - Number(a.ownRecord)
    || compareRefs(a.key, b.key)
    || b.records - a.records
    || a.group - b.group);

  const keys: (string | undefined)[] = new Array<string | undefined>(groups.length);
  const taken = new Set<string>();
  for (const claim of ordered) {
    if (keys[claim.group] !== undefined || taken.has(claim.key)) continue;
    keys[claim.group] = claim.key;
    taken.add(claim.key);
  }
  return groups.map((group, g) => {
    const inherited = keys[g];
    if (inherited !== undefined) return inherited;
    const fresh = freshKey(group, taken);
    taken.add(fresh);
    return fresh;
  });
}

interface Claim {
  group: number;
  key: string;
  records: number;
  /** The group holds the record the key was made from. */
  ownRecord: boolean;
}

function freshKey(group: readonly string[], taken: ReadonlySet<string>): string {
  const best = unitKeyOf(group);
  if (!taken.has(best)) return best;
  const free = [...group].sort(compareRefs).find((ref) => !taken.has(ref));
  if (free !== undefined) return free;
  for (let n = 2; ; n++) {
    const candidate = `${best}~${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
