import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import { startDeeprentSimulator, type RunningDeeprentSimulator } from '../../../src/simulators/deeprent/server.js';
import { createWorld } from '../../../src/simulators/world/index.js';

type ListBody = { count: number; protocols: { id: string }[]; hasMore: boolean; nextCursor: { cursorTs: string; cursorId: string } | null };

let sim: RunningDeeprentSimulator;
let startMillis = 0;

beforeAll(async () => {
  const world = createWorld({ rentrollUnits: 100_000 });
  const started = performance.now();
  sim = await startDeeprentSimulator({ world, pdfGenerationMillis: 1 });
  startMillis = performance.now() - started;
}, 60_000);
afterAll(async () => {
  await sim.close();
});

async function timed(path: string) {
  const started = performance.now();
  const response = await fetch(`${sim.server.origin}${path}`, { headers: { 'x-api-key': SIM_CREDENTIALS.deeprent.apiKey } });
  const body = (await response.json()) as ListBody;
  return { status: response.status, body, millis: performance.now() - started };
}

describe('deep.rent with a world of 100,000 rent-roll units', () => {
  it('starts in a few seconds and answers a full page, a deep cursor page and a PDF quickly', async () => {
    expect(startMillis).toBeLessThan(8_000);
    const first = await timed('/external/protocols?limit=200');
    expect(first.body.count).toBe(200);
    expect(first.millis).toBeLessThan(500);
    // A cursor far down the list costs a binary search, not a scan.
    let cursor = first.body.nextCursor!;
    for (let i = 0; i < 100; i++) {
      const page = await timed(`/external/protocols?limit=200&cursorTs=${cursor.cursorTs}&cursorId=${cursor.cursorId}`);
      expect(page.millis).toBeLessThan(500);
      cursor = page.body.nextCursor!;
    }
    const pdf = await timed(`/external/protocols/${first.body.protocols[0]!.id}/pdf`);
    expect(pdf.status).toBe(200);
    const tick = performance.now();
    await sim.activityTick!();
    expect(performance.now() - tick).toBeLessThan(200);
  });
});
