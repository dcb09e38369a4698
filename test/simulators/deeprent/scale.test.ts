import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import { startDeeprentSimulator, type RunningDeeprentSimulator } from '../../../src/simulators/deeprent/server.js';
import { createWorld } from '../../../src/simulators/world/index.js';

type ListBody = { count: number; protocols: { id: string }[]; hasMore: boolean; nextCursor: { cursorTs: string; cursorId: string } | null };

let sim: RunningDeeprentSimulator;

beforeAll(async () => {
  const world = createWorld({ rentrollUnits: 100_000 });
  sim = await startDeeprentSimulator({ world, pdfGenerationMillis: 1 });
}, 60_000);
afterAll(async () => {
  await sim.close();
});

async function get(path: string) {
  const response = await fetch(`${sim.server.origin}${path}`, { headers: { 'x-api-key': SIM_CREDENTIALS.deeprent.apiKey } });
  return { status: response.status, body: (await response.json()) as ListBody };
}

// Speed at this size is measured in bench/simulators-scale.ts; this checks what the pages hold.
describe('deep.rent with a world of 100,000 rent-roll units', () => {
  it('walks 100 cursor pages deep without repeating a protocol, and serves a PDF link', async () => {
    const first = await get('/external/protocols?limit=200');
    expect(first.body.count).toBe(200);
    const seen = new Set(first.body.protocols.map((p) => p.id));
    let cursor = first.body.nextCursor!;
    for (let i = 0; i < 100; i++) {
      const page = await get(`/external/protocols?limit=200&cursorTs=${cursor.cursorTs}&cursorId=${cursor.cursorId}`);
      expect(page.body.count).toBe(200);
      for (const p of page.body.protocols) seen.add(p.id);
      cursor = page.body.nextCursor!;
    }
    expect(seen.size).toBe(101 * 200);
    const pdf = await get(`/external/protocols/${first.body.protocols[0]!.id}/pdf`);
    expect(pdf.status).toBe(200);
    await expect(sim.activityTick!()).resolves.not.toThrow();
  });
});
