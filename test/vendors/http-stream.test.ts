import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VendorError } from '../../src/errors.js';
import { createVendorHttp, type VendorHttp, type VendorHttpOptions } from '../../src/vendors/http/index.js';

/** One record of about 500 bytes, as a vendor's list would hold it. */
function element(i: number): string {
  return JSON.stringify({ ID: i, streetAddress: `${i} Long Street`, notes: 'x'.repeat(440), city: 'Springfield' });
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

let server: Server;
let handler: Handler;
let requests = 0;
const clients: VendorHttp[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    requests++;
    void handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  requests = 0;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function client(overrides: Partial<VendorHttpOptions> = {}): VendorHttp {
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const http = createVendorHttp({ vendor: 'RENTROLL', baseUrl: origin, secrets: [], logger: pino({ level: 'silent' }), retryBaseDelayMillis: 5, ...overrides });
  clients.push(http);
  return http;
}

/** Writes `count` elements as one JSON array, honouring back-pressure, so the body is streamed as a vendor would. */
async function writeArray(response: ServerResponse, count: number, options: { from?: number; breakAfter?: number } = {}): Promise<void> {
  response.writeHead(200, { 'content-type': 'application/json' });
  const write = (text: string) => new Promise<void>((resolve) => (response.write(text) ? resolve() : response.once('drain', resolve)));
  await write('[');
  let chunk = '';
  for (let i = 0; i < count; i++) {
    if (options.breakAfter !== undefined && i === options.breakAfter) {
      await write(chunk);
      response.destroy();
      return;
    }
    chunk += (i === 0 ? '' : ',') + element((options.from ?? 0) + i);
    if (chunk.length > 64 * 1024) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(`${chunk}]`);
  response.end();
}

describe('a streamed read of one JSON array', () => {
  it('reads a 50 MB list through a 1 MB response cap in batches, holding no more than a batch', async () => {
    const count = 110_000;
    handler = (_request, response) => writeArray(response, count);
    const http = client({ maxResponseBytes: 1024 * 1024 });
    let received = 0;
    let largestBatch = 0;
    let ordered = true;
    let peakHeapGrowth = 0;
    const heapBefore = process.memoryUsage().heapUsed;
    const result = await http.getArray('/units', {
      batchSize: 500,
      onBatch: async (elements) => {
        for (const [i, value] of elements.entries()) if ((value as { ID: number }).ID !== received + i) ordered = false;
        received += elements.length;
        largestBatch = Math.max(largestBatch, elements.length);
        peakHeapGrowth = Math.max(peakHeapGrowth, process.memoryUsage().heapUsed - heapBefore);
      },
    });
    expect(result.elements).toBe(count);
    expect(result.bytes).toBeGreaterThan(50 * 1024 * 1024);
    expect(received).toBe(count);
    expect(ordered).toBe(true);
    expect(largestBatch).toBeLessThanOrEqual(500);
    // The list parsed whole would hold well over 100 MB of strings and objects; loosely, far less is live at once.
    expect(peakHeapGrowth).toBeLessThan(80 * 1024 * 1024);
  }, 60_000);

  it('retries a 503 before the first batch, then reads the list', async () => {
    let calls = 0;
    handler = (_request, response) => {
      calls++;
      if (calls === 1) {
        response.writeHead(503).end('busy');
        return;
      }
      return writeArray(response, 1200);
    };
    const seen: number[] = [];
    const result = await client().getArray('/units', { batchSize: 500, onBatch: async (elements) => void seen.push(elements.length) });
    expect(result.elements).toBe(1200);
    expect(seen).toEqual([500, 500, 200]);
    expect(requests).toBe(2);
  });

  it('does not retry once a batch was handed over: a body that breaks off fails the read', async () => {
    handler = (_request, response) => writeArray(response, 5_000, { breakAfter: 3_000 });
    let received = 0;
    const failure = await client().getArray('/units', { batchSize: 500, onBatch: async (elements) => void (received += elements.length) }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(VendorError);
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(5_000);
    expect(requests).toBe(1);
  });

  it('refuses an element over the cap per element as a bad response', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`[${element(1)},{"huge":"${'y'.repeat(200_000)}"}]`);
    };
    const failure = await client().getArray('/units', { maxElementBytes: 50_000, onBatch: async () => {} }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'VENDOR_BAD_RESPONSE' });
    expect((failure as Error).message).toMatch(/element over 50000 bytes/);
  });

  it('refuses a body that is not a JSON array', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"units":[]}');
    };
    const failure = await client({ maxRetries: 0 }).getArray('/units', { onBatch: async () => {} }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'VENDOR_BAD_RESPONSE' });
    expect((failure as Error).message).toMatch(/expected a JSON array/);
  });

  it('times out a body that goes silent', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(`[${element(1)},`);
    };
    const failure = await client({ maxRetries: 0 }).getArray('/units', { timeoutMillis: 300, onBatch: async () => {} }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'VENDOR_TIMEOUT' });
    expect((failure as Error).message).toMatch(/stalled: nothing for 300 ms/);
  });
});
