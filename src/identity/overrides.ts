import { z } from 'zod';
import { VENDORS } from '../domain/vendor.js';

/**
 * Overrides correct what the address rules get wrong. The file is JSON:
 *
 *   { "link":   [["VENDOR_A:1001", "VENDOR_B:512"]],
 *     "unlink": [["VENDOR_A:1002", "VENDOR_C:3320"]] }
 *
 * `link` says two records are one unit even though their addresses disagree;
 * `unlink` says two records are different units even though their addresses agree,
 * and wins over every rule match (cluster.ts). A pair may not be both linked and
 * unlinked. An override naming a record the index does not hold (yet) waits for it.
 *
 * `alone` is not in the file: it holds the records `unlinkRecord` made their own unit
 * (stored-overrides.ts), which join nothing, whatever a rule or a link says.
 */
export type RefPair = readonly [string, string];

export interface Overrides {
  readonly link: readonly RefPair[];
  readonly unlink: readonly RefPair[];
  readonly alone?: readonly string[];
}

export const NO_OVERRIDES: Overrides = { link: [], unlink: [] };

const REF = new RegExp(`^(${VENDORS.join('|')}):\\S(?:.*\\S)?$`);

const refSchema = z.string().regex(REF, {
  error: (issue) => `expected "VENDOR:externalId" with VENDOR one of ${VENDORS.join(', ')}, got ${JSON.stringify(issue.input)}`,
});
const pairSchema = z
  .tuple([refSchema, refSchema], { error: (issue) => `expected a pair of refs ["VENDOR:id", "VENDOR:id"], got ${describe(issue.input)}` })
  .refine(([a, b]) => a !== b, { error: (issue) => `expected two different refs, got ${JSON.stringify(issue.input)}` });
const overridesSchema = z.strictObject(
  { link: z.array(pairSchema).default([]), unlink: z.array(pairSchema).default([]) },
  { error: (issue) => (issue.code === 'invalid_type' ? `expected an object with "link" and "unlink" lists, got ${describe(issue.input)}` : undefined) },
);

/** A bad overrides file; `problems` lists each bad entry as "link[2][1]: what was wrong". */
export class OverridesError extends Error {
  override readonly name = 'OverridesError';
  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    super(`${source} is not a valid overrides file:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/**
 * Checks parsed JSON and returns the overrides, or throws an OverridesError naming every
 * bad entry. `source` names the file in the message. Default "overrides".
 */
export function parseOverrides(value: unknown, source = 'overrides'): Overrides {
  const result = overridesSchema.safeParse(value);
  if (!result.success) {
    throw new OverridesError(source, result.error.issues.map((issue) => `${pathOf(issue.path)}: ${issue.message}`));
  }
  const overrides: Overrides = { link: result.data.link, unlink: result.data.unlink };
  const contradictions = findContradictions(overrides);
  if (contradictions.length > 0) throw new OverridesError(source, contradictions);
  return overrides;
}

/** `parseOverrides` for the file's text; a JSON syntax error is reported the same way. */
export function parseOverridesJson(text: string, source = 'overrides'): Overrides {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new OverridesError(source, [`expected JSON, got a syntax error: ${(error as Error).message}`]);
  }
  return parseOverrides(value, source);
}

function findContradictions(overrides: Overrides): string[] {
  const linked = new Map<string, number>();
  overrides.link.forEach(([a, b], i) => linked.set(pairKey(a, b), i));
  const problems: string[] = [];
  overrides.unlink.forEach(([a, b], i) => {
    const j = linked.get(pairKey(a, b));
    if (j !== undefined) problems.push(`unlink[${i}]: ${a} and ${b} are also linked by link[${j}]; a pair is either linked or unlinked`);
  });
  return problems;
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\n${b}` : `${b}\n${a}`;
}

function pathOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
