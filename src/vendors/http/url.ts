import type { Query } from './types.js';

/** Splits a base URL into the pool origin and the path prefix every request path is joined to. */
export function parseBaseUrl(baseUrl: string): { origin: string; pathPrefix: string } {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError('baseUrl must be an absolute http(s) URL such as http://127.0.0.1:4100/api/public/v1');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`baseUrl must use http or https, got ${url.protocol}`);
  }
  // Credentials or a query in the base URL would end up in every request line; callers pass them per call.
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new TypeError('baseUrl must not carry credentials, a query or a fragment; pass them per request');
  }
  return { origin: url.origin, pathPrefix: url.pathname.replace(/\/+$/, '') };
}

/** `?a=1&ids=1,2,3` with URLSearchParams encoding; undefined values left out; "" when nothing remains. */
export function serializeQuery(query: Query | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.append(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The request target: path prefix + path (with exactly one slash between) + query. */
export function requestPath(pathPrefix: string, path: string, query: Query | undefined): string {
  const joined = `${pathPrefix}/${path.replace(/^\/+/, '')}`;
  return joined + serializeQuery(query);
}

/** Identical GETs share one upstream request: same target and the same headers, in any order. */
export function dedupeKey(target: string, headers: Record<string, string> | undefined): string {
  const normalized = Object.entries(headers ?? {})
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([target, normalized]);
}
