import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVendorCache } from '../../../src/ports/cache.js';
import { withinDeadline } from '../../../src/ports/deadline.js';
import { requestDeadline } from '../../../src/request/deadline.js';
import { VendorError } from '../../../src/errors.js';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import { startSturentsSimulator } from '../../../src/simulators/sturents/server.js';
import type { RunningSimulator } from '../../../src/simulators/types.js';
import { createWorld } from '../../../src/simulators/world/index.js';
import { createVendorHttp, type VendorHttp } from '../../../src/vendors/http/index.js';
import { createSturentsClient, type SturentsClientOptions } from '../../../src/vendors/sturents/client.js';

const CREDS = SIM_CREDENTIALS.sturents;
// Large enough for more than one page of 50.
const world = createWorld({ rentrollUnits: 600 });
const references = world.units.filter((u) => u.ids.sturents !== undefined).map((u) => u.ids.sturents!).sort();
let sim: RunningSimulator;
/** The same world with the vendor's 10 s identical-request window, for the cache tests. */
let limited: RunningSimulator;
let http: VendorHttp;
let limitedHttp: VendorHttp;

beforeAll(async () => {
  // Most tests repeat reads on purpose; this simulator has the identical-request window off.
  sim = await startSturentsSimulator({ world, identicalRequestWindowMillis: 0 });
  limited = await startSturentsSimulator({ world });
  // No retries: a 429 must show, not be waited out.
  const httpOf = (s: RunningSimulator) =>
    createVendorHttp({ vendor: 'STURENTS', baseUrl: s.env['STURENTS_BASE_URL']!, secrets: [CREDS.publicKey], logger: pino({ level: 'silent' }), maxRetries: 0 });
  http = httpOf(sim);
  limitedHttp = httpOf(limited);
});
afterAll(async () => {
  await Promise.all([http.close(), limitedHttp.close()]);
  await Promise.all([sim.close(), limited.close()]);
});
beforeEach(() => {
  sim.server.resetStats();
  limited.server.resetStats();
});

/** A client of the window-free simulator with its own cache. */
function newClient(options: Partial<SturentsClientOptions> = {}) {
  return createSturentsClient(http, { landlordId: sim.env['STURENTS_LANDLORD_ID']!, publicKey: sim.env['STURENTS_PUBLIC_KEY']!, cache: createVendorCache(), ...options });
}

/** One cache for every client of the limited simulator, as the gateway has one. */
const sharedCache = createVendorCache();
function limitedClient(cache = sharedCache) {
  return createSturentsClient(limitedHttp, { landlordId: CREDS.landlordId, publicKey: CREDS.publicKey, cache });
}

describe('StuRents client', () => {
  it('walks pagination.next to the last page and returns every house once', async () => {
    expect(references.length).toBeGreaterThan(100);
    const { houses, watermark } = await limitedClient().houses();
    expect(houses.map((h) => h.reference).sort()).toEqual(references);
    expect(watermark).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(limited.server.stats().total).toBe(Math.ceil(references.length / 50));
    // StuRents states no country: the mapping claims none, and the identity rules read the postcode.
    expect(houses[0]!.unit).toMatchObject({ vendor: 'STURENTS', externalId: houses[0]!.reference, address: { country: null } });
    expect(houses[0]!.listing.rent).toMatchObject({ currency: 'GBP' });
  });

  it('authenticates with landlord, public and version=1.3 in the query, and pages from 2 on', async () => {
    await newClient().houses();
    const queries = sim.server.requests().map((r) => new URL(r.url, 'http://x').searchParams);
    expect(queries.map((q) => q.get('page'))).toEqual([null, ...queries.slice(1).map((_, i) => String(i + 2))]);
    for (const q of queries) expect([q.get('landlord'), q.get('public'), q.get('version')]).toEqual([CREDS.landlordId, CREDS.publicKey, '1.3']);
  });

  it('answers repeated reads from the cache, so the vendor never sees an identical request within 10 s', async () => {
    const first = await limitedClient().houses();
    const second = await limitedClient().houses();
    await limitedClient().house(references[0]!);
    await limitedClient().house(references[0]!);
    expect(second.houses.map((h) => h.reference)).toEqual(first.houses.map((h) => h.reference));
    // Each URL at most once (the walk above may already have filled the cache for the list).
    const urls = limited.server.requests().map((r) => r.url);
    expect(urls.filter((u) => u.startsWith(`/api/houses/${references[0]}?`))).toHaveLength(1);
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('shows why: without the cache, an identical request inside the window is refused with 429', async () => {
    await limitedClient(createVendorCache()).house(references[1]!);
    const error = await limitedClient(createVendorCache()).house(references[1]!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ code: 'VENDOR_RATE_LIMITED', status: 429 });
  });

  it('reads one house by reference, and null for an unknown one (asked once)', async () => {
    const client = newClient();
    const house = await client.house(references[3]!);
    expect(house).toMatchObject({ reference: references[3], unit: { externalId: references[3] }, listing: { published: true } });
    expect(await client.house('NO-SUCH-HOUSE')).toBeNull();
    expect(await client.house('NO-SUCH-HOUSE')).toBeNull();
    expect(sim.server.requests().filter((r) => r.url.startsWith('/api/houses/NO-SUCH-HOUSE'))).toHaveLength(1);
  });

  it('reads houses added since a date and time through added-since', async () => {
    const client = newClient();
    const all = await client.housesAddedSince('2000-01-01 12:30');
    expect(all.houses.map((h) => h.reference).sort()).toEqual(references);
    expect(sim.server.requests()[0]!.url).toMatch(/^\/api\/houses\/added-since\/2000-01-01\/12:30\?/);
    const none = await client.housesAddedSince(new Date(Date.now() + 86_400_000));
    expect(none.houses).toEqual([]);
  });

  it('refuses a since that is not a date before calling', async () => {
    await expect(newClient().housesAddedSince('last week')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', vendor: 'STURENTS' });
    expect(sim.server.stats().total).toBe(0);
  });

  it('fails clearly when the walk passes maxPages', async () => {
    await expect(newClient({ maxPages: 2 }).houses()).rejects.toMatchObject({ code: 'VENDOR_BAD_RESPONSE', message: expect.stringMatching(/after 2 pages/) });
  });

  it('refuses a cache lifetime inside the vendor window', () => {
    expect(() => newClient({ cacheTtlMillis: 10_000 })).toThrow(/at least 15000/);
  });

  it('turns a wrong public key into VENDOR_AUTH_FAILED without leaking the key', async () => {
    const error = await newClient({ publicKey: 'wrong-public-key' }).houses().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VENDOR_AUTH_FAILED', status: 401 });
    expect((error as Error).message).not.toContain('wrong-public-key');
  });
});

describe('StuRents retries, which the vendor refuses as identical requests within its gap', () => {
  const GAP_MILLIS = 1_000;
  let gapped: VendorHttp;
  beforeAll(() => {
    gapped = createVendorHttp({ vendor: 'STURENTS', baseUrl: sim.env['STURENTS_BASE_URL']!, secrets: [CREDS.publicKey], logger: pino({ level: 'silent' }), maxRetries: 1, retryBaseDelayMillis: 5, retryGapMillis: GAP_MILLIS });
  });
  afterAll(async () => {
    await gapped.close();
    sim.server.setFaults({ script: [] });
  });
  const gappedClient = () => createSturentsClient(gapped, { landlordId: sim.env['STURENTS_LANDLORD_ID']!, publicKey: sim.env['STURENTS_PUBLIC_KEY']!, cache: createVendorCache() });

  it('retries a failed read of background work (a sync, a poll) only once the gap has passed since it failed', async () => {
    sim.server.setFaults({ script: [503] });
    const started = performance.now();
    const house = await gappedClient().house(references[2]!);
    expect(house?.reference).toBe(references[2]);
    // The 503 and the retry that found the house.
    expect(sim.server.stats().total).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(GAP_MILLIS);
  });

  it('does not retry a read of a request whose whole budget is shorter than the gap: it fails at once with the vendor\'s error', async () => {
    sim.server.setFaults({ script: [503] });
    const started = performance.now();
    const error = await withinDeadline(requestDeadline(GAP_MILLIS / 2), () => gappedClient().house(references[3]!)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VENDOR_UNAVAILABLE', status: 503 });
    expect(performance.now() - started).toBeLessThan(GAP_MILLIS / 2);
    expect(sim.server.stats().total).toBe(1);
  });
});
