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

const errors: VendorError[] = [];
/** The call's VendorError; also kept to check no message ever carried the secret. */
async function failure(work: () => Promise<unknown>): Promise<VendorError> {
  const { error } = await timed(work);
  expect(error).toBeInstanceOf(VendorError);
  errors.push(error as VendorError);
  return error as VendorError;
}

describe('answers that are not usable JSON', () => {
  it('maps malformed JSON in a 200 to VENDOR_BAD_RESPONSE without quoting the body', async () => {
    const http = fx.client({ maxRetries: 3 });
    fx.sim.server.setFaults({ malformedJson: true });
    const error = await failure(() => http.get('/units', ACTIVE_UNITS));
    expect(error).toMatchObject({ code: 'VENDOR_BAD_RESPONSE', status: 200 });
    expect(error.message).toBe('RENTROLL GET /units answered 200 with a 20-byte body that is not valid JSON (expected JSON)');
    expect(fx.sim.server.stats().total).toBe(1);
  });

  it('maps a body cut short of its Content-Length to VENDOR_BAD_RESPONSE', async () => {
    const http = fx.client();
    fx.sim.server.setFaults({ truncatedBody: true });
    const error = await failure(() => http.get('/units', ACTIVE_UNITS));
    expect(error).toMatchObject({ code: 'VENDOR_BAD_RESPONSE', status: 200 });
    expect(error.message).toMatch(/body broke off after \d+ bytes \(expected 4096 bytes as announced\)/);
  });

  it('refuses a body over maxResponseBytes with VENDOR_BAD_RESPONSE', async () => {
    const http = fx.client({ maxResponseBytes: 100 });
    const error = await failure(() => http.get('/units', ACTIVE_UNITS));
    expect(error).toMatchObject({ code: 'VENDOR_BAD_RESPONSE', status: 200 });
    expect(error.message).toContain('with a body over 100 bytes (expected at most 100 bytes)');
  });
});

describe('status mapping', () => {
  it('maps 401 to VENDOR_AUTH_FAILED', async () => {
    const error = await failure(() => fx.client().get('/units', { query: { isActive: true } }));
    expect(error).toMatchObject({ code: 'VENDOR_AUTH_FAILED', status: 401, vendor: 'RENTROLL' });
  });

  it('maps 404 to NOT_FOUND', async () => {
    const error = await failure(() => fx.client().get('/nothing-here', { headers: AUTH }));
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404, message: 'RENTROLL GET /nothing-here answered 404 (expected 2xx): not found' });
  });

  it('maps 400 to BAD_USER_INPUT with the vendor message as details', async () => {
    const error = await failure(() => fx.client().get('/units', { headers: AUTH }));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', status: 400, details: ['isActive is required and must be true or false'] });
  });

  it('maps another 4xx to VENDOR_BAD_RESPONSE and a 500 to VENDOR_UNAVAILABLE', async () => {
    fx.sim.server.setFaults({ script: [418, 500] });
    const http = fx.client({ maxRetries: 0 });
    expect(await failure(() => http.get('/units', ACTIVE_UNITS))).toMatchObject({ code: 'VENDOR_BAD_RESPONSE', status: 418 });
    expect(await failure(() => http.get('/units', ACTIVE_UNITS))).toMatchObject({ code: 'VENDOR_UNAVAILABLE', status: 500 });
  });

  it('names the operation given by the caller', async () => {
    fx.sim.server.setFaults({ script: [503] });
    const error = await failure(() => fx.client({ maxRetries: 0 }).get('/units', { ...ACTIVE_UNITS, operation: 'list units' }));
    expect(error.message).toBe('RENTROLL list units answered 503 (expected 2xx)');
  });

  it('turns a GraphQL error with the vendor and status in extensions', async () => {
    fx.sim.server.setFaults({ script: [503] });
    const error = await failure(() => fx.client({ maxRetries: 0 }).get('/units', ACTIVE_UNITS));
    expect(error.toGraphQLError().extensions).toEqual({ code: 'VENDOR_UNAVAILABLE', vendor: 'RENTROLL', http: { status: 503 } });
  });
});

describe('writes', () => {
  it('sends a JSON body and returns status, parsed body and headers', async () => {
    const http = fx.client();
    const response = await http.send('PUT', '/__sim/faults', { latencyMillis: 0 }, { headers: AUTH });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ latencyMillis: 0, hang: false });
    expect(response.headers['content-type']).toContain('application/json');
  });

  it('passes field messages of a rejected write through as details', async () => {
    const http = fx.client();
    const error = await failure(() => http.send('PUT', '/__sim/faults', { errorRate: 7 }, { headers: AUTH }));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', status: 400, details: ['errorRate must be a number from 0 to 1, got 7'] });
    expect(error.message).toBe('RENTROLL PUT /__sim/faults answered 400 (expected 2xx): the vendor rejected the request');
  });
});

describe('secrets', () => {
  it('keeps a secret out of details echoed by the vendor', async () => {
    const http = fx.client();
    const error = await failure(() => http.send('PUT', '/__sim/faults', { [TOKEN]: true }, { headers: AUTH }));
    expect(error.details.join(' ')).toContain('[redacted]');
  });

  it('keeps a secret out of the operation name, even when the path carries it', async () => {
    fx.sim.server.setFaults({ script: [503] });
    const error = await failure(() => fx.client({ maxRetries: 0 }).get(`/units/${encodeURIComponent(TOKEN)}`, ACTIVE_UNITS));
    expect(error.message).toBe('RENTROLL GET /units/[redacted] answered 503 (expected 2xx)');
  });

  it('never put the secret in an error message, detail or log line', () => {
    expect(errors.length).toBeGreaterThan(10);
    for (const error of errors) {
      expect(error.message).not.toContain(TOKEN);
      expect(error.details.join(' ')).not.toContain(TOKEN);
    }
    expect(fx.logText()).not.toContain(TOKEN);
  });
});
