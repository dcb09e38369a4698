import { compileErrors, validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rentengineOpenApi } from '../../../src/simulators/rentengine/openapi.js';
import type { RunningRentengineSimulator } from '../../../src/simulators/rentengine/server.js';
import { startTestSimulator, type ApiClient } from './harness.js';

// ajv-formats is CommonJS: under NodeNext the default import is module.exports, which carries the plugin as .default too.
const addFormats = addFormatsModule.default;

let sim: RunningRentengineSimulator;
let api: ApiClient;

beforeAll(async () => {
  ({ sim, api } = await startTestSimulator());
});
afterAll(async () => {
  await sim.close();
});

type Operation = { parameters?: ({ name: string; schema: { type?: string; format?: string; enum?: string[]; items?: { type?: string; format?: string; enum?: string[] } } } | { $ref: string })[] };
const paths = rentengineOpenApi.paths as unknown as Record<string, Record<string, Operation>>;

const DOCUMENTED = [
  'GET /lockboxes', 'POST /lockboxes', 'POST /lockboxes/transfer_accounts', 'POST /lockboxes/generate_code',
  'GET /lockbox_events', 'POST /lockbox_events', 'GET /lockbox_installations', 'GET /units', 'POST /units', 'GET /prospects',
  'GET /multifamily_properties', 'POST /multifamily_properties', 'GET /floorplans', 'POST /floorplans', 'POST /leasing_events',
  'GET /subteams', 'GET /prescreening_templates', 'GET /showings/availability', 'POST /showings/create',
];
const LISTS = ['/lockboxes', '/lockbox_events', '/lockbox_installations', '/units', '/prospects', '/multifamily_properties', '/floorplans', '/subteams', '/prescreening_templates'];

/** A schema validator over the whole document, so $refs into components resolve. */
function responseValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'rentengine', ...structuredClone(rentengineOpenApi) });
  return (path: string, method: string, status: number) => {
    const pointer = `rentengine#/paths/${path.replaceAll('/', '~1')}/${method}/responses/${status}/content/application~1json/schema`;
    return ajv.compile({ $ref: pointer });
  };
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(structuredClone(rentengineOpenApi) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
  });

  it('lists every documented operation and the four webhooks, and is served at /openapi.json', async () => {
    const listed = Object.entries(paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(listed.sort()).toEqual([...DOCUMENTED].sort());
    expect(Object.keys(rentengineOpenApi.webhooks).sort()).toEqual(['LeasingEvents', 'LockboxEvents', 'ProspectsEvents', 'UnitsEvents']);
    const served = await fetch(`${sim.server.origin}/openapi.json`);
    expect(await served.json()).toEqual(JSON.parse(JSON.stringify(rentengineOpenApi)));
  });

  it.each(LISTS)('describes the records GET %s returns', async (path) => {
    const validator = responseValidator()(path, 'get', 200);
    const body = (await api.get(`${path}?limit=100`)).body;
    expect((body as unknown[]).length).toBeGreaterThan(0);
    const ok = validator(body);
    expect(validator.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('describes the availability and unit write responses', async () => {
    const compile = responseValidator();
    const availability = compile('/showings/availability', 'get', 200);
    expect(availability((await api.get('/showings/availability?unitId=3318')).body), JSON.stringify(availability.errors)).toBe(true);
    const unit = compile('/units', 'post', 201);
    const created = await api.post('/units', { address: { street_number: '1', street_name: 'Elm St', city: 'Austin', state: 'TX', zip_code: '78701' }, property_type: 'ADU', bedrooms: 1, bathrooms: 1 });
    expect(unit(created.body), JSON.stringify(unit.errors)).toBe(true);
    const error = compile('/units', 'post', 400);
    expect(error((await api.post('/units', { bedrooms: 'x' })).body), JSON.stringify(error.errors)).toBe(true);
  });

  it('lists only query parameters the server accepts, with values of the documented types', async () => {
    for (const path of LISTS) {
      for (const parameter of paths[path]!['get']!.parameters ?? []) {
        if ('$ref' in parameter) continue;
        const { type, format, enum: values, items } = parameter.schema;
        const sample = format === 'uuid' || items?.format === 'uuid' ? '00000000-0000-4000-a000-000000000000'
          : values?.[0] ?? items?.enum?.[0] ?? (type === 'boolean' ? 'true' : format === 'date-time' ? '2024-01-01T00:00:00Z' : type === 'integer' || items?.type === 'integer' ? '1' : 'x');
        const response = await api.get(`${path}?${parameter.name}=${encodeURIComponent(sample)}`);
        expect(response.status, `${path}?${parameter.name}=${sample}: ${JSON.stringify(response.body)}`).toBe(200);
      }
    }
  });
});
