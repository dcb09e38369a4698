import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaseyOpenApi } from '../../../src/simulators/leasey/openapi.js';
import { MINIMAL_PROPERTY, READ_HEADERS, startHarness, type LeaseyHarness } from './harness.js';
import { openApiErrors, responseChecker } from '../../utils/openapi-check.js';

let h: LeaseyHarness;
let check: Awaited<ReturnType<typeof responseChecker>>;
beforeAll(async () => {
  h = await startHarness();
  check = await responseChecker(leaseyOpenApi);
});
afterAll(async () => {
  await h.sim.close();
});

describe('Leasey OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document, served at /openapi.json', async () => {
    expect(await openApiErrors(leaseyOpenApi)).toEqual([]);
    expect((await h.get('/openapi.json', {})).body).toEqual(JSON.parse(JSON.stringify(leaseyOpenApi)));
  });

  it('describes the real answers of every list operation', async () => {
    const cases: [string, string][] = [
      ['/reports/showings', '/reports/showings?company_id=123&start_date=2000-01-01T00:00:00'],
      ['/reports/leads', '/reports/leads?company_id=123&start_date=2000-01-01T00:00:00'],
      ['/reports/properties', '/reports/properties?company_id=123'],
      ['/properties/leads', '/properties/leads?company_id=123&limit=500'],
    ];
    for (const [path, url] of cases) {
      const { status, body } = await h.get(url);
      expect(status, url).toBe(200);
      expect((body as unknown[]).length, url).toBeGreaterThan(0);
      expect(check(path, 'get', 200, body), url).toEqual([]);
    }
  });

  it('describes the write answers and the error bodies', async () => {
    const created = await h.send<{ property_id: string }>('POST', '/properties', h.write({
      ...MINIMAL_PROPERTY, building_name: 'Spec Court', building_amenities: [{ id: 2, value: 1 }], team_members: [{ team_member_id: 41 }],
    }));
    expect(check('/properties', 'post', 201, created.body)).toEqual([]);
    const updated = await h.send('PUT', `/properties/${created.body.property_id}`, h.write({ rent_amount: 5 }));
    expect(check('/properties/{property_id}', 'put', 200, updated.body)).toEqual([]);
    const invalid = await h.send('POST', '/properties', h.write({ ...MINIMAL_PROPERTY, unit_type: 'loft' }));
    expect(check('/properties', 'post', 422, invalid.body)).toEqual([]);
    const missing = await h.send('PUT', '/properties/00000000-0000-4000-a000-000000000000', h.write({}));
    expect(check('/properties/{property_id}', 'put', 404, missing.body)).toEqual([]);
    const truncated = await h.get('/reports/leads?company_id=123', { ...READ_HEADERS, authorization: 'Bearer short' });
    expect(check('/reports/leads', 'get', 401, truncated.body)).toEqual([]);
    expect(check('/reports/leads', 'get', 400, (await h.get('/reports/leads?company_id=abc')).body)).toEqual([]);
    expect(check('/reports/leads', 'get', 405, (await h.send('POST', '/reports/leads', {})).body)).toEqual([]);
  });

  it('catches a response that does not match', () => {
    expect(check('/properties/leads', 'get', 200, [{ Person_ID: '12' }])).not.toEqual([]);
    expect(check('/reports/showings', 'get', 200, { rows: [] })).not.toEqual([]);
  });
});
