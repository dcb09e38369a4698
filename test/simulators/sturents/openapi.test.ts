import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import { sturentsOpenApi } from '../../../src/simulators/sturents/openapi.js';
import { startSturentsSimulator } from '../../../src/simulators/sturents/server.js';
import { createWorld } from '../../../src/simulators/world/index.js';
import type { RunningSimulator } from '../../../src/simulators/types.js';
import { openApiErrors, responseChecker } from '../../utils/openapi-check.js';

const { landlordId, publicKey } = SIM_CREDENTIALS.sturents;
const auth = `landlord=${landlordId}&public=${publicKey}&version=1.3`;
const world = createWorld({ seed: 23, rentrollUnits: 600 });
let sim: RunningSimulator;
let check: Awaited<ReturnType<typeof responseChecker>>;

beforeAll(async () => {
  sim = await startSturentsSimulator({ world, identicalRequestWindowMillis: 0 });
  check = await responseChecker(sturentsOpenApi);
});
afterAll(async () => {
  await sim.close();
});

async function get(pathAndQuery: string) {
  const response = await fetch(`${sim.server.origin}${pathAndQuery}`);
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('StuRents OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document, served at /openapi.json', async () => {
    expect(await openApiErrors(sturentsOpenApi)).toEqual([]);
    expect((await get('/openapi.json')).body).toEqual(JSON.parse(JSON.stringify(sturentsOpenApi)));
  });

  it('describes every page of every list operation and the single-house answer', async () => {
    const reference = world.units.find((u) => u.ids.sturents !== undefined)!.ids.sturents!;
    const lists: [string, string][] = [
      ['/api/houses', '/api/houses'],
      ['/api/houses/added-since/{date}', '/api/houses/added-since/2020-01-01'],
      ['/api/houses/added-since/{date}/{time}', '/api/houses/added-since/2020-01-01/12:30'],
    ];
    for (const [path, url] of lists) {
      for (let page = 1; ; page++) {
        const { status, body } = await get(`${url}?${auth}&page=${page}`);
        expect(status, url).toBe(200);
        expect(check(path, 'get', 200, body), `${url} page ${page}`).toEqual([]);
        if ((body as { pagination?: { next?: string } }).pagination?.next === undefined) break;
      }
    }
    expect(check('/api/houses/{reference}', 'get', 200, (await get(`/api/houses/${reference}?${auth}`)).body)).toEqual([]);
  });

  it('describes the error bodies', async () => {
    expect(check('/api/houses', 'get', 401, (await get('/api/houses')).body)).toEqual([]);
    expect(check('/api/houses/{reference}', 'get', 404, (await get(`/api/houses/none?${auth}`)).body)).toEqual([]);
    expect(check('/api/houses/added-since/{date}', 'get', 400, (await get(`/api/houses/added-since/2020-02-31?${auth}`)).body)).toEqual([]);
  });

  it('catches a property whose counts are numbers', async () => {
    const { body } = await get(`/api/houses?${auth}`);
    const broken = structuredClone(body) as { branches: { properties: { beds_total: unknown }[] }[] };
    broken.branches[0]!.properties[0]!.beds_total = 3;
    expect(check('/api/houses', 'get', 200, broken)).not.toEqual([]);
  });
});
