import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VendorError } from '../../src/errors.js';
import { ACTIVE_UNITS, AUTH, startHttpFixture, timed, TOKEN, type HttpFixture } from './http.fixture.js';

let fx: HttpFixture;
beforeAll(async () => {
  fx = await startHttpFixture();
});
afterAll(async () => {
  await fx.close();
});
beforeEach(() => fx.reset());

const upstream = () => fx.sim.server.stats().total;

describe('retries', () => {
  it('retries a 503 three times, then returns the units (4 upstream requests)', async () => {
    const http = fx.client({ maxRetries: 3 });
    fx.sim.server.setFaults({ script: [503, 503, 503] });
    const units = await http.get('/units', ACTIVE_UNITS);
    expect(Array.isArray(units) && units.length).toBeGreaterThan(0);
    expect(upstream()).toBe(4);
    expect(http.stats()).toMatchObject({ calls: 1, upstreamRequests: 4, retries: 3 });
  });

  it('gives up after maxRetries with the last 503 as VENDOR_UNAVAILABLE', async () => {
    const http = fx.client({ maxRetries: 2 });
    fx.sim.server.setFaults({ script: [503, 503, 503] });
    const { error } = await timed(() => http.get('/units', ACTIVE_UNITS));
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ code: 'VENDOR_UNAVAILABLE', status: 503, message: 'RENTROLL GET /units answered 503 (expected 2xx)' });
    expect(upstream()).toBe(3);
    expect(http.stats().failures).toEqual({ VENDOR_UNAVAILABLE: 1 });
  });

  it('sends a failed POST once and never retries it', async () => {
    const http = fx.client({ maxRetries: 3 });
    fx.sim.server.setFaults({ script: [503] });
    const { error } = await timed(() => http.send('POST', '/units', { name: 'x' }, { headers: AUTH }));
    expect(error).toMatchObject({ code: 'VENDOR_UNAVAILABLE', status: 503, message: 'RENTROLL POST /units answered 503 (expected 2xx)' });
    expect(upstream()).toBe(1);
    expect(http.stats().retries).toBe(0);
  });

  it('does not retry a 401', async () => {
    const http = fx.client({ maxRetries: 3 });
    const { error } = await timed(() => http.get('/units', { query: { isActive: true } }));
    expect(error).toMatchObject({ code: 'VENDOR_AUTH_FAILED', status: 401 });
    expect(upstream()).toBe(1);
  });

  it('waits for Retry-After (2 s) before retrying a 429', async () => {
    const http = fx.client({ maxRetries: 1 });
    fx.sim.server.setFaults({ rateLimitBurst: 1, retryAfterSeconds: 2 });
    const { millis, error } = await timed(() => http.get('/units', ACTIVE_UNITS));
    expect(error).toBeUndefined();
    expect(millis).toBeGreaterThanOrEqual(1_900);
    expect(millis).toBeLessThanOrEqual(3_000);
    expect(upstream()).toBe(2);
  });

  it('answers VENDOR_RATE_LIMITED with retryAfterSeconds when the vendor asks for longer than it will wait', async () => {
    const http = fx.client({ maxRetries: 3, retryAfterMaxMillis: 5_000 });
    fx.sim.server.setFaults({ rateLimitBurst: 1, retryAfterSeconds: 60 });
    const { millis, error } = await timed(() => http.get('/units', ACTIVE_UNITS));
    expect(error).toMatchObject({ code: 'VENDOR_RATE_LIMITED', status: 429, retryAfterSeconds: 60 });
    expect(millis).toBeLessThan(1_000);
    expect(upstream()).toBe(1);
  });

  it('keeps retries within the budget ratio when every call fails', async () => {
    const http = fx.client({ maxRetries: 3, retryBudgetRatio: 0.2, retryBudgetMinRetries: 0, breaker: false });
    fx.sim.server.setFaults({ errorRate: 1, errorStatus: 503 });
    for (let i = 0; i < 30; i++) await timed(() => http.get('/units', ACTIVE_UNITS));
    const stats = http.stats();
    expect(stats.retries).toBeGreaterThan(0);
    expect(stats.retries).toBeLessThanOrEqual(0.2 * 30);
    expect(stats.retriesDeniedByBudget).toBeGreaterThan(0);
    expect(upstream()).toBe(30 + stats.retries);
  });

  it('retries a refused connection, then fails with VENDOR_UNAVAILABLE', async () => {
    const http = fx.client({ baseUrl: 'http://127.0.0.1:1', maxRetries: 2, breaker: false });
    const { error } = await timed(() => http.get('/units', ACTIVE_UNITS));
    expect(error).toMatchObject({ code: 'VENDOR_UNAVAILABLE', status: undefined });
    expect((error as Error).message).toMatch(/^RENTROLL GET \/units could not be reached: ECONNREFUSED/);
    expect(http.stats().upstreamRequests).toBe(3);
  });
});

describe('timeouts', () => {
  it('fails with VENDOR_TIMEOUT within the timeout plus 100 ms when the vendor hangs', async () => {
    const http = fx.client({ maxRetries: 0, headersTimeoutMillis: 300 });
    fx.sim.server.setFaults({ hang: true });
    const { millis, error } = await timed(() => http.get('/units', ACTIVE_UNITS));
    expect(error).toMatchObject({ code: 'VENDOR_TIMEOUT' });
    expect(millis).toBeGreaterThanOrEqual(295);
    expect(millis).toBeLessThan(400);
  });

  it('uses the per-call timeoutMillis over the vendor default', async () => {
    const http = fx.client({ maxRetries: 0, headersTimeoutMillis: 10_000 });
    fx.sim.server.setFaults({ hang: true });
    const { millis, error } = await timed(() => http.get('/units', { ...ACTIVE_UNITS, timeoutMillis: 150 }));
    expect(error).toMatchObject({ code: 'VENDOR_TIMEOUT', message: 'RENTROLL GET /units timed out: sent no response headers within 150 ms (expected an answer within 150 ms)' });
    expect(millis).toBeLessThan(250);
  });
});

describe('circuit breaker', () => {
  const breaker = { failureRatio: 0.5, minimumCalls: 10, samplingWindowMillis: 10_000, halfOpenAfterMillis: 200 };

  it('opens after repeated 503s, fails fast without a request, and closes after a good probe', async () => {
    const http = fx.client({ maxRetries: 0, breaker });
    fx.sim.server.setFaults({ errorRate: 1, errorStatus: 503 });
    for (let i = 0; i < 20; i++) {
      const { error } = await timed(() => http.get('/units', ACTIVE_UNITS));
      expect(error).toMatchObject({ code: 'VENDOR_UNAVAILABLE' });
    }
    expect(http.circuitState()).toBe('OPEN');
    expect(upstream()).toBe(10);
    expect(http.stats().breakerRejections).toBe(10);

    fx.sim.server.resetStats();
    const rejected = await timed(() => http.get('/units', ACTIVE_UNITS));
    expect(rejected.error).toMatchObject({ code: 'VENDOR_UNAVAILABLE', status: undefined });
    expect((rejected.error as Error).message).toContain('circuit open');
    expect(rejected.millis).toBeLessThan(5);
    expect(upstream()).toBe(0);

    fx.sim.server.setFaults({ errorRate: 0 });
    await sleep(250);
    await expect(http.get('/units', ACTIVE_UNITS)).resolves.toBeInstanceOf(Array);
    expect(http.circuitState()).toBe('CLOSED');
    expect(upstream()).toBe(1);
  });

  it('reopens when the half-open probe fails', async () => {
    const http = fx.client({ maxRetries: 0, breaker });
    fx.sim.server.setFaults({ errorRate: 1, errorStatus: 502 });
    for (let i = 0; i < 10; i++) await timed(() => http.get('/units', ACTIVE_UNITS));
    expect(http.circuitState()).toBe('OPEN');
    await sleep(250);
    fx.sim.server.resetStats();
    await timed(() => http.get('/units', ACTIVE_UNITS));
    expect(upstream()).toBe(1);
    expect(http.circuitState()).toBe('OPEN');
  });

  it('stays closed through 429s: a vendor that throttles is up', async () => {
    const http = fx.client({ maxRetries: 0, breaker });
    fx.sim.server.setFaults({ rateLimitBurst: 20, retryAfterSeconds: 1 });
    for (let i = 0; i < 20; i++) expect((await timed(() => http.get('/units', ACTIVE_UNITS))).error).toMatchObject({ code: 'VENDOR_RATE_LIMITED', status: 429 });
    expect(http.circuitState()).toBe('CLOSED');
    fx.sim.server.resetStats();
    await expect(http.get('/units', ACTIVE_UNITS)).resolves.toBeInstanceOf(Array);
    expect(upstream()).toBe(1);
  });

  it('stays closed through 404s and 400s: only vendor-side failures count', async () => {
    const http = fx.client({ maxRetries: 0, breaker });
    for (let i = 0; i < 20; i++) {
      await timed(() => http.get('/no-such-route', { headers: AUTH }));
      await timed(() => http.get('/units', { headers: AUTH }));
    }
    expect(http.circuitState()).toBe('CLOSED');
    expect(http.stats().failures).toEqual({ NOT_FOUND: 20, BAD_USER_INPUT: 20 });
  });
});

describe('sharing and pacing', () => {
  it('sends 50 concurrent identical GETs upstream once', async () => {
    const http = fx.client();
    fx.sim.server.setFaults({ latencyMillis: 30 });
    const results = await Promise.all(Array.from({ length: 50 }, () => http.get('/units', ACTIVE_UNITS)));
    expect(upstream()).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(http.stats()).toMatchObject({ calls: 50, deduped: 49, upstreamRequests: 1 });
  });

  it('does not share GETs that differ in query or headers, nor ones made one after another', async () => {
    const http = fx.client();
    await Promise.all([
      http.get('/units', ACTIVE_UNITS),
      http.get('/units', { ...ACTIVE_UNITS, query: { isActive: false } }),
      http.get('/units', { ...ACTIVE_UNITS, headers: { ...AUTH, 'x-trace': '1' } }),
    ]);
    await http.get('/units', ACTIVE_UNITS);
    expect(upstream()).toBe(4);
  });

  it('shares a failure among the callers that waited on it', async () => {
    const http = fx.client({ maxRetries: 0 });
    fx.sim.server.setFaults({ script: [500], latencyMillis: 20 });
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => http.get('/units', ACTIVE_UNITS)));
    expect(outcomes.every((o) => o.status === 'rejected' && (o.reason as VendorError).status === 500)).toBe(true);
    expect(upstream()).toBe(1);
    expect(http.stats().failures).toEqual({ VENDOR_UNAVAILABLE: 5 });
  });

  it('spaces 10 calls under a limit of 5 per 500 ms over at least 500 ms', async () => {
    const http = fx.client({ rateLimit: { requests: 5, perMillis: 500 } });
    const { millis, error } = await timed(() =>
      Promise.all(Array.from({ length: 10 }, (_, i) => http.get('/units', { ...ACTIVE_UNITS, headers: { ...AUTH, 'x-call': String(i) } }))),
    );
    expect(error).toBeUndefined();
    expect(millis).toBeGreaterThanOrEqual(495);
    expect(http.stats().rateLimitWaits).toBe(5);
    expect(upstream()).toBe(10);
  });

  it('refuses at once, unsent and not retried, a call that would wait for the rate limit longer than allowed', async () => {
    const http = fx.client({ rateLimit: { requests: 2, perMillis: 400 }, rateLimitMaxWaitMillis: 400, maxRetries: 3 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, async (_, i) => timed(() => http.get('/units', { ...ACTIVE_UNITS, headers: { ...AUTH, 'x-call': String(i) } }))),
    );
    const results = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : null));
    // Two start at once, two wait one window; the last two would wait two windows (800 ms > 400 ms).
    expect(results.slice(0, 4).every((r) => r?.error === undefined)).toBe(true);
    for (const refused of results.slice(4)) {
      expect(refused?.error).toMatchObject({ code: 'VENDOR_RATE_LIMITED', status: undefined });
      expect((refused?.error as Error).message).toBe(
        'RENTROLL GET /units not sent: the vendor allows 2 requests per 400 ms and the calls already waiting would hold this one longer than 400 ms (expected a shorter line; try again shortly)',
      );
      expect(refused!.millis).toBeLessThan(50);
    }
    expect(upstream()).toBe(4);
    expect(http.stats()).toMatchObject({ rateLimitRefusals: 2, retries: 0 });
  });

  it('keeps at most maxConcurrent requests in flight and queues the rest', async () => {
    const http = fx.client({ maxConcurrent: 2 });
    fx.sim.server.setFaults({ latencyMillis: 100 });
    const { millis } = await timed(() =>
      Promise.all(Array.from({ length: 6 }, (_, i) => http.get('/units', { ...ACTIVE_UNITS, headers: { ...AUTH, 'x-call': String(i) } }))),
    );
    // Six 100 ms requests two at a time take three rounds.
    expect(millis).toBeGreaterThanOrEqual(295);
    expect(upstream()).toBe(6);
  });
});

it('never wrote the configured secret to a log line, in plain or encoded form', () => {
  const text = fx.logText();
  expect(text).toContain('"level":40');
  expect(text).toContain('"level":20');
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(encodeURIComponent(TOKEN));
});
