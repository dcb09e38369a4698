import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_COMPANY, NO_ADMIN_COMPANY_ID } from '../../../src/simulators/leasey/seed.js';
import { CREDS, MINIMAL_PROPERTY, READ_HEADERS, startHarness, type LeaseyHarness } from './harness.js';

const LENGTH_MESSAGE = 'The provided token does not match the expected token - verify you are copying the full token (expected length: 48 characters)';
const READ_PATHS = ['/reports/showings', '/reports/leads', '/reports/properties', '/properties/leads'];
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let h: LeaseyHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.sim.close();
});

describe('Leasey level 1: the API token', () => {
  it.each(READ_PATHS)('answers GET %s with 401 "Authentication token required" when no token is sent', async (path) => {
    const answer = await h.get(`${path}?company_id=123`, { 'x-company-password': CREDS.companyPassword });
    expect(answer).toMatchObject({ status: 401, body: { error: 'Unauthorized', message: 'Authentication token required' } });
  });

  it('needs the Bearer prefix: a bare token in Authorization counts as no token', async () => {
    const answer = await h.get('/reports/leads?company_id=123', { authorization: CREDS.apiToken, 'x-company-password': CREDS.companyPassword });
    expect(answer.body).toEqual({ error: 'Unauthorized', message: 'Authentication token required' });
  });

  it('accepts the token as ?token= for debugging', async () => {
    const answer = await h.get(`/reports/properties?company_id=123&token=${CREDS.apiToken}`, { 'x-company-password': CREDS.companyPassword });
    expect(answer.status).toBe(200);
  });

  it('answers a truncated token with the length message and a debug field', async () => {
    const answer = await h.get('/reports/showings?company_id=123', { ...READ_HEADERS, ...bearer(CREDS.apiToken.slice(0, 32)) });
    expect(answer).toMatchObject({
      status: 401,
      body: { error: 'Unauthorized', message: LENGTH_MESSAGE, debug: { token_received_length: 32, token_expected_length: 48 } },
    });
  });

  it('answers a token of the right length but wrong value with "Invalid authentication token"', async () => {
    const wrong = `${CREDS.apiToken.slice(0, -1)}X`;
    const answer = await h.get('/reports/showings?company_id=123', { ...READ_HEADERS, ...bearer(wrong) });
    expect(answer).toMatchObject({ status: 401, body: { error: 'Unauthorized', message: 'Invalid authentication token' } });
  });

  it('checks the token on writes too', async () => {
    const answer = await h.send('POST', '/properties', h.write(MINIMAL_PROPERTY), {});
    expect(answer).toMatchObject({ status: 401, body: { message: 'Authentication token required' } });
  });
});

describe('Leasey level 2: company credentials on GET', () => {
  it.each(READ_PATHS)('answers GET %s without X-Company-Password with 401 "X-Company-Password header is required"', async (path) => {
    const answer = await h.get(`${path}?company_id=123`, bearer(CREDS.apiToken));
    expect(answer).toMatchObject({ status: 401, body: { error: 'Unauthorized', message: 'X-Company-Password header is required' } });
  });

  it('refuses the v1 ?password= query parameter in place of the header', async () => {
    const answer = await h.get(`/properties/leads?company_id=123&password=${CREDS.companyPassword}`, bearer(CREDS.apiToken));
    expect(answer).toMatchObject({ status: 401, body: { message: 'X-Company-Password header is required' } });
  });

  it('answers a wrong password with 401 "Invalid company password"', async () => {
    const answer = await h.get('/reports/leads?company_id=123', { ...READ_HEADERS, 'x-company-password': 'nope' });
    expect(answer).toEqual(expect.objectContaining({ status: 401, body: { error: 'Unauthorized', message: 'Invalid company password' } }));
  });

  it('answers an unknown company with 401 "Company {id} not found"', async () => {
    const answer = await h.get('/reports/leads?company_id=4242', READ_HEADERS);
    expect(answer).toMatchObject({ status: 401, body: { error: 'Unauthorized', message: 'Company 4242 not found' } });
  });

  it('answers a company without an admin user with 400 and the documented message', async () => {
    const answer = await h.get(`/reports/properties?company_id=${NO_ADMIN_COMPANY_ID}`, READ_HEADERS);
    expect(answer).toMatchObject({ status: 400, body: { error: 'Bad Request', message: `No admin user found for company ${NO_ADMIN_COMPANY_ID}. Contact support.` } });
  });

  it.each([
    ['company_id=%22123%22', 'company_id must be an integer'],
    ['company_id=abc', 'company_id must be an integer'],
    ['company_id=12.5', 'company_id must be an integer'],
    ['', 'company_id is required'],
  ])('answers ?%s with 400 "%s"', async (query, message) => {
    const answer = await h.get(`/reports/showings?${query}`, READ_HEADERS);
    expect(answer).toMatchObject({ status: 400, body: { error: 'Bad Request', message } });
  });

  it('serves each company only its own properties', async () => {
    const other = await h.get(`/reports/properties?company_id=${OTHER_COMPANY.id}`, { ...READ_HEADERS, 'x-company-password': OTHER_COMPANY.password });
    expect(other).toMatchObject({ status: 200, body: [] });
  });
});

describe('Leasey level 2: company credentials in the POST/PUT body', () => {
  it.each([
    [{ password: undefined }, 401, 'X-Company-Password header is required'],
    [{ password: 'nope' }, 401, 'Invalid company password'],
    [{ company_id: 4242 }, 401, 'Company 4242 not found'],
    [{ company_id: NO_ADMIN_COMPANY_ID }, 400, `No admin user found for company ${NO_ADMIN_COMPANY_ID}. Contact support.`],
    [{ company_id: '123' }, 400, 'company_id must be an integer'],
    [{ company_id: undefined }, 400, 'company_id is required'],
  ])('answers a body with %j with %i "%s"', async (overrides, status, message) => {
    const answer = await h.send('POST', '/properties', h.write(MINIMAL_PROPERTY, overrides));
    expect(answer).toMatchObject({ status, body: { message } });
  });
});

describe('Leasey credential overrides', () => {
  it('requires the configured token, company and password, and reports them in env', async () => {
    const token = 'a-shorter-custom-token';
    const custom = await startHarness({ rentrollUnits: 40, apiToken: token, companyId: 77, companyPassword: 'pw-77' });
    try {
      expect(custom.sim.env).toEqual({
        LEASEY_BASE_URL: custom.sim.server.origin, LEASEY_API_TOKEN: token, LEASEY_COMPANY_ID: '77', LEASEY_COMPANY_PASSWORD: 'pw-77',
      });
      const ok = await custom.get('/reports/properties?company_id=77', { ...bearer(token), 'x-company-password': 'pw-77' });
      expect(ok.status).toBe(200);
      expect((ok.body as unknown[]).length).toBeGreaterThan(0);
      const old = await custom.get('/reports/properties?company_id=77', { ...READ_HEADERS, 'x-company-password': 'pw-77' });
      expect(old.body).toMatchObject({ message: expect.stringContaining(`(expected length: ${token.length} characters)`) });
    } finally {
      await custom.sim.close();
    }
  });
});
