import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import { startSturentsSimulator } from '../../../src/simulators/sturents/server.js';
import { createWorld } from '../../../src/simulators/world/index.js';
import type { RunningSimulator } from '../../../src/simulators/types.js';

type Body = { branches: { properties: { reference: string }[] }[]; pagination?: { next?: string } };

const { landlordId, publicKey } = SIM_CREDENTIALS.sturents;
const auth = `landlord=${landlordId}&public=${publicKey}&version=1.3`;
let sim: RunningSimulator;
let houses = 0;
let startMillis = 0;

beforeAll(async () => {
  const world = createWorld({ rentrollUnits: 100_000 });
  houses = world.units.filter((u) => u.ids.sturents !== undefined).length;
  const started = performance.now();
  sim = await startSturentsSimulator({ world, identicalRequestWindowMillis: 0 });
  startMillis = performance.now() - started;
}, 60_000);
afterAll(async () => {
  await sim.close();
});

describe('StuRents with a world of 100,000 rent-roll units', () => {
  it('starts quickly and pages through every house, each page fast', async () => {
    expect(startMillis).toBeLessThan(5_000);
    const seen = new Set<string>();
    let slowest = 0;
    for (let page = 1; ; page++) {
      const started = performance.now();
      const response = await fetch(`${sim.server.origin}/api/houses?${auth}&page=${page}`);
      const body = (await response.json()) as Body;
      slowest = Math.max(slowest, performance.now() - started);
      for (const p of body.branches[0]!.properties) seen.add(p.reference);
      if (body.pagination?.next === undefined) break;
    }
    expect(seen.size).toBe(houses);
    expect(slowest).toBeLessThan(500);
    const reference = [...seen][houses - 1]!;
    const started = performance.now();
    expect((await fetch(`${sim.server.origin}/api/houses/${reference}?${auth}`)).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
