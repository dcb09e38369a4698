import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVendorCache } from '../../../src/ports/cache.js';
import { VendorError } from '../../../src/errors.js';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import { startLeaseySimulator } from '../../../src/simulators/leasey/server.js';
import type { RunningSimulator } from '../../../src/simulators/types.js';
import { createWorld } from '../../../src/simulators/world/index.js';
import { createVendorHttp, type VendorHttp } from '../../../src/vendors/http/index.js';
import { createLeaseyClient, type LeaseyClient } from '../../../src/vendors/leasey/client.js';
import type { LeaseyPropertyInput } from '../../../src/vendors/leasey/input.js';

const CREDS = SIM_CREDENTIALS.leasey;
const world = createWorld({ rentrollUnits: 60 });
let sim: RunningSimulator;
let http: VendorHttp;
let client: LeaseyClient;

beforeAll(async () => {
  sim = await startLeaseySimulator({ world });
  http = createVendorHttp({ vendor: 'LEASEY', baseUrl: sim.env['LEASEY_BASE_URL']!, secrets: [CREDS.apiToken, CREDS.companyPassword], logger: pino({ level: 'silent' }), retryBaseDelayMillis: 5 });
  client = createLeaseyClient(http, { apiToken: sim.env['LEASEY_API_TOKEN']!, companyId: Number(sim.env['LEASEY_COMPANY_ID']), companyPassword: sim.env['LEASEY_COMPANY_PASSWORD']! });
});
afterAll(async () => {
  await http.close();
  await sim.close();
});
beforeEach(() => {
  client.invalidate();
  sim.server.resetStats();
});

/** What the simulator serves for a GET, read directly. */
async function served(path: string): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${sim.server.origin}${path}`, { headers: { authorization: `Bearer ${CREDS.apiToken}`, 'x-company-password': CREDS.companyPassword } });
  return (await response.json()) as Record<string, unknown>[];
}

const newProperty: LeaseyPropertyInput = {
  name: 'Unit 2B', address: '456 Oak Ave', city: 'Toronto', province_state: 'ON', country: 'Canada', postal_code: 'M5V 2T6',
  unit_type: 'apartment', rental_space: 'entire place', rent_amount: '2100', rent_payment_frequency: 'monthly', renewal_frequency: 'month to month',
  bedrooms: 2, bathrooms: 1, furnishing: 2, date_available: '2025-02-01',
};

describe('Leasey client reads', () => {
  it('reads the whole properties report once, as the simulator serves it', async () => {
    const properties = await client.propertiesReport();
    const ids = properties.map((p) => p.propertyId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual((await served('/reports/properties?company_id=123')).map((row) => String(row['Property_ID'])).sort());
    expect(ids.sort()).toEqual(world.units.filter((u) => u.ids.leasey !== undefined).map((u) => String(u.ids.leasey)).sort());
    expect(properties[0]!.unit.externalId).toBe(properties[0]!.listing.externalId);
  });

  it('sends the token as a bearer header, company_id in the query and the password only in X-Company-Password', async () => {
    await Promise.all([client.propertiesReport(), client.showingsReport(), client.leadsReport(), client.propertyLeads({ pageSize: 50 })]);
    const requests = sim.server.requests();
    expect([...new Set(requests.map((r) => r.url.split('?')[0]))].sort()).toEqual(['/properties/leads', '/reports/leads', '/reports/properties', '/reports/showings']);
    for (const request of requests) {
      expect(request.method).toBe('GET');
      expect(request.headers['authorization']).toBe(`Bearer ${CREDS.apiToken}`);
      expect(request.headers['x-company-password']).toBe(CREDS.companyPassword);
      expect(new URL(request.url, 'http://x').searchParams.get('company_id')).toBe('123');
      expect(request.url).not.toContain(CREDS.companyPassword);
      expect(request.url).not.toMatch(/[?&](token|password)=/);
    }
  });

  it('reads showings and leads from an explicit early start, not the vendor default of Jan 1 this year', async () => {
    const showings = await client.showingsReport();
    const leads = await client.leadsReport();
    for (const request of sim.server.requests()) expect(new URL(request.url, 'http://x').searchParams.get('start_date')).toBe('2000-01-01T00:00:00');
    const servedShowings = await served('/reports/showings?company_id=123&start_date=2000-01-01T00:00:00');
    expect(showings).toHaveLength(servedShowings.length);
    expect(new Set(showings.map((s) => s.externalId)).size).toBe(showings.length);
    // One lead per row: a person with leads on several properties is there once for each, each with its own application.
    const servedRows = await served('/reports/leads?company_id=123&start_date=2000-01-01T00:00:00');
    expect(leads.map((l) => l.externalId).sort()).toEqual(servedRows.map((row) => String(row['Person_ID'])).sort());
    expect(leads.map((l) => l.application?.id).sort()).toEqual(servedRows.map((row) => String(row['Application_ID'])).sort());
    expect(new Set(leads.map((l) => l.externalId)).size).toBeLessThan(leads.length);
  });

  it('joins showings to properties by Property_ID', async () => {
    const propertyIds = new Set((await client.propertiesReport()).map((p) => p.propertyId));
    const showings = await client.showingsReport();
    expect(showings.length).toBeGreaterThan(0);
    for (const showing of showings) expect(propertyIds.has(showing.unit!.externalId)).toBe(true);
  });

  it('sends a date window as YYYY-MM-DDTHH:MM:SS in UTC', async () => {
    await client.showingsReport({ startDate: new Date('2026-01-02T03:04:05.678Z'), endDate: '2026-02-01T00:00:00+02:00' });
    const params = new URL(sim.server.requests()[0]!.url, 'http://x').searchParams;
    expect([params.get('start_date'), params.get('end_date')]).toEqual(['2026-01-02T03:04:05', '2026-01-31T22:00:00']);
  });

  it('refuses a date that is not one before calling', async () => {
    await expect(client.leadsReport({ startDate: 'soon' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', vendor: 'LEASEY' });
    expect(sim.server.stats().total).toBe(0);
  });

  it('walks the simplified lead list to its end by moving start_date, without duplicates', async () => {
    const all = await served('/properties/leads?company_id=123&limit=500');
    expect(all.length).toBeLessThan(500);
    const people = new Set(all.map((row) => `${String(row['Person_ID'])}@${String(row['Property_ID'])}`));
    sim.server.resetStats();
    const leads = await client.propertyLeads({ pageSize: 7 });
    expect(leads.map((l) => l.externalId).sort()).toEqual([...people].sort());
    expect(people.size).toBe(all.length);
    const starts = sim.server.requests().map((r) => new URL(r.url, 'http://x').searchParams.get('start_date'));
    expect(starts.length).toBeGreaterThan(all.length / 7);
    expect(starts[0]).toBeNull();
    expect(starts.slice(1).every((s, i) => s !== null && (i === 0 || s > starts[i]!))).toBe(true);
    expect(leads.filter((l) => l.unitOfInterest !== null).length).toBeGreaterThan(0);
  });

  it('stops the lead walk at the limit asked for', async () => {
    const leads = await client.propertyLeads({ pageSize: 5, limit: 12 });
    expect(leads).toHaveLength(12);
    expect(sim.server.stats().total).toBe(3);
  });

  it('reuses a cached report until invalidated', async () => {
    await client.propertiesReport();
    await client.propertiesReport();
    await client.showingsReport();
    await client.showingsReport();
    expect(sim.server.stats().total).toBe(2);
    client.invalidate();
    await client.propertiesReport();
    expect(sim.server.stats().total).toBe(3);
  });

  it('shares a cache across clients and keys it by company', async () => {
    const cache = createVendorCache();
    const options = { apiToken: CREDS.apiToken, companyId: CREDS.companyId, companyPassword: CREDS.companyPassword, cache };
    await createLeaseyClient(http, options).propertiesReport();
    await createLeaseyClient(http, options).propertiesReport();
    expect(sim.server.stats().total).toBe(1);
    await expect(createLeaseyClient(http, { ...options, companyId: 999 }).propertiesReport()).rejects.toBeInstanceOf(VendorError);
    expect(sim.server.stats().total).toBe(2);
  });

  it('turns a wrong company password into VENDOR_AUTH_FAILED without leaking it', async () => {
    const wrong = createLeaseyClient(http, { apiToken: CREDS.apiToken, companyId: CREDS.companyId, companyPassword: 'not-the-password', cacheTtlMillis: 0 });
    const error = await wrong.propertiesReport().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ code: 'VENDOR_AUTH_FAILED', status: 401 });
    expect((error as Error).message).not.toContain('not-the-password');
  });
});

describe('Leasey client writes', () => {
  it('creates a property with company_id and password in the body, then finds it in a fresh report', async () => {
    const before = (await client.propertiesReport()).length;
    const created = await client.createProperty(newProperty);
    expect(created.propertyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.urlSlug).toBeTruthy();
    const post = sim.server.requests().find((r) => r.method === 'POST')!;
    expect(post.url).toBe('/properties');
    expect(post.body).toEqual({ company_id: 123, password: CREDS.companyPassword, property: newProperty });
    expect(post.headers['authorization']).toBe(`Bearer ${CREDS.apiToken}`);
    expect(post.url).not.toContain(CREDS.companyPassword);
    expect((await client.propertiesReport()).length).toBe(before + 1);
  });

  it('updates a property by its UUID with only the fields to change', async () => {
    const { propertyId } = await client.createProperty(newProperty);
    const updated = await client.updateProperty(propertyId, { rent_amount: '2200', unit_type: 'basement suite', renewal_frequency: 'fixed term, renewing month-to-month' });
    expect(updated.propertyId).toBe(propertyId);
    const put = sim.server.requests().find((r) => r.method === 'PUT')!;
    expect(put.url).toBe(`/properties/${propertyId}`);
    expect(put.body).toEqual({ company_id: 123, password: CREDS.companyPassword, property: { rent_amount: '2200', unit_type: 'basement suite', renewal_frequency: 'fixed term, renewing month-to-month' } });
  });

  it('turns a 422 into BAD_USER_INPUT carrying the vendor field messages', async () => {
    const invalid = { ...newProperty, unit_type: 'studio' } as unknown as LeaseyPropertyInput;
    const error = await client.createProperty(invalid).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', vendor: 'LEASEY', status: 422 });
    const details = (error as VendorError).details;
    expect(details.some((d) => d.includes('unit_type') && d.includes('studio'))).toBe(true);
    expect(details.join(' ')).not.toContain(CREDS.companyPassword);
  });

  it('answers NOT_FOUND for an update of an unknown property', async () => {
    await expect(client.updateProperty('00000000-0000-4000-8000-000000000000', { rent_amount: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('refuses an update without a property id before calling', async () => {
    await expect(client.updateProperty(' ', { rent_amount: 1 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(sim.server.stats().total).toBe(0);
  });
});
