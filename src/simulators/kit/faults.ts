/**
 * Faults a simulator can be told to inject, at start or at run time through
 * `PUT /__sim/faults`. They apply to the documented surface only, never to
 * `/__sim/*` or `/openapi.json`.
 */
export interface FaultSettings {
  /** Added to every response, in milliseconds. */
  latencyMillis: number;
  /** Share of requests (0..1) answered with `errorStatus`. */
  errorRate: number;
  /** Status used by `errorRate`. Default 503. */
  errorStatus: number;
  /** Statuses for the next requests in order, e.g. [503, 503, 503]; consumed one per request. */
  script: number[];
  /** Accept requests and never answer them. */
  hang: boolean;
  /** Answer with a body that is not JSON although it says so. */
  malformedJson: boolean;
  /** Announce a longer body than is sent, then close the socket. */
  truncatedBody: boolean;
  /** The next N requests get 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitBurst: number;
  retryAfterSeconds: number;
}

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  latencyMillis: 0,
  errorRate: 0,
  errorStatus: 503,
  script: [],
  hang: false,
  malformedJson: false,
  truncatedBody: false,
  rateLimitBurst: 0,
  retryAfterSeconds: 1,
});

/** Checks a partial fault update from `PUT /__sim/faults`; returns an error message or the merged settings. */
export function mergeFaults(current: FaultSettings, update: unknown): FaultSettings | string {
  if (typeof update !== 'object' || update === null || Array.isArray(update)) return 'expected a JSON object of fault settings';
  const next: FaultSettings = { ...current, script: [...current.script] };
  for (const [key, value] of Object.entries(update)) {
    switch (key) {
      case 'latencyMillis':
      case 'errorStatus':
      case 'rateLimitBurst':
      case 'retryAfterSeconds':
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return `${key} must be a non-negative number, got ${JSON.stringify(value)}`;
        next[key] = value;
        break;
      case 'errorRate':
        if (typeof value !== 'number' || value < 0 || value > 1) return `errorRate must be a number from 0 to 1, got ${JSON.stringify(value)}`;
        next.errorRate = value;
        break;
      case 'script':
        if (!Array.isArray(value) || !value.every((s) => Number.isInteger(s) && s >= 100 && s <= 599)) return `script must be an array of HTTP statuses, got ${JSON.stringify(value)}`;
        next.script = value as number[];
        break;
      case 'hang':
      case 'malformedJson':
      case 'truncatedBody':
        if (typeof value !== 'boolean') return `${key} must be true or false, got ${JSON.stringify(value)}`;
        next[key] = value;
        break;
      default:
        return `unknown fault setting ${JSON.stringify(key)}; expected one of ${Object.keys(NO_FAULTS).join(', ')}`;
    }
  }
  return next;
}
