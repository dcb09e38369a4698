import { afterEach, describe, expect, it } from 'vitest';
import { verifyVendorLimits } from '../../bench/lib/limits.js';
import { startSimulators, type RunningSimulator } from '../../src/simulators/index.js';
import { startRentengineSimulator } from '../../src/simulators/rentengine/server.js';
import { startSturentsSimulator } from '../../src/simulators/sturents/server.js';
import { createWorld } from '../../src/simulators/world/index.js';

const world = createWorld({ rentrollUnits: 20 });
const envOf = (simulators: readonly RunningSimulator[]) => Object.assign({}, ...simulators.map((sim) => sim.env)) as Record<string, string>;

describe('the bench\'s check of the vendors\' documented limits', () => {
  let running: RunningSimulator[] = [];
  afterEach(async () => {
    await Promise.all(running.map((sim) => sim.close()));
    running = [];
  });

  it('passes on the simulators as `simulate` starts them, having seen both 429s', async () => {
    running = await startSimulators({ vendors: ['rentengine', 'sturents'], world });
    const seen = await verifyVendorLimits(envOf(running));
    expect(seen).toMatch(/RentEngine refused \d+ of 21 requests sent at once \(429, Retry-After \d+ s\)/);
    expect(seen).toContain('StuRents refused an identical request asked again at once (429)');
  });

  it('fails when RentEngine lets 21 requests in 5 s through', async () => {
    running = [await startRentengineSimulator({ world, rateLimit: null }), await startSturentsSimulator({ world })];
    await expect(verifyVendorLimits(envOf(running))).rejects.toThrow(/expected the RentEngine simulator to refuse some of 21 requests .* got 200 for all/);
  });

  it('fails when StuRents answers the same request twice within 10 s', async () => {
    running = [await startRentengineSimulator({ world }), await startSturentsSimulator({ world, identicalRequestWindowMillis: 0 })];
    await expect(verifyVendorLimits(envOf(running))).rejects.toThrow(/expected the StuRents simulator to refuse the same request asked again at once with 429, got 200/);
  });

  it('names the variable it needs when a vendor is missing', async () => {
    running = [await startSturentsSimulator({ world })];
    await expect(verifyVendorLimits(envOf(running))).rejects.toThrow(/expected RENTENGINE_BASE_URL among the simulators' variables/);
  });
});
