import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requestDeadline } from '../../src/request/deadline.js';
import { withinDeadline } from '../../src/ports/deadline.js';
import { ACTIVE_UNITS, AUTH, startHttpFixture, timed, type HttpFixture } from './http.fixture.js';

let fx: HttpFixture;
beforeAll(async () => {
  fx = await startHttpFixture();
});
afterAll(async () => {
  await fx.close();
});
beforeEach(() => fx.reset());

const upstream = () => fx.sim.server.stats().total;
/** Runs `work` as a request with a deadline `millis` from now would. */
const under = <T>(millis: number, work: () => Promise<T>): Promise<T> => withinDeadline(requestDeadline(millis), work);

describe('a read under a request deadline', () => {
  it('ends with VENDOR_TIMEOUT at the deadline, not at the vendor timeout, without a retry', async () => {
    const http = fx.client({ maxRetries: 3, headersTimeoutMillis: 10_000 });
    fx.sim.server.setFaults({ hang: true });
    const { millis, error } = await timed(() => under(300, () => http.get('/units', ACTIVE_UNITS)));
    expect(error).toMatchObject({
      code: 'VENDOR_TIMEOUT',
      vendor: 'RENTROLL',
      message: "RENTROLL GET /units timed out: no answer within the request's deadline of 300 ms (expected an answer before the deadline)",
    });
    expect(millis).toBeGreaterThanOrEqual(295);
    expect(millis).toBeLessThan(400);
    await sleep(100);
    expect(upstream()).toBe(1);
    expect(http.stats()).toMatchObject({ abandoned: 1, retries: 0, failures: { VENDOR_TIMEOUT: 1 } });
  });

  it('never starts a retry past the deadline, even one whose backoff began before it', async () => {
    const http = fx.client({ maxRetries: 3 });
    // The vendor asks for 1 s before a retry: the retry would start after the 300 ms deadline.
    fx.sim.server.setFaults({ rateLimitBurst: 1, retryAfterSeconds: 1 });
    const { millis, error } = await timed(() => under(300, () => http.get('/units', ACTIVE_UNITS)));
    expect(error).toMatchObject({ code: 'VENDOR_TIMEOUT', vendor: 'RENTROLL' });
    expect(millis).toBeLessThan(400);
    await sleep(1_200);
    expect(upstream()).toBe(1);
  });

  it('is refused unsent once the deadline has passed', async () => {
    const http = fx.client();
    const deadline = requestDeadline(100);
    await sleep(150);
    const { millis, error } = await timed(() => withinDeadline(deadline, () => http.get('/units', ACTIVE_UNITS)));
    expect(error).toMatchObject({ code: 'VENDOR_TIMEOUT', message: "RENTROLL GET /units not sent: the request's deadline of 100 ms had passed (expected time left to ask the vendor)" });
    expect(millis).toBeLessThan(20);
    expect(upstream()).toBe(0);
  });

  it('sends nothing when the deadline passed while it waited for the rate limit, and gives its place back', async () => {
    const http = fx.client({ rateLimit: { requests: 1, perMillis: 600 } });
    await http.get('/units', ACTIVE_UNITS);
    const { error } = await timed(() => under(200, () => http.get('/units', { ...ACTIVE_UNITS, headers: { ...AUTH, 'x-call': 'late' } })));
    expect(error).toMatchObject({ code: 'VENDOR_TIMEOUT' });
    // Its turn came at ~600 ms and went unused: the next call starts without waiting another window.
    await sleep(650);
    const next = await timed(() => http.get('/units', { ...ACTIVE_UNITS, headers: { ...AUTH, 'x-call': 'next' } }));
    expect(next.error).toBeUndefined();
    expect(next.millis).toBeLessThan(100);
    expect(upstream()).toBe(2);
    expect(http.stats().rateLimitWaits).toBe(0);
  });

  it('does not count towards the circuit breaker: the vendor may only be slower than the request would wait', async () => {
    const http = fx.client({ maxRetries: 0, breaker: { failureRatio: 0.5, minimumCalls: 2, samplingWindowMillis: 10_000, halfOpenAfterMillis: 10_000 } });
    fx.sim.server.setFaults({ hang: true });
    for (let i = 0; i < 4; i++) {
      const { error } = await timed(() => under(100, () => http.get('/units', { ...ACTIVE_UNITS, headers: { ...AUTH, 'x-call': String(i) } })));
      expect(error).toMatchObject({ code: 'VENDOR_TIMEOUT' });
    }
    expect(http.circuitState()).toBe('CLOSED');
    expect(upstream()).toBe(4);
  });
});

describe('a GET shared by several callers', () => {
  it('goes on for a caller whose deadline has not passed when another caller leaves', async () => {
    const http = fx.client({ maxRetries: 0 });
    fx.sim.server.setFaults({ latencyMillis: 500 });
    const first = timed(() => under(250, () => http.get('/units', ACTIVE_UNITS)));
    await sleep(100);
    const second = timed(() => under(1_500, () => http.get('/units', ACTIVE_UNITS)));
    const [left, stayed] = await Promise.all([first, second]);
    expect(left.error).toMatchObject({ code: 'VENDOR_TIMEOUT', vendor: 'RENTROLL' });
    expect(left.millis).toBeLessThan(350);
    expect(stayed.error).toBeUndefined();
    expect(upstream()).toBe(1);
    expect(http.stats()).toMatchObject({ deduped: 1, abandoned: 0 });
  });

  it('goes on for background work (no deadline) after every request waiting for it has left', async () => {
    const http = fx.client({ maxRetries: 0 });
    fx.sim.server.setFaults({ latencyMillis: 400 });
    const request = timed(() => under(150, () => http.get('/units', ACTIVE_UNITS)));
    const background = timed(() => http.get('/units', ACTIVE_UNITS));
    const [left, stayed] = await Promise.all([request, background]);
    expect(left.error).toMatchObject({ code: 'VENDOR_TIMEOUT' });
    expect(stayed.error).toBeUndefined();
    expect(stayed.millis).toBeGreaterThanOrEqual(395);
    expect(upstream()).toBe(1);
  });

  it('is aborted once every caller has left it: its connection is free at once and the next caller asks afresh', async () => {
    // One connection: had the hung request kept it, the next one would queue behind it for 10 s.
    const http = fx.client({ maxRetries: 0, maxConcurrent: 1, headersTimeoutMillis: 10_000 });
    fx.sim.server.setFaults({ hang: true });
    await timed(() => under(150, () => http.get('/units', ACTIVE_UNITS)));
    fx.sim.server.setFaults({ hang: false });
    const { millis, error } = await timed(() => http.get('/units', ACTIVE_UNITS));
    expect(error).toBeUndefined();
    expect(millis).toBeLessThan(500);
    expect(upstream()).toBe(2);
    expect(http.stats().abandoned).toBe(1);
  });
});

describe('a write under a request deadline', () => {
  it('is waited for to its end once sent: it may have happened at the vendor', async () => {
    const http = fx.client();
    fx.sim.server.setFaults({ latencyMillis: 400, script: [503] });
    const { millis, error } = await timed(() => under(150, () => http.send('POST', '/units', { name: 'x' }, { headers: AUTH })));
    // The vendor's own answer, not the deadline's.
    expect(error).toMatchObject({ code: 'VENDOR_UNAVAILABLE', status: 503 });
    expect(millis).toBeGreaterThanOrEqual(395);
    expect(upstream()).toBe(1);
  });
});
