import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import { deeprentOpenApi } from '../../../src/simulators/deeprent/openapi.js';
import { startDeeprentSimulator, type RunningDeeprentSimulator } from '../../../src/simulators/deeprent/server.js';
import { createWorld } from '../../../src/simulators/world/index.js';
import { openApiErrors, responseChecker } from '../../utils/openapi-check.js';

const session = { authorization: `Bearer ${SIM_CREDENTIALS.deeprent.sessionToken}` };
const apiKey = { 'x-api-key': SIM_CREDENTIALS.deeprent.apiKey };
let sim: RunningDeeprentSimulator;
let check: Awaited<ReturnType<typeof responseChecker>>;

beforeAll(async () => {
  sim = await startDeeprentSimulator({ world: createWorld({ seed: 21, rentrollUnits: 120 }), pdfGenerationMillis: 1, webhookUrl: 'http://127.0.0.1:9/unused' });
  check = await responseChecker(deeprentOpenApi);
});
afterAll(async () => {
  await sim.close();
});

async function get(path: string, headers: Record<string, string>) {
  const response = await fetch(`${sim.server.origin}${path}`, { headers });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('deep.rent OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document, served at /openapi.json', async () => {
    expect(await openApiErrors(deeprentOpenApi)).toEqual([]);
    expect((await get('/openapi.json', {})).body).toEqual(JSON.parse(JSON.stringify(deeprentOpenApi)));
  });

  it('describes real list responses: protocols (with deleted rows), API keys, webhooks, events', async () => {
    const cases: [string, string, Record<string, string>][] = [
      ['/external/protocols', '/external/protocols?limit=200&includeDeleted=true', apiKey],
      ['/api/api-keys', '/api/api-keys', session],
      ['/api/webhooks', '/api/webhooks', session],
      ['/api/webhooks/events', '/api/webhooks/events', session],
    ];
    for (const [path, url, headers] of cases) {
      const { status, body } = await get(url, headers);
      expect(status, url).toBe(200);
      expect(check(path, 'get', 200, body), url).toEqual([]);
    }
  });

  it('describes the PDF answer and the error bodies', async () => {
    const { body: listed } = await get('/external/protocols?limit=1', apiKey);
    const id = (listed as { protocols: { id: string }[] }).protocols[0]!.id;
    const pdf = await get(`/external/protocols/${id}/pdf`, apiKey);
    expect(check('/external/protocols/{id}/pdf', 'get', 200, pdf.body)).toEqual([]);
    expect(check('/external/protocols/{id}/pdf', 'get', 404, (await get('/external/protocols/Unknown-Id/pdf', apiKey)).body)).toEqual([]);
    expect(check('/external/protocols', 'get', 401, (await get('/external/protocols', {})).body)).toEqual([]);
    expect(check('/api/api-keys', 'get', 401, (await get('/api/api-keys', {})).body)).toEqual([]);
  });

  it('catches a response that does not match', () => {
    expect(check('/external/protocols', 'get', 200, { success: true, protocols: 'none' })).not.toEqual([]);
  });
});
