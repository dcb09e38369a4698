/**
 * Strict query-string helpers for simulators whose vendors reject what they do not
 * document. Values arrive as Fastify parses them: string, or string[] when repeated.
 */
export type RawQuery = Record<string, string | string[] | undefined>;

/** Names in `query` that are not in `allowed`. */
export function unknownParams(query: RawQuery, allowed: readonly string[]): string[] {
  return Object.keys(query).filter((name) => !allowed.includes(name));
}

export function single(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** A comma-separated list parameter ("1,2,3"), also accepted repeated. */
export function list(query: RawQuery, name: string): string[] | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}
