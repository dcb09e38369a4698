import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';

/**
 * A load generator on undici (the HTTP client the gateway itself uses). Closed loop by
 * default: `connections` clients each send a request, read the whole answer, and send
 * the next, for `durationSeconds`; that finds the most a server answers, and its
 * latency is mostly queueing (clients ÷ throughput). Open loop with `ratePerSecond`:
 * requests start on a clock whatever the answers, at most `connections` at once, and
 * each latency counts from the moment its request was due (a stalled server cannot
 * hide its stall by slowing the sender down). Every latency is kept, so percentiles
 * are exact.
 */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  /** Origin, e.g. http://127.0.0.1:4000 */
  origin: string;
  connections: number;
  durationSeconds: number;
  /** The i-th request (i counts from 0 across all clients). */
  request: (i: number) => LoadRequest;
  /** Whether a 2xx answer is a success; default: any 2xx. GraphQL scenarios reject bodies with `errors`. */
  accept?: (body: string) => boolean;
  /** Per-request timeout; a slower answer counts as an error. Default 30_000. */
  timeoutMillis?: number;
  /** Open loop at this many requests per second (see above); absent = closed loop. */
  ratePerSecond?: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  elapsedSeconds: number;
  /** Latencies of successful requests, ascending. */
  latenciesMillis: Float64Array;
  firstError?: string;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const pool = new Pool(options.origin, { connections: options.connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const timeoutMillis = options.timeoutMillis ?? 30_000;
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const endAt = started + options.durationSeconds * 1000;
  let lastDone = started;

  const fail = (message: string) => {
    errors++;
    firstError ??= message.slice(0, 300);
  };
  /** Sends the next request; its latency counts from `since`. */
  const send = async (since: number) => {
    const spec = options.request(next++);
    try {
      const response = await pool.request({
        method: spec.method,
        path: spec.path,
        headers: spec.headers ?? {},
        body: spec.body ?? null,
        headersTimeout: timeoutMillis,
        bodyTimeout: timeoutMillis,
      });
      const body = await response.body.text();
      lastDone = performance.now();
      if (response.statusCode < 200 || response.statusCode > 299) fail(`HTTP ${response.statusCode}: ${body}`);
      else if (options.accept !== undefined && !options.accept(body)) fail(body);
      else latencies.push(lastDone - since);
    } catch (error) {
      lastDone = performance.now();
      fail(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    }
  };

  if (options.ratePerSecond === undefined) {
    const client = async () => {
      while (performance.now() < endAt) await send(performance.now());
    };
    await Promise.all(Array.from({ length: options.connections }, client));
  } else {
    // Requests beyond `connections` in flight wait in the pool's queue, their clocks running.
    const total = Math.round(options.durationSeconds * options.ratePerSecond);
    const sending: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / options.ratePerSecond;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      sending.push(send(due));
    }
    await Promise.all(sending);
  }
  await pool.close();
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: sorted.length + errors,
    errors,
    elapsedSeconds: (lastDone - started) / 1000,
    latenciesMillis: sorted,
    ...(firstError !== undefined && { firstError }),
  };
}

/** GraphQL over HTTP POST with a JSON body; answers with `errors` count as failures. */
export function graphqlRequest(query: string, variables: Record<string, unknown> = {}): LoadRequest {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  };
}

export const noGraphqlErrors = (body: string): boolean => !body.includes('"errors"');
