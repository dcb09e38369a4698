import { describe, expect, it } from 'vitest';
import { parseRetryAfter, vendorDetails } from '../../src/vendors/http/errors.js';
import { createRateLimiter, createRetryBudget } from '../../src/vendors/http/limits.js';
import { createRedactor } from '../../src/vendors/http/redact.js';
import { dedupeKey, parseBaseUrl, requestPath, serializeQuery } from '../../src/vendors/http/url.js';

describe('query and path', () => {
  it('joins arrays with commas, leaves out undefined and writes booleans as true/false', () => {
    expect(serializeQuery({ unitIds: [1, 2, 3], isActive: true, archived: false, page: 2, skip: undefined })).toBe('?unitIds=1%2C2%2C3&isActive=true&archived=false&page=2');
  });

  it('encodes values the URLSearchParams way and gives "" for an empty query', () => {
    expect(serializeQuery({ q: 'a b&c=d/é' })).toBe('?q=a+b%26c%3Dd%2F%C3%A9');
    expect(serializeQuery({ skip: undefined })).toBe('');
    expect(serializeQuery(undefined)).toBe('');
  });

  it('joins the base path prefix and the path with one slash', () => {
    const { origin, pathPrefix } = parseBaseUrl('http://127.0.0.1:4100/api/public/v1/');
    expect(origin).toBe('http://127.0.0.1:4100');
    expect(requestPath(pathPrefix, '/units', { limit: 100 })).toBe('/api/public/v1/units?limit=100');
    expect(requestPath(pathPrefix, 'units', undefined)).toBe('/api/public/v1/units');
    expect(requestPath(parseBaseUrl('http://127.0.0.1:4100').pathPrefix, '/units', undefined)).toBe('/units');
  });

  it('refuses a base URL that carries a query or credentials', () => {
    expect(() => parseBaseUrl('http://127.0.0.1:4100/api?token=x')).toThrow(/must not carry/);
    expect(() => parseBaseUrl('http://user:pw@127.0.0.1:4100')).toThrow(/must not carry/);
    expect(() => parseBaseUrl('not a url')).toThrow(/absolute http/);
  });

  it('treats header order and case as the same GET for sharing', () => {
    expect(dedupeKey('/units', { 'X-A': '1', b: '2' })).toBe(dedupeKey('/units', { B: '2', 'x-a': '1' }));
    expect(dedupeKey('/units', { a: '1' })).not.toBe(dedupeKey('/units', { a: '2' }));
  });
});

describe('vendor error bodies', () => {
  it("reads RentEngine's details objects as their messages", () => {
    const body = { error: 'Invalid request parameters', details: [{ keyword: 'required', params: { missingProperty: 'account_id' }, message: "should have required property 'account_id'" }] };
    expect(vendorDetails(body)).toEqual(["should have required property 'account_id'"]);
  });

  it("reads Leasey's details strings and skips its generic message", () => {
    const body = { error: 'Unprocessable Entity', message: "Validation failed. See 'details' for field-level errors.", details: ['"name" is required.'] };
    expect(vendorDetails(body)).toEqual(['"name" is required.']);
  });

  it('falls back to the one message or error text, and to nothing for other shapes', () => {
    expect(vendorDetails({ error: 'must NOT have additional properties' })).toEqual(['must NOT have additional properties']);
    expect(vendorDetails('oops')).toEqual([]);
    expect(vendorDetails(null)).toEqual([]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2);
    const now = Date.parse('2025-06-14T09:00:00Z');
    expect(parseRetryAfter('Sat, 14 Jun 2025 09:00:05 GMT', now)).toBe(5);
    expect(parseRetryAfter('Sat, 14 Jun 2025 08:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('redaction', () => {
  it('blanks a secret in plain and URL-encoded form', () => {
    const redact = createRedactor(['p@ss word/1', '']);
    expect(redact('a p@ss word/1 b p%40ss%20word%2F1 c p%40ss+word%2F1')).toBe('a [redacted] b [redacted] c [redacted]');
    expect(createRedactor([])('unchanged')).toBe('unchanged');
  });
});

describe('limits', () => {
  it('lets the first burst through at once and spaces the rest by the window', async () => {
    const limiter = createRateLimiter({ requests: 3, perMillis: 200 });
    const started = performance.now();
    const waited = await Promise.all(Array.from({ length: 6 }, () => limiter.acquire()));
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    expect(waited).toEqual([false, false, false, true, true, true]);
  });

  it('counts a released slot from its release, so a slow answer pushes the next start back', async () => {
    const limiter = createRateLimiter({ requests: 1, perMillis: 100 });
    const started = performance.now();
    const first = await limiter.acquireSlot();
    await new Promise((resolve) => setTimeout(resolve, 80));
    first.release();
    const second = await limiter.acquireSlot();
    second.release();
    expect(first.waited).toBe(false);
    expect(second.waited).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(175);
  });

  it('allows retries up to the floor plus the ratio of calls in the window', () => {
    const budget = createRetryBudget({ ratio: 0.5, minRetries: 1, windowMillis: 60_000 });
    for (let i = 0; i < 4; i++) budget.recordCall();
    const granted = Array.from({ length: 5 }, () => budget.tryRetry());
    expect(granted).toEqual([true, true, true, false, false]);
  });
});
