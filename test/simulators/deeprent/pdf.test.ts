import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import { startDeeprentSimulator, type RunningDeeprentSimulator } from '../../../src/simulators/deeprent/server.js';
import { createWorld } from '../../../src/simulators/world/index.js';

type PdfBody = { success: boolean; protocolId: string; orgId: string; fileName: string; url: string; expiresIn: number; expiresAt: string; generated: boolean; error?: string };

const GENERATION_MILLIS = 400;
const TTL_SECONDS = 1;
const key = SIM_CREDENTIALS.deeprent.apiKey;
let sim: RunningDeeprentSimulator;
let protocolIds: string[];

beforeAll(async () => {
  sim = await startDeeprentSimulator({ world: createWorld({ seed: 5, rentrollUnits: 150 }), pdfGenerationMillis: GENERATION_MILLIS, presignTtlSeconds: TTL_SECONDS });
  const response = await fetch(`${sim.server.origin}/external/protocols?limit=5`, { headers: { 'x-api-key': key } });
  protocolIds = ((await response.json()) as { protocols: { id: string }[] }).protocols.map((p) => p.id);
});
afterAll(async () => {
  await sim.close();
});

async function pdf(id: string, headers: Record<string, string> = { 'x-api-key': key }) {
  const started = performance.now();
  const response = await fetch(`${sim.server.origin}/external/protocols/${encodeURIComponent(id)}/pdf`, { headers });
  return { status: response.status, body: (await response.json()) as PdfBody, millis: performance.now() - started };
}

describe('deep.rent GET /external/protocols/:id/pdf', () => {
  it('is slow the first time (generated: true) and fast afterwards (generated: false)', async () => {
    const id = protocolIds[0]!;
    const first = await pdf(id);
    expect(first.status).toBe(200);
    expect(first.millis).toBeGreaterThanOrEqual(GENERATION_MILLIS - 20);
    expect(first.body).toMatchObject({ success: true, protocolId: id, orgId: SIM_CREDENTIALS.deeprent.orgId, fileName: `protocol-${id}.pdf`, expiresIn: TTL_SECONDS, generated: true });
    const second = await pdf(id);
    expect(second.millis).toBeLessThan(GENERATION_MILLIS / 2);
    expect(second.body.generated).toBe(false);
    expect(second.body.url).not.toBe(first.body.url);
    expect(Math.abs(Date.parse(second.body.expiresAt) - Date.now() - TTL_SECONDS * 1000)).toBeLessThan(500);
  });

  it('gives a URL on the same host that downloads a PDF without the API key, then refuses it after expiresAt', async () => {
    const { body } = await pdf(protocolIds[1]!);
    expect(new URL(body.url).origin).toBe(sim.server.origin);
    const download = await fetch(body.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain(protocolIds[1]!);
    expect(bytes.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, Date.parse(body.expiresAt) - Date.now() + 100));
    const late = await fetch(body.url);
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('Request has expired');
  });

  it('refuses a presigned path it never issued', async () => {
    expect((await fetch(`${sim.server.origin}/__files/not-a-token`)).status).toBe(403);
  });

  it('answers 401 without an API key', async () => {
    const { status, body } = await pdf(protocolIds[0]!, {});
    expect(status).toBe(401);
    expect(body).toEqual({ success: false, error: 'Missing or invalid API key' });
  });

  it('answers 400 for an id shorter than 6 characters or with other characters', async () => {
    for (const id of ['abc12', 'Jwlo.Qe8a', 'Jwlo Qe8a-3dSn']) {
      const { status, body } = await pdf(id);
      expect(status, id).toBe(400);
      expect(body.error).toMatch(/^Invalid protocol id/);
    }
  });

  it('answers 404 for a well-formed id it does not know', async () => {
    const { status, body } = await pdf('Zzzz-Zzzz-Zzzz-ZZ-z');
    expect(status).toBe(404);
    expect(body).toEqual({ success: false, error: 'Protocol not found' });
  });
});
