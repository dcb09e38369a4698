import { readFileSync } from 'node:fs';
import type { ProfileSummary } from './types.js';

/**
 * Summarizes a V8 .cpuprofile (node --cpu-prof): self time per function, and per
 * group: the npm package a function lives in, the gateway's own file (src/...), node
 * internals, code graphql-jit compiled for the query, or V8's pseudo-frames (garbage
 * collector, idle, program).
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Functions graphql-jit generates (new Function: no URL) are named after the query's
 * types and fields, e.g. `Lease__currentItemtenantsMapItemHandler`; V8 builtins and
 * native bindings (`writev`, `runMicrotasks`) are not.
 */
const COMPILED_QUERY_FUNCTION = /__|MapItemHandler$|^getGraphQLResolveInfo$/;

export function groupOf(url: string, functionName: string): string {
  if (url === '') {
    if (functionName.startsWith('(')) return functionName;
    return COMPILED_QUERY_FUNCTION.test(functionName) ? 'compiled queries (graphql-jit)' : '(native)';
  }
  if (url.startsWith('node:')) return 'node internals';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') === true ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? url);
  }
  const dist = /\/dist\/(.+)\.js$/.exec(url);
  if (dist !== null) return `rentgraph src/${dist[1]}.ts`;
  return url.replace(/^file:\/\//, '');
}

export function summarizeProfile(path: string, scenario: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const groups = new Map<string, number>();
  const functions = new Map<string, { name: string; where: string; micros: number }>();
  let totalMicros = 0;
  for (const [id, micros] of selfMicros) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined || frame.functionName === '(idle)') continue;
    totalMicros += micros;
    const group = groupOf(frame.url, frame.functionName);
    groups.set(group, (groups.get(group) ?? 0) + micros);
    const where = `${group}${frame.url === '' ? '' : `:${frame.lineNumber + 1}`}`;
    const key = `${frame.functionName}@${where}`;
    const entry = functions.get(key) ?? { name: frame.functionName || '(anonymous)', where, micros: 0 };
    entry.micros += micros;
    functions.set(key, entry);
  }
  const share = (micros: number) => (totalMicros === 0 ? 0 : micros / totalMicros);
  return {
    scenario,
    totalMillis: totalMicros / 1000,
    byGroup: [...groups]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([group, micros]) => ({ group, selfMillis: micros / 1000, share: share(micros) })),
    topFunctions: [...functions.values()]
      .sort((a, b) => b.micros - a.micros)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, selfMillis: f.micros / 1000, share: share(f.micros) })),
  };
}
