import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import { startSturentsSimulator } from '../../../src/simulators/sturents/server.js';
import { createWorld } from '../../../src/simulators/world/index.js';
import type { RunningSimulator } from '../../../src/simulators/types.js';

const { landlordId, publicKey } = SIM_CREDENTIALS.sturents;
const auth = `landlord=${landlordId}&public=${publicKey}&version=1.3`;
const world = createWorld({ seed: 17, rentrollUnits: 200 });
let standard: RunningSimulator;
let short: RunningSimulator;

beforeAll(async () => {
  standard = await startSturentsSimulator({ world });
  short = await startSturentsSimulator({ world, identicalRequestWindowMillis: 500 });
});
afterAll(async () => {
  await Promise.all([standard.close(), short.close()]);
});

const get = async (sim: RunningSimulator, pathAndQuery: string) => {
  const response = await fetch(`${sim.server.origin}${pathAndQuery}`);
  return { status: response.status, body: (await response.json()) as unknown };
};

describe('StuRents identical-request limit', () => {
  it('answers 429 {"error":"Too many identical requests"} to the same request within 10 seconds', async () => {
    expect((await get(standard, `/api/houses?${auth}`)).status).toBe(200);
    expect(await get(standard, `/api/houses?${auth}`)).toEqual({ status: 429, body: { error: 'Too many identical requests' } });
  });

  it('lets a request through when any query value or the path differs', async () => {
    expect((await get(standard, `/api/houses?${auth}&page=1`)).status).toBe(200);
    expect((await get(standard, `/api/houses?${auth}&page=2`)).status).toBe(200);
    expect((await get(standard, `/api/houses/added-since/2020-01-01?${auth}`)).status).toBe(200);
  });

  it('counts every asking, so hammering keeps getting 429 until the window passes quietly', async () => {
    const path = `/api/houses?${auth}`;
    expect((await get(short, path)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await get(short, path)).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await get(short, path)).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await get(short, path)).status).toBe(200);
  });
});
