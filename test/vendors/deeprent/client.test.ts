import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import { startDeeprentSimulator } from '../../../src/simulators/deeprent/server.js';
import type { RunningSimulator } from '../../../src/simulators/types.js';
import { createWorld } from '../../../src/simulators/world/index.js';
import { createDeeprentClient, type DeeprentClientOptions } from '../../../src/vendors/deeprent/client.js';
import { createVendorHttp, type VendorHttp, type VendorHttpOptions } from '../../../src/vendors/http/index.js';

const API_KEY = SIM_CREDENTIALS.deeprent.apiKey;
const GENERATION_MILLIS = 300;
let sim: RunningSimulator;
const https: VendorHttp[] = [];

interface Served {
  id: string;
  object: { id: string } | null;
  protocol: { createdAt: string };
  meta: { deletedAt: string | null };
}
let live: Served[];
let all: Served[];

beforeAll(async () => {
  sim = await startDeeprentSimulator({ world: createWorld({ rentrollUnits: 60 }), pdfGenerationMillis: GENERATION_MILLIS });
  live = await served(false);
  all = await served(true);
});
afterAll(async () => {
  await Promise.all(https.map((h) => h.close()));
  await sim.close();
});
beforeEach(() => sim.server.resetStats());

/** Every protocol the simulator serves, read directly page by page. */
async function served(includeDeleted: boolean, origin = sim.server.origin): Promise<Served[]> {
  const rows: Served[] = [];
  let cursor = '';
  for (;;) {
    const response = await fetch(`${origin}/external/protocols?limit=200${includeDeleted ? '&includeDeleted=true' : ''}${cursor}`, { headers: { 'x-api-key': API_KEY } });
    const page = (await response.json()) as { protocols: Served[]; hasMore: boolean; nextCursor: { cursorTs: string; cursorId: string } | null };
    rows.push(...page.protocols);
    if (!page.hasMore) return rows;
    cursor = `&cursorTs=${encodeURIComponent(page.nextCursor!.cursorTs)}&cursorId=${encodeURIComponent(page.nextCursor!.cursorId)}`;
  }
}

function newClient(options: Partial<DeeprentClientOptions> = {}, httpOptions: Partial<VendorHttpOptions> = {}, target = sim) {
  const http = createVendorHttp({ vendor: 'DEEPRENT', baseUrl: target.env['DEEPRENT_BASE_URL']!, secrets: [API_KEY], logger: pino({ level: 'silent' }), retryBaseDelayMillis: 5, ...httpOptions });
  https.push(http);
  return createDeeprentClient(http, { apiKey: target.env['DEEPRENT_API_KEY']!, ...options });
}

describe('deep.rent protocol lists', () => {
  it('walks the cursor until hasMore is false and returns every live protocol once', async () => {
    expect(live.length).toBeGreaterThan(20);
    const protocols = await newClient().protocols({ limit: 7 });
    const ids = protocols.map((p) => p.protocol.externalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(live.map((p) => p.id));
    expect(sim.server.stats().total).toBe(Math.ceil(live.length / 7));
    expect(protocols.every((p) => p.protocol.deletedAt === null)).toBe(true);
    expect(protocols[0]!.object).toMatchObject({ vendor: 'DEEPRENT', externalId: live[0]!.object!.id });
  });

  it('includes soft-deleted protocols when asked, with deletedAt set', async () => {
    expect(all.length).toBeGreaterThan(live.length);
    const protocols = await newClient().protocols({ includeDeleted: true, limit: 50 });
    expect(protocols.map((p) => p.protocol.externalId)).toEqual(all.map((p) => p.id));
    expect(protocols.filter((p) => p.protocol.deletedAt !== null)).toHaveLength(all.length - live.length);
    expect(sim.server.requests().every((r) => r.url.includes('includeDeleted=true'))).toBe(true);
  });

  it('sends the key in x-api-key only', async () => {
    await newClient().protocols({ limit: 20 });
    for (const request of sim.server.requests()) {
      expect(request.headers['x-api-key']).toBe(API_KEY);
      expect(request.headers['authorization']).toBeUndefined();
      expect(request.url).not.toContain(API_KEY);
    }
  });

  it('reads only what is new since a watermark, stopping at the first older row', async () => {
    const watermark = live[9]!.protocol.createdAt;
    const expected = live.filter((p) => Date.parse(p.protocol.createdAt) >= Date.parse(watermark)).map((p) => p.id);
    const result = await newClient().protocolsSince(watermark, { limit: 4 });
    expect(result.protocols.map((p) => p.protocol.externalId)).toEqual(expected);
    expect(result.watermark).toBe(new Date(live[0]!.protocol.createdAt).toISOString());
    expect(sim.server.stats().total).toBe(Math.ceil((expected.length + 1) / 4));
  });

  it('keeps the watermark when nothing is newer', async () => {
    const result = await newClient().protocolsSince('2999-01-01T00:00:00Z');
    expect(result).toEqual({ protocols: [], watermark: '2999-01-01T00:00:00.000Z' });
  });

  it.each([['not a date'], ['']])('refuses the watermark %j before calling', async (watermark) => {
    await expect(newClient().protocolsSince(watermark)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', vendor: 'DEEPRENT' });
    expect(sim.server.stats().total).toBe(0);
  });

  it('fails clearly when the walk passes maxPages', async () => {
    await expect(newClient({ maxPages: 2 }).protocols({ limit: 3 })).rejects.toMatchObject({ code: 'VENDOR_BAD_RESPONSE', message: expect.stringMatching(/after 2 pages/) });
  });
});

describe('deep.rent protocol PDFs', () => {
  it('waits for a first PDF beyond the usual time limit, and the link downloads without the key', async () => {
    // Other calls would give up after 100 ms; the PDF call has its own 60 s.
    const client = newClient({}, { headersTimeoutMillis: 100, bodyTimeoutMillis: 100 });
    const id = live[0]!.id;
    const pdf = await client.protocolPdf(id);
    expect(pdf).toMatchObject({ fileName: `protocol-${id}.pdf` });
    expect(Date.parse(pdf.expiresAt)).toBeGreaterThan(Date.now());
    const download = await fetch(pdf.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('application/pdf');
  });

  it('hands out a kept link again while it is valid well beyond the margin', async () => {
    const client = newClient();
    const first = await client.protocolPdf(live[1]!.id);
    const second = await client.protocolPdf(live[1]!.id);
    expect(second).toEqual(first);
    expect(sim.server.stats().total).toBe(1);
  });

  it('asks for a fresh link once the kept one would expire within the margin', async () => {
    // One movable clock for deep.rent and the client: the vendor's links expire when the client expects.
    let now = Date.now();
    const vendor = await startDeeprentSimulator({ world: createWorld({ rentrollUnits: 60 }), pdfGenerationMillis: 1, now: () => new Date(now) });
    try {
      const client = newClient({ now: () => now, pdfUrlMarginMillis: 60_000 }, {}, vendor);
      const [protocol] = await served(false, vendor.server.origin);
      const pdfCalls = () => vendor.server.stats().byRoute['GET /external/protocols/:id/pdf'];
      const first = await client.protocolPdf(protocol!.id);
      now += 900_000 - 61_000;
      expect(await client.protocolPdf(protocol!.id)).toEqual(first);
      expect(pdfCalls()).toBe(1);
      now += 2_000;
      const second = await client.protocolPdf(protocol!.id);
      expect(pdfCalls()).toBe(2);
      now += 60_000;
      expect((await fetch(first.url)).status).toBe(403);
      expect((await fetch(second.url)).status).toBe(200);
    } finally {
      await vendor.close();
    }
  });

  it('applies pdfTimeoutMillis to the PDF call', async () => {
    const client = newClient({ pdfTimeoutMillis: 50 }, { maxRetries: 0 });
    await expect(client.protocolPdf(live[3]!.id)).rejects.toMatchObject({ code: 'VENDOR_TIMEOUT' });
  });

  it.each([['abc'], ['has space'], ['semi;colon'], ['']])('refuses the protocol id %j before calling', async (id) => {
    await expect(newClient().protocolPdf(id)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', vendor: 'DEEPRENT' });
    expect(sim.server.stats().total).toBe(0);
  });

  it('answers NOT_FOUND for a well-formed id deep.rent does not know', async () => {
    await expect(newClient().protocolPdf('no-such-protocol')).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});

describe('deep.rent expired PDF links', () => {
  let shortLived: RunningSimulator;
  beforeAll(async () => {
    shortLived = await startDeeprentSimulator({ world: createWorld({ rentrollUnits: 20 }), pdfGenerationMillis: 1, presignTtlSeconds: 1 });
  });
  afterAll(async () => shortLived.close());

  it('never keeps a link that would not outlive the margin, and a new call after expiry gives a working link', async () => {
    const client = newClient({}, {}, shortLived);
    const [protocol] = await served(false, shortLived.server.origin);
    const first = await client.protocolPdf(protocol!.id);
    await sleep(1_300);
    expect((await fetch(first.url)).status).toBeGreaterThanOrEqual(400);
    const second = await client.protocolPdf(protocol!.id);
    expect(second.url).not.toBe(first.url);
    expect((await fetch(second.url)).status).toBe(200);
    expect(shortLived.server.stats().byRoute).toMatchObject({ 'GET /external/protocols/:id/pdf': 2 });
  });
});
