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

beforeAll(async () => {
  const world = createWorld({ rentrollUnits: 100_000 });
  houses = world.units.filter((u) => u.ids.sturents !== undefined).length;
  sim = await startSturentsSimulator({ world, identicalRequestWindowMillis: 0 });
}, 60_000);
afterAll(async () => {
  await sim.close();
});

// Speed at this size is measured in bench/simulators-scale.ts; this checks what the pages hold.
describe('StuRents with a world of 100,000 rent-roll units', () => {
  it('pages through every house exactly once, and finds the last one by reference', async () => {
    const seen = new Set<string>();
    let listed = 0;
    for (let page = 1; ; page++) {
      const response = await fetch(`${sim.server.origin}/api/houses?${auth}&page=${page}`);
      const body = (await response.json()) as Body;
      for (const p of body.branches[0]!.properties) seen.add(p.reference);
      listed += body.branches[0]!.properties.length;
      if (body.pagination?.next === undefined) break;
    }
    expect(seen.size).toBe(houses);
    expect(listed).toBe(houses);
    const reference = [...seen][houses - 1]!;
    const house = await fetch(`${sim.server.origin}/api/houses/${reference}?${auth}`);
    expect(house.status).toBe(200);
    expect(JSON.stringify(await house.json())).toContain(reference);
  });
});
